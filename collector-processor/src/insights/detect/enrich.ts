/**
 * What an alarm costs beyond its judgement (only alarms get here): its onset, who was affected,
 * the release and deploys around it, and its hypotheses, as the engine's candidate.
 */
import { runSql, type QueryContext } from '../../query/handler';
import { explainChange, type ExplainedHypothesis } from '../explain/explain';
import type { ExplainMetric, Window } from '../explain/segments-sql';
import { changePoint } from '../stats';
import type { Hypothesis } from '../store/insight';
import type { DetectContext, InsightCandidate } from '../engine/types';
import { correlatedChanges, rankHypotheses, relevantKinds, type CorrelatedChange } from '../release';
import { toCandidate } from './candidate';
import { quantileAt, type Judgement } from './score';
import { buildAffectedSql, buildDeploysSql, buildMinutesSql, SOURCES, type WindowAggregate } from './sources';
import { floorMinute, minuteRange } from './windows';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface EnrichOptions {
  changePointMinutes: number;
  explain: boolean;
}

/** The value the change point follows in one minute's aggregate (undefined: no value that minute). */
function minuteValue(j: Judgement, a: WindowAggregate): number | undefined {
  switch (j.series.metric) {
    case 'http.p95':
      return a.n > 0 ? quantileAt(a.q, 0.95) : undefined;
    case 'http.error_rate':
      return a.n > 0 ? a.x / a.n : undefined;
    case 'traffic.page_views':
    case 'long_task.duration':
      return a.x;
    default:
      // Web vitals: the minute's p75; errors: sessions with an error; sessions: sessions.
      return j.series.family === 'vitals' ? (a.n > 0 ? quantileAt(a.q, 0.75) : undefined) : a.n;
  }
}

/**
 * The onset: CUSUM change point over the last two hours of minutes, floored to the minute. When
 * the minutes show no single step (a slow drift), the start of the current window rounded down to
 * ten minutes, so consecutive evaluations still agree.
 */
async function onsetOf(ctx: QueryContext, project: string, j: Judgement, end: number, minutes: number) {
  const s = SOURCES[j.series.family];
  const rows = await runSql<{ t: number; n: number; x: number; q: number[] }>(
    ctx,
    buildMinutesSql(s, project, j.series.key, j.series.scope, minuteRange(end, minutes)),
  );
  const counted = j.series.family !== 'vitals' && !j.series.metric.startsWith('http.');
  const byMinute = new Map(rows.map((r) => [Number(r.t), r]));
  const values: number[] = [];
  const starts: number[] = [];
  for (let t = end - minutes * MINUTE; t < end; t += MINUTE) {
    const r = byMinute.get(t);
    const v = r
      ? minuteValue(j, { w: 0, n: Number(r.n), x: Number(r.x), q: r.q.map(Number) })
      : counted
        ? 0
        : undefined;
    if (v === undefined) continue;
    values.push(v);
    starts.push(t);
  }
  const cp = changePoint(values, starts);
  return cp ? floorMinute(cp.start) : Math.floor((end - minutes * MINUTE) / (10 * MINUTE)) * 10 * MINUTE;
}

function explainMetricOf(j: Judgement): ExplainMetric | null {
  if (j.series.family === 'vitals') return { type: 'web_vital', metric: j.series.key as 'LCP' };
  if (j.series.metric === 'issue_events') return { type: 'errors', issueIds: [j.series.scope.issue!] };
  if (j.series.metric === 'error_rate') return { type: 'errors' };
  const endpoint = j.series.scope.endpoint;
  if (j.series.metric === 'http.error_rate') return { type: 'http', measure: 'error_rate', endpoint };
  if (j.series.metric === 'http.p95') return { type: 'http', measure: 'p95', endpoint };
  // Long tasks are explained project-wide: the script dimension itself is then a hypothesis.
  if (j.series.family === 'long_tasks') return { type: 'long_tasks' };
  // Traffic drops: no contribution analysis (fewer rows everywhere is not a segment's doing).
  return null;
}

/** What "had the bad signal" means for each metric, for buildAffectedSql. */
function badOf(j: Judgement) {
  if (j.series.metric === 'http.error_rate') return { failures: true as const };
  if (j.series.metric === 'http.p95') return { column: 'duration_ms', above: j.baseline.expected };
  if (j.series.family === 'vitals') return { column: 'value', above: j.baseline.expected };
  return 'all' as const;
}

/** Sessions and users of the scope with the bad signal in the current window, its dominant release and busiest issues. */
async function affectedOf(q: QueryContext, project: string, j: Judgement, current: Window) {
  const [a] = await runSql<{ sessions: number; users: number; releases: string[]; issues: string[] }>(
    q,
    buildAffectedSql(SOURCES[j.series.family], project, j.series.key, j.series.scope, current, badOf(j)),
  );
  const out = {
    sessions: Number(a?.sessions ?? 0),
    users: Number(a?.users ?? 0),
    release: a?.releases[0] ?? '',
    issues: a?.issues ?? [],
  };
  // A drop's affected sessions are those that did not arrive.
  if (j.series.family === 'traffic')
    return { ...out, sessions: Math.max(0, Math.round(j.baseline.expected - j.current.value)), users: 0 };
  return out;
}

/** Correlated changes offered to the ranking (best score first). */
const MAX_CORRELATED = 5;

/**
 * What else changed between the same window a day earlier and now (release/correlatedChanges):
 * grown resources, new or slower endpoints, scripts newly causing long tasks, new issues. The
 * sides are the dominant release of each window (often the same one: the windows then tell
 * them apart), their sessions from page views.
 */
async function correlatedHypotheses(
  ctx: DetectContext,
  j: Judgement,
  release: string,
  baseline: Window,
  current: Window,
): Promise<CorrelatedChange[]> {
  if (!release) return [];
  const q: QueryContext = { client: ctx.client, now: ctx.now };
  const side = async (w: Window) =>
    (
      await runSql<{ sessions: number; releases: string[] }>(
        q,
        buildAffectedSql(SOURCES.traffic, ctx.projectId, '', {}, w, 'all'),
      )
    )[0];
  const before = await side(baseline);
  const after = await side(current);
  const related = await correlatedChanges(ctx.client, {
    project: ctx.projectId,
    previous: before?.releases[0] || release,
    release,
    baseline,
    current,
    now: ctx.now,
    sessions: { previous: Number(before?.sessions ?? 0), release: Number(after?.sessions ?? 0) },
  });
  const kinds = relevantKinds(j.series.metric);
  return related.changes
    .filter((c) => kinds.includes(c.kind))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CORRELATED);
}

export async function enrich(
  ctx: DetectContext,
  j: Judgement,
  o: EnrichOptions,
  current: Window,
): Promise<InsightCandidate> {
  const q: QueryContext = { client: ctx.client, now: ctx.now };
  const startedAt = await onsetOf(q, ctx.projectId, j, current.to, o.changePointMinutes);
  const affected = await affectedOf(q, ctx.projectId, j, current);
  const issues = j.series.scope.issue ? [j.series.scope.issue] : affected.issues;
  const release = affected.release;
  const deploys = (
    await runSql<{ release: string; environment: string; at: number }>(
      q,
      buildDeploysSql(ctx.projectId, { from: startedAt - 2 * 3600_000, to: ctx.now + 1 }),
    )
  ).map((d) => ({ release: d.release, environment: d.environment, at: Number(d.at) }));
  const explained: ExplainedHypothesis[] = [];
  const changes: CorrelatedChange[] = [];
  const metric = explainMetricOf(j);
  if (o.explain && metric) {
    // The same window a day earlier: the same time-of-day mix of countries and devices, so the
    // daily cycle's own shifts in segment shares are not taken for causes.
    const baseline = { from: current.from - DAY, to: current.to - DAY };
    const e = await explainChange(
      ctx.client,
      { project: ctx.projectId, metric, baseline, current },
      ctx.now,
    ).catch(
      // An incident without an explanation is still an incident: the card shows no hypotheses.
      () => ({ hypotheses: [] }),
    );
    explained.push(
      ...e.hypotheses.map((h: ExplainedHypothesis) => ({ ...h, metric: h.metric ?? j.series.metric })),
    );
  }
  if (o.explain) {
    const baseline = { from: current.from - DAY, to: current.to - DAY };
    // Correlated changes add to the card; their failure must not lose it.
    changes.push(...(await correlatedHypotheses(ctx, j, release, baseline, current).catch(() => [])));
  }
  // One ranking for both detectors (release/rank.ts): segments that stand out, concrete changes,
  // the bare release segment after the release's changes.
  const hypotheses: Hypothesis[] = rankHypotheses(j.series.metric, explained, changes);
  return toCandidate(j, {
    startedAt,
    affectedSessions: affected.sessions,
    affectedUsers: affected.users,
    release,
    links: { ...(release ? { release } : {}), deploys, issues },
    hypotheses,
  });
}
