/**
 * The scenario generator, pure: a scenario and a minute give the sessions that started in it,
 * with their page views, web vitals, HTTP calls, long tasks, resources and errors. Each minute
 * has its own seeded generator (scenario seed × minute), so any stretch of time is generated
 * alone and identically on every run: the harness streams days of traffic minute by minute and
 * the tests look at single minutes.
 */
import { seededRandom, type Random } from '../../collector-processor/src/insights/stats';
import {
  ASSETS,
  COUNTRIES,
  DAILY_ISSUES,
  ENDPOINTS,
  LONG_TASK_SCRIPTS,
  ORIGIN,
  ROUTES,
  stackOf,
  USER_AGENTS,
  type RouteDef,
  type UaProfile,
} from './catalog';
import { isActive, MINUTE, releaseOf, sessionsPerHour, type Scenario } from './scenario';

export interface SimVital {
  name: 'LCP' | 'FCP' | 'TTFB' | 'CLS' | 'INP';
  value: number;
  at: number;
  attribution: Record<string, string>;
}
export interface SimCall {
  method: string;
  url: string;
  server: string;
  status: number;
  start: number;
  durationMs: number;
}
export interface SimPage {
  id: string;
  at: number;
  route: string;
  url: string;
  hard: boolean;
  vitals: SimVital[];
  calls: SimCall[];
  longTasks: Array<{ at: number; durationMs: number; scriptUrl: string }>;
  resources: Array<{ at: number; url: string; type: string; transferSize: number; durationMs: number }>;
  errors: Array<{ at: number; type: string; message: string; stack: string }>;
}
export interface SimSession {
  id: string;
  visitorId: string;
  userId?: string;
  start: number;
  release: string;
  agent: UaProfile;
  country: string;
  pages: SimPage[];
}

/** A 32-bit mix of seed and minute index (splitmix-like), the per-minute generator's seed. */
export function minuteSeed(seed: number, minute: number): number {
  let h = (seed ^ Math.imul(minute, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const hex = (rng: Random, n: number) =>
  Array.from({ length: n }, () => Math.floor(rng.uniform() * 16).toString(16)).join('');

function pick<T extends { weight: number }>(rng: Random, items: readonly T[]): T {
  let u = rng.uniform() * items.reduce((s, i) => s + i.weight, 0);
  for (const item of items) if ((u -= item.weight) < 0) return item;
  return items[items.length - 1]!;
}

/** Log-normal with the given median; σ = 0.45 gives p75/median ≈ 1.35, as field LCPs show. */
const lognormal = (rng: Random, median: number, sigma = 0.45) => median * Math.exp(sigma * rng.normal());

/** Sessions starting in the minute beginning at `minuteStart` (a multiple of 60,000). */
export function generateMinute(s: Scenario, minuteStart: number): SimSession[] {
  if (!isActive(s, minuteStart)) return [];
  const rng = seededRandom(minuteSeed(s.seed, Math.floor((minuteStart - (s.seedEpoch ?? 0)) / MINUTE)));
  const count = rng.poisson(sessionsPerHour(s, minuteStart) / 60);
  return Array.from({ length: count }, () =>
    session(s, rng, minuteStart + Math.floor(rng.uniform() * MINUTE)),
  );
}

function session(s: Scenario, rng: Random, start: number): SimSession {
  const agent = pick(rng, USER_AGENTS);
  const country = pick(rng, COUNTRIES).code;
  const release = releaseOf(s.releases, start, rng.uniform());
  const out: SimSession = {
    id: hex(rng, 32),
    visitorId: hex(rng, 32),
    start,
    release,
    agent,
    country,
    pages: [],
  };
  if (rng.uniform() < 0.3) out.userId = `user-${Math.floor(rng.uniform() * 50_000)}`;
  // 1 + geometric page views (mean 1.8); the first is a hard load, the rest route changes.
  let at = start;
  do {
    out.pages.push(page(s, rng, out, pick(rng, ROUTES), at, out.pages.length === 0));
    at += 15_000 + Math.floor(rng.uniform() * 45_000);
  } while (rng.uniform() < 0.45 && out.pages.length < 6);
  return out;
}

function page(s: Scenario, rng: Random, sess: SimSession, def: RouteDef, at: number, hard: boolean): SimPage {
  const id = String(1000 + Math.floor(rng.uniform() * 9000));
  const f = s.fault && at >= s.fault.at ? s.fault : undefined;
  const p: SimPage = {
    id: hex(rng, 16),
    at,
    route: def.route,
    url: ORIGIN + def.path.replace('{id}', id),
    hard,
    vitals: [],
    calls: [],
    longTasks: [],
    resources: [],
    errors: [],
  };
  const mobile = sess.agent.device === 'mobile' ? 1.5 : 1;
  let image = def.lcpImage;
  let lcpFactor = 1;
  if (f?.type === 'hero_image' && sess.release === f.release && def.route === f.route) {
    image = { url: f.imageUrl, bytes: f.bytes };
    lcpFactor = f.lcpFactor;
  }
  if (hard) {
    const ttfb = lognormal(rng, 350 * mobile, 0.5);
    const fcp = ttfb + lognormal(rng, 700 * mobile, 0.4);
    const lcp = Math.max(fcp, fcp + lognormal(rng, (def.lcpMs - 1050) * mobile * lcpFactor, 0.5));
    const attribution: Record<string, string> = { target: def.lcpTarget };
    if (image) attribution.url = image.url;
    p.vitals.push(
      { name: 'TTFB', value: Math.round(ttfb), at: at + 10, attribution: {} },
      { name: 'FCP', value: Math.round(fcp), at: at + 20, attribution: {} },
      { name: 'LCP', value: Math.round(lcp), at: at + 30, attribution },
      {
        name: 'CLS',
        value: Math.round(lognormal(rng, 0.04, 0.9) * 1000) / 1000,
        at: at + 40,
        attribution: {},
      },
    );
    for (const a of image ? [...ASSETS, { url: image.url, type: 'img', bytes: image.bytes }] : ASSETS)
      p.resources.push({
        at: at + 5,
        url: a.url,
        type: a.type,
        transferSize: Math.round(a.bytes * (0.95 + 0.1 * rng.uniform())),
        durationMs: Math.round(lognormal(rng, 40 + a.bytes / 2000, 0.4)),
      });
  }
  if (rng.uniform() < 0.4) {
    const value = Math.round(lognormal(rng, 90 * mobile, 0.6));
    p.vitals.push({
      name: 'INP',
      value,
      at: at + 5000,
      attribution: { interactionTarget: 'button.add-to-cart', interactionType: 'pointer' },
    });
  }
  for (const key of [...def.calls, 'analytics']) {
    const e = ENDPOINTS[key]!;
    const slow = f?.type === 'slow_endpoint' && f.endpoint === e.template ? f.factor : 1;
    p.calls.push({
      method: e.method,
      url: e.url.replace('{id}', id),
      server: e.server,
      status: rng.uniform() < e.errorRate ? 503 : e.method === 'POST' && key === 'analytics' ? 204 : 200,
      start: at + 200 + Math.floor(rng.uniform() * 800),
      durationMs: Math.round(lognormal(rng, e.latencyMs * slow, 0.5)),
    });
  }
  if (rng.uniform() < 0.25)
    p.longTasks.push({
      at: at + 1500,
      durationMs: Math.round(50 + 60 * -Math.log(1 - rng.uniform())),
      scriptUrl: pick(rng, LONG_TASK_SCRIPTS).url,
    });
  if (f?.type === 'third_party_long_tasks' && sess.country === f.country && rng.uniform() < f.prob)
    p.longTasks.push({
      at: at + 2500,
      durationMs: Math.round(lognormal(rng, f.durationMs, 0.3)),
      scriptUrl: f.script,
    });
  for (const issue of DAILY_ISSUES) if (rng.uniform() < issue.rate) p.errors.push(error(at, issue));
  if (
    f?.type === 'browser_errors' &&
    sess.release === f.release &&
    sess.agent.browser === f.browser &&
    rng.uniform() < f.rate
  )
    p.errors.push(
      error(at, {
        type: 'TypeError',
        message: 'can\'t access property "total", cart is undefined',
        fn: 'cartTotal',
      }),
    );
  if (f?.type === 'deploy_error_spike' && sess.release === f.release && rng.uniform() < f.rate)
    p.errors.push(
      error(at, { type: 'ChunkLoadError', message: 'Loading chunk 812 failed.', fn: 'requireEnsure' }),
    );
  return p;
}

function error(at: number, issue: { type: string; message: string; fn: string }) {
  return { at: at + 3000, type: issue.type, message: issue.message, stack: stackOf(issue) };
}
