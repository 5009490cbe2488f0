/**
 * docker-compose.yml as the compose tests read it (no Docker engine runs here): services, their
 * environment with compose's `${VAR:-default}` interpolation, and bind mounts resolved to the repo.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const ROOT = path.resolve(__dirname, '../../..');
export const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
export const compose = YAML.parse(read('docker-compose.yml'));

export interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  restart?: string;
}
export const services: Record<string, Service> = compose.services;

/** `docker compose` interpolation of `${VAR:-default}` / `${VAR}` with an empty environment. */
export const interpolate = (s: string) =>
  s.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name, dflt) => dflt ?? '');
export const env = (svc: string) => services[svc].environment ?? {};
export const mounts = (svc: string) =>
  (services[svc].volumes ?? []).map((v) => {
    const [source, target, mode] = v.split(':');
    return { source, target, mode, bind: /^[./~]/.test(source) };
  });
export const dockerfileOf = (svc: string) => {
  const { build } = services[svc];
  return build && path.resolve(ROOT, build.context, build.dockerfile ?? 'Dockerfile');
};
/** A compose healthcheck, or a HEALTHCHECK in the Dockerfile (stage) compose builds the service from. */
export const hasHealthcheck = (svc: string) => {
  const { healthcheck, build } = services[svc];
  if (healthcheck) return true;
  const dockerfile = dockerfileOf(svc);
  if (!build || !dockerfile || !fs.existsSync(dockerfile)) return false;
  let text = fs.readFileSync(dockerfile, 'utf8');
  // With a target, only that stage's instructions count.
  if (build.target)
    text = text.split(new RegExp(`^FROM .* AS ${build.target}$`, 'm'))[1]?.split(/^FROM /m)[0] ?? '';
  return /^HEALTHCHECK\s+(?!NONE)/m.test(text);
};
export const containerPathOf = (svc: string, hostRel: string) =>
  mounts(svc).find((m) => m.bind && path.normalize(m.source) === path.normalize(hostRel))?.target;
