/**
 * `seedDemo`: days of a demo shop's traffic through the processor's real ingest path (OTLP/JSON on
 * /v1/traces, as @pulsetrace/web exports), after the project, its releases and deploys, and each
 * release's source maps exist. Idempotent: the traffic of an hour is the same on every run and its
 * requests carry batch ids derived from the hour, so a rerun sends what the processor already has
 * and it stores nothing new (docs/demo.md).
 */
import { joinUrl } from '../api';
import { buildRelease, type BuiltRelease } from './app';
import { DAY, HOUR, type Scenario } from '../../../bench/insights/scenario';
import { encodeDemo, sessionsOfHour, type DemoPlan } from './traffic';
import type { DemoSeedOptions, DemoSeedResult } from './types';

export type { DemoSeedOptions, DemoSeedResult } from './types';

const VERSIONS = ['1.4.0', '1.5.0', '1.6.0'];
/** Sessions per hour at the daily peak at scale 1 (about 14,000 sessions, 78,000 spans a week). */
const PEAK_SESSIONS_PER_HOUR = 150;
const SESSIONS_PER_REQUEST = 60;
const CONCURRENCY = 3;
export const DEMO_ROUTES = ['/', '/products/:id', '/search', '/cart', '/checkout'];

interface Api {
  <T>(method: string, path: string, body?: unknown, form?: FormData): Promise<{ status: number; body: T }>;
}

function apiOf(url: string, token: string): Api {
  return async <T>(method: string, path: string, body?: unknown, form?: FormData) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(joinUrl(url, path), { method, headers, body: form ?? JSON.stringify(body) });
    } catch (err) {
      throw new Error(
        `cannot reach the processor at ${url} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}): start it (npm start) or set --url / PULSETRACE_URL`,
        { cause: err },
      );
    }
    const text = await res.text();
    if (res.status === 401 || res.status === 403)
      throw new Error(
        `${method} ${path}: the admin token was refused (HTTP ${res.status}): pass the processor's PULSETRACE_ADMIN_TOKEN as --admin-token`,
      );
    if (!res.ok && !(method === 'GET' && res.status === 404))
      throw new Error(`${method} ${path} failed with HTTP ${res.status}: ${text.slice(0, 500)}`);
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

interface ProjectView {
  id: string;
  name: string;
  ingestKeys: Array<{ key: string }>;
}

/** The project by id or name, created (named `ref`) when missing. */
async function ensureProject(api: Api, ref: string): Promise<ProjectView> {
  const list = await api<{ projects: ProjectView[] }>('GET', '/api/v1/projects');
  const found = list.body.projects.find((p) => p.id === ref || p.name === ref);
  if (found) return found;
  const created = await api<ProjectView>('POST', '/api/v1/projects', {
    name: ref,
    environment: 'production',
    allowedOrigins: ['https://shop.example'],
  });
  return created.body;
}

/** Each release's deploy (once) and its bundle and map (the processor keeps one copy of a file). */
async function ensureRelease(
  api: Api,
  projectId: string,
  b: BuiltRelease,
  deployedAt: number,
): Promise<void> {
  const base = `/api/v1/projects/${encodeURIComponent(projectId)}/releases/${encodeURIComponent(b.release)}`;
  const deploys = await api<{ deploys?: unknown[] }>('GET', `${base}/deploys`);
  if (deploys.status === 404 || !deploys.body?.deploys?.length)
    await api('POST', `${base}/deploys`, {
      environment: 'production',
      startedAt: new Date(deployedAt - 5 * 60_000).toISOString(),
      finishedAt: new Date(deployedAt).toISOString(),
    });
  const form = new FormData();
  form.append('urlPrefix', '~/assets/');
  form.append('file', new Blob([b.code]), b.fileName);
  form.append('file', new Blob([b.map]), `${b.fileName}.map`);
  await api('POST', `${base}/sourcemaps`, undefined, form);
}

/** POST with back-pressure retries; answers whether the processor accepted it. */
async function postTraces(url: string, key: string, batchId: string, body: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(joinUrl(url, '/v1/traces'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulsetrace-key': key, 'x-pulsetrace-batch': batchId },
      body,
    });
    const text = await res.text();
    if (res.ok) {
      // A record the mapping refused is a bug in the demo: say so rather than seed less.
      const partial = (JSON.parse(text || '{}') as { partialSuccess?: { errorMessage?: string } })
        .partialSuccess;
      if (partial?.errorMessage)
        throw new Error(`the processor refused demo records: ${partial.errorMessage}`);
      return true;
    }
    if ((res.status === 429 || res.status === 503) && attempt < 60) {
      await new Promise((r) => setTimeout(r, 250 * Math.min(attempt + 1, 8)));
      continue;
    }
    if (res.status === 401 || res.status === 403)
      throw new Error(`ingest refused the project's key (HTTP ${res.status}): ${text.slice(0, 300)}`);
    return false;
  }
}

export async function seedDemo(o: DemoSeedOptions): Promise<DemoSeedResult> {
  const days = o.days ?? 7;
  const scale = o.scale ?? 1;
  if (!(days > 0 && days <= 30))
    throw new Error(
      `days must be in (0, 30] (the processor keeps event times up to 30 days old), got ${days}`,
    );
  if (!(scale > 0 && scale <= 20)) throw new Error(`scale must be in (0, 20], got ${scale}`);
  const api = apiOf(o.url, o.adminToken);
  const progress = o.onProgress ?? (() => {});
  // Whole hours only: an hour's traffic and batch ids are then the same whenever the seed runs.
  const to = Math.floor((o.now ?? new Date()).getTime() / HOUR) * HOUR;
  const from = to - Math.round(days * 24) * HOUR;
  const name = o.projectId ?? 'demo-shop';
  const releases = VERSIONS.map((v) => `${name}@${v}`);
  const deployAt = [
    from - DAY,
    from + Math.round(((to - from) * 0.1) / HOUR) * HOUR,
    from + Math.round(((to - from) * 0.5) / HOUR) * HOUR,
  ];
  const [baselineRelease, regressedRelease] = [releases[1]!, releases[2]!];

  progress({ phase: 'setup', done: 0, total: releases.length + 1 });
  const project = await ensureProject(api, name);
  const key = project.ingestKeys?.[0]?.key;
  if (!key)
    throw new Error(`project ${project.id} has no ingest key: rotate one (pulsetrace projects rotate-key)`);
  const builds = new Map<string, BuiltRelease>();
  for (const [i, r] of releases.entries()) {
    const b = await buildRelease(r, r === regressedRelease);
    builds.set(r, b);
    await ensureRelease(api, project.id, b, deployAt[i]!);
    progress({ phase: 'setup', done: i + 2, total: releases.length + 1 });
  }

  const scenario: Scenario = {
    name: 'demo',
    seed: 0xde30,
    from,
    to,
    peakSessionsPerHour: PEAK_SESSIONS_PER_HOUR * scale,
    troughShare: 0.12,
    weekendShare: 0.7,
    releases: releases.map((version, i) => ({ version, at: deployAt[i]! })),
  };
  const plan: DemoPlan = { scenario, builds, regressedRelease };
  const result: DemoSeedResult = {
    projectId: project.id,
    environment: 'production',
    releases,
    baselineRelease,
    regressedRelease,
    routes: DEMO_ROUTES,
    spansSent: 0,
    requests: 0,
    rejected: 0,
  };
  const hours = (to - from) / HOUR;
  const inFlight = new Set<Promise<void>>();
  const tag = `demo-s${Math.round(scale * 1000)}`;
  for (let h = 0; h < hours; h++) {
    const hourStart = from + h * HOUR;
    const sessions = sessionsOfHour(plan, hourStart);
    for (let i = 0; i < sessions.length; i += SESSIONS_PER_REQUEST) {
      const { body, spans } = encodeDemo(plan, sessions.slice(i, i + SESSIONS_PER_REQUEST));
      const batchId = `${tag}-${hourStart / HOUR}-${i / SESSIONS_PER_REQUEST}`;
      const p = postTraces(o.url, key, batchId, body).then((ok) => {
        result.requests++;
        if (ok) result.spansSent += spans;
        else result.rejected++;
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
    }
    progress({ phase: 'traffic', done: h + 1, total: hours });
  }
  await Promise.all(inFlight);
  return result;
}
