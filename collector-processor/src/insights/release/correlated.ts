/**
 * Correlated changes of a release, pure. Each change (a resource that grew, a new, slower or
 * failing endpoint, a script newly causing long tasks, an issue first seen in the release) is scored
 *
 *   score = min(1, relative change) × share of the new release's sessions it touches
 *
 * so a change counts by how much it moved (doubling or appearing is the most a change can do) and
 * by how many sessions it can explain. rank.ts ranks them with the contribution analysis's.
 */
import { welchDifference, type Moments } from '../../query/handlers/errors/confidence';
import { compareRates, twoSidedP } from '../stats';
import { entry } from './evidence';
import type { Hypothesis } from '../store/insight';
import type { Sides } from './sql';

/** Endpoints are three kinds: a latency regression can be explained by a new or a slower one, an error rate by a new or a failing one. */
export type ChangeKind =
  'resource' | 'endpoint_new' | 'endpoint_slower' | 'endpoint_failing' | 'script' | 'issue';

export interface CorrelatedChange extends Hypothesis {
  kind: ChangeKind;
  item: string;
  relativeChange: number;
  share: number;
}

export const CORRELATED_DEFAULTS = {
  /** A resource must grow by this much (and its interval exclude no growth). */
  minResourceGrowth: 0.2,
  /** Samples an endpoint needs in each release to be judged slower. */
  minRequests: 20,
  /** p95 slower by at least this much and 50 ms. */
  minEndpointSlowdown: 0.2,
  /** Long-task time per session up by at least this much and 20 ms. */
  minScriptGrowth: 0.5,
  /** Hypotheses kept per card. */
  maxHypotheses: 10,
};

/** min(1, relative change) × share: both in [0, 1]. */
export function changeScore(relativeChange: number, share: number): number {
  return Math.min(1, Math.max(0, relativeChange)) * Math.min(1, Math.max(0, share));
}

export interface SideSessions {
  previous: number;
  release: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const relative = (before: number, after: number) =>
  before > 0 ? (after - before) / before : after > 0 ? Infinity : 0;

/** The rows of one item per side. */
function pairs(rows: readonly Row[], key: (r: Row) => string) {
  const out = new Map<string, { previous?: Row; release?: Row }>();
  for (const r of rows) {
    const k = key(r);
    const e = out.get(k) ?? {};
    if (Number(r.is_current) === 1) e.release = r;
    else e.previous = r;
    out.set(k, e);
  }
  return out;
}

/** The same query over each side: the previous release's window, then the new one's. */
function bothSides(s: Sides, query: Row): Row[] {
  return [
    {
      ...query,
      project: s.project,
      from: s.baseline.from,
      to: s.baseline.to,
      filters: { release: [s.previous] },
    },
    {
      ...query,
      project: s.project,
      from: s.current.from,
      to: s.current.to,
      filters: { release: [s.release] },
    },
  ];
}

function change(
  kind: ChangeKind,
  item: string,
  title: string,
  rel: number,
  share: number,
  evidence: Row,
  queries: Row[],
): CorrelatedChange {
  const score = changeScore(rel, share);
  return { kind, item, title, relativeChange: rel, share, score, evidence: [evidence], queries };
}

/** Resources whose mean transfer size grew (Welch interval above 0) or that are new. */
export function resourceChanges(
  rows: readonly Row[],
  s: Sides,
  sessions: SideSessions,
  o = CORRELATED_DEFAULTS,
) {
  const out: CorrelatedChange[] = [];
  for (const [key, e] of pairs(rows, (r) => `${r.resource_type}\u0000${r.item}`)) {
    if (!e.release) continue;
    const [type, url] = key.split('\u0000') as [string, string];
    const cur: Moments = {
      n: num(e.release.n),
      mean: num(e.release.mean),
      variance: num(e.release.variance),
    };
    const base: Moments | undefined = e.previous
      ? { n: num(e.previous.n), mean: num(e.previous.mean), variance: num(e.previous.variance) }
      : undefined;
    const rel = relative(base?.mean ?? 0, cur.mean);
    const d = base && base.n > 1 && cur.n > 1 ? welchDifference(cur, base) : undefined;
    if (base && (rel < o.minResourceGrowth || !d || d.low <= 0)) continue;
    const share = sessions.release > 0 ? num(e.release.sessions) / sessions.release : 0;
    const kb = (b: number) => `${Math.round(b / 1000)} KB`;
    const title = base
      ? `${type} ${url} grew from ${kb(base.mean)} to ${kb(cur.mean)}`
      : `New ${type} ${url} (${kb(cur.mean)})`;
    const se = base ? Math.sqrt(base.variance / base.n + cur.variance / cur.n) : 0;
    const evidence = entry(
      'resource.transfer_size',
      { resource_type: type, resource_url: url },
      { baseline: base?.mean ?? null, current: cur.mean },
      d && base ? { ...d, pValue: se > 0 ? twoSidedP((cur.mean - base.mean) / se) : 0 } : null,
      { baseline: base?.n ?? 0, current: cur.n },
      { sessions: num(e.release.sessions), of: sessions.release },
    );
    const queries = bothSides(s, { type: 'resources', view: 'top_urls', resourceTypes: [type], limit: 1000 });
    out.push(change('resource', url, title, rel, share, evidence, queries));
  }
  return out;
}

/** Endpoints new in the release, with a slower p95, or failing more often. */
export function endpointChanges(
  rows: readonly Row[],
  s: Sides,
  sessions: SideSessions,
  o = CORRELATED_DEFAULTS,
) {
  const out: CorrelatedChange[] = [];
  const key = (r: Row) => [r.method, r.server_address, r.url_template].map(String).join(' ');
  for (const [endpoint, e] of pairs(rows, key)) {
    const cur = e.release;
    if (!cur || num(cur.n) < o.minRequests) continue;
    const base = e.previous && num(e.previous.n) >= o.minRequests ? e.previous : undefined;
    const share = sessions.release > 0 ? num(cur.sessions) / sessions.release : 0;
    const [method, , template] = [String(cur.method), String(cur.server_address), String(cur.url_template)];
    const queries = bothSides(s, {
      type: 'http',
      view: 'endpoints',
      methods: [method],
      urlTemplates: [template],
    });
    const segment = { endpoint };
    const requests = { baseline: base ? num(base.n) : 0, current: num(cur.n) };
    const reach = { sessions: num(cur.sessions), of: sessions.release };
    const p95 = entry(
      'http.p95',
      segment,
      { baseline: base ? num(base.p95) : null, current: num(cur.p95) },
      null,
      requests,
      reach,
    );
    if (!base) {
      if (e.previous) continue; // seen before, too rarely to judge
      out.push(change('endpoint_new', endpoint, `New endpoint ${endpoint}`, Infinity, share, p95, queries));
      continue;
    }
    const slower = relative(num(base.p95), num(cur.p95));
    const failures = compareRates(num(base.failures), num(base.n), num(cur.failures), num(cur.n));
    const failing = failures.low > 0 && failures.pValue < 0.01;
    const failureRate = entry(
      'http.error_rate',
      segment,
      { baseline: num(base.failures) / num(base.n), current: num(cur.failures) / num(cur.n) },
      failures,
      requests,
      reach,
    );
    const more = relative(num(base.failures) / num(base.n), num(cur.failures) / num(cur.n));
    if (slower >= o.minEndpointSlowdown && num(cur.p95) - num(base.p95) >= 50) {
      const title = `${endpoint} slower: p95 ${Math.round(num(base.p95))} → ${Math.round(num(cur.p95))} ms`;
      out.push(change('endpoint_slower', endpoint, title, slower, share, p95, queries));
    }
    if (failing) {
      const rate = (r: Row) => `${((100 * num(r.failures)) / num(r.n)).toFixed(1)} %`;
      const title = `${endpoint} failing more often: ${rate(base)} → ${rate(cur)} of requests`;
      out.push(change('endpoint_failing', endpoint, title, more, share, failureRate, queries));
    }
  }
  return out;
}

/** Scripts whose long-task time per session of the release grew (or that are new to long tasks). */
export function scriptChanges(
  rows: readonly Row[],
  s: Sides,
  sessions: SideSessions,
  o = CORRELATED_DEFAULTS,
) {
  const out: CorrelatedChange[] = [];
  for (const [script, e] of pairs(rows, (r) => String(r.item))) {
    if (!e.release || sessions.release <= 0) continue;
    const perSession = (r: Row | undefined, n: number) => (r && n > 0 ? num(r.total) / n : 0);
    const before = perSession(e.previous, sessions.previous);
    const after = perSession(e.release, sessions.release);
    const rel = relative(before, after);
    if (rel < o.minScriptGrowth || after - before < 20) continue;
    const share = num(e.release.sessions) / sessions.release;
    const title = e.previous
      ? `${script} long tasks ${Math.round(before)} → ${Math.round(after)} ms per session`
      : `${script} newly causes long tasks (${Math.round(after)} ms per session)`;
    const evidence = entry(
      'long_task.ms_per_session',
      { script_url: script },
      { baseline: before, current: after },
      null,
      { baseline: num(e.previous?.n), current: num(e.release.n) },
      { sessions: num(e.release.sessions), of: sessions.release },
    );
    out.push(
      change(
        'script',
        script,
        title,
        rel,
        share,
        evidence,
        bothSides(s, { type: 'long_tasks', view: 'by_script' }),
      ),
    );
  }
  return out;
}

/** Issues first seen in the release: new, weighted by the share of its sessions they reach. */
export function issueChanges(rows: readonly Row[], s: Sides, sessions: SideSessions) {
  return rows.map((r) => {
    const share = sessions.release > 0 ? Math.min(1, num(r.sessions) / sessions.release) : 0;
    const name = [r.type, r.message].filter(Boolean).map(String).join(': ').slice(0, 120);
    // Errors of the issue: none before (first seen in the release), n in the release's window.
    const evidence = entry(
      'errors',
      { issue: String(r.fingerprint) },
      { baseline: 0, current: num(r.n) },
      null,
      { baseline: 0, current: num(r.n) },
      { sessions: num(r.sessions), of: sessions.release },
    );
    const query = {
      type: 'errors',
      view: 'table',
      project: s.project,
      from: s.current.from,
      to: s.current.to,
      filters: { release: [s.release] },
      issueIds: [String(r.fingerprint)],
    };
    return change(
      'issue',
      String(r.fingerprint),
      `New issue in ${s.release}: ${name}`,
      Infinity,
      share,
      evidence,
      [query],
    );
  });
}
