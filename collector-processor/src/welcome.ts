/**
 * What `npm start` prints for a person (stderr, apart from the JSON logs on stdout): where to send
 * data, a curl that works when pasted (with the generated admin token; a token the user set is
 * referred to as `$PULSETRACE_ADMIN_TOKEN`, never printed), and what to paste into Grafana.
 */
import type { Config } from './config/config';

export interface WelcomeFacts {
  port: number;
  /** 'embedded' (chDB in the data dir) or a ClickHouse server. */
  storeMode: string;
}

type WelcomeConfig = Pick<
  Config,
  'host' | 'dataDir' | 'adminToken' | 'adminTokenGenerated' | 'readToken' | 'clickhouse'
>;

/** Every interface: reachable as localhost here, and from Docker as host.docker.internal. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

export function welcomeText(config: WelcomeConfig, { port, storeMode }: WelcomeFacts): string {
  const wildcard = WILDCARD_HOSTS.has(config.host);
  const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${port}`;
  const admin = config.adminTokenGenerated ? config.adminToken : '$PULSETRACE_ADMIN_TOKEN';
  // Double quotes around the header so the shell expands $PULSETRACE_ADMIN_TOKEN.
  const bearer = `-H "authorization: Bearer ${admin}"`;
  const json = `-H 'content-type: application/json'`;
  const store =
    storeMode === 'embedded' ? `embedded, data in ${config.dataDir}` : String(config.clickhouse.url);
  const readToken = config.readToken
    ? 'the value of PULSETRACE_READ_TOKEN'
    : `make one with curl -s -X POST ${base}/api/v1/tokens ${bearer} ${json} -d '{"name":"grafana","scope":"read","projects":"*"}'  (paste its "token")`;
  return [
    '',
    `PulseTrace processor is listening on ${base} (ClickHouse: ${store})`,
    `  Send OTLP/HTTP to   ${base}/v1/traces and ${base}/v1/logs  (header x-pulsetrace-key: <project ingest key>)`,
    `  Create a project    curl -s -X POST ${base}/api/v1/projects ${bearer} ${json} -d '{"name":"my-app","allowedOrigins":["http://localhost:3000"]}'`,
    config.adminTokenGenerated
      ? `  Admin token         ${config.adminToken}  (generated for this run; set PULSETRACE_ADMIN_TOKEN to keep one)`
      : '  Admin token         the value of PULSETRACE_ADMIN_TOKEN',
    '  Connect Grafana     add the PulseTrace datasource (pulsetrace-rum-datasource) with',
    `                      URL ${base}${wildcard ? `  (Grafana in Docker: http://host.docker.internal:${port})` : ''}`,
    `                      Read token: ${readToken}`,
    `  Health ${base}/healthz  Readiness ${base}/readyz  Metrics ${base}/metrics  API ${base}/api/openapi.json`,
    '',
  ].join('\n');
}

/** One line for a listen error a person can fix (port taken, no permission), else undefined. */
export function listenProblem(err: unknown, config: Pick<Config, 'host' | 'port'>): string | undefined {
  const code = (err as { code?: string } | undefined)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return `pulsetrace-processor cannot listen on ${where}: the port is in use (another processor still running?). Stop that program, or set PULSETRACE_PORT to a free port.`;
  if (code === 'EACCES')
    return `pulsetrace-processor may not listen on ${where}: ports below 1024 need privileges. Set PULSETRACE_PORT to 1024 or above.`;
  if (code === 'EADDRNOTAVAIL')
    return `pulsetrace-processor cannot listen on ${where}: this machine has no address ${config.host}. Set PULSETRACE_HOST to one of its addresses, or 0.0.0.0 for all.`;
  return undefined;
}
