/**
 * ClickHouse reads and writes of insights (`insights`, newest version wins, read with FINAL) and
 * their feedback (`insight_feedback`), migration 0015. Values travel as query parameters.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows, type Row } from '../../store/query';
import { fromDateTime64, toDateTime64 } from '../../store/time';
import {
  NO_LINKS,
  type Feedback,
  type Insight,
  type InsightKind,
  type InsightSeverity,
  type InsightStatus,
} from './insight';

export function insightRow(i: Insight) {
  return {
    project_id: i.projectId,
    insight_id: i.insightId,
    version: i.version,
    retention_days: i.retentionDays,
    kind: i.kind,
    metric: i.metric,
    scope: i.scope,
    title: i.title,
    severity: i.severity,
    status: i.status,
    started_at: toDateTime64(i.startedAt),
    detected_at: toDateTime64(i.detectedAt),
    updated_at: toDateTime64(i.updatedAt),
    resolved_at: i.resolvedAt === null ? null : toDateTime64(i.resolvedAt),
    release: i.release,
    affected_sessions: i.affectedSessions,
    affected_users: i.affectedUsers,
    deltas: JSON.stringify(i.deltas),
    hypotheses: JSON.stringify(i.hypotheses),
    summary: i.summary,
    summary_source: i.summarySource,
    summary_prompt_version: i.summaryPromptVersion,
    next_step: i.nextStep,
    links: JSON.stringify(i.links),
    last_active_at: toDateTime64(i.lastActiveAt),
    updated_by: i.updatedBy,
  };
}

const time = (v: unknown) => fromDateTime64(v as string);

export function insightFromRow(r: Row): Insight {
  return {
    projectId: String(r.project_id),
    insightId: String(r.insight_id),
    version: Number(r.version),
    retentionDays: Number(r.retention_days),
    kind: r.kind as InsightKind,
    metric: String(r.metric),
    scope: (r.scope ?? {}) as Record<string, string>,
    title: String(r.title),
    severity: r.severity as InsightSeverity,
    status: r.status as InsightStatus,
    startedAt: time(r.started_at),
    detectedAt: time(r.detected_at),
    updatedAt: time(r.updated_at),
    resolvedAt: r.resolved_at === null || r.resolved_at === undefined ? null : time(r.resolved_at),
    release: String(r.release),
    affectedSessions: Number(r.affected_sessions),
    affectedUsers: Number(r.affected_users),
    deltas: JSON.parse(String(r.deltas || '[]')),
    hypotheses: JSON.parse(String(r.hypotheses || '[]')),
    summary: String(r.summary),
    summarySource: r.summary_source === 'llm' ? 'llm' : 'template',
    summaryPromptVersion: String(r.summary_prompt_version ?? ''),
    nextStep: String(r.next_step ?? ''),
    links: r.links ? { ...NO_LINKS, ...JSON.parse(String(r.links)) } : { ...NO_LINKS },
    lastActiveAt: r.last_active_at ? time(r.last_active_at) : time(r.updated_at),
    updatedBy: String(r.updated_by),
  };
}

/** Writes versions of cards (new cards, engine updates, status changes): one insert. */
export async function writeInsights(client: ClickHouseClient, insights: Insight[]): Promise<void> {
  if (insights.length === 0) return;
  await client.insert({ table: 'insights', values: insights.map(insightRow), format: 'JSONEachRow' });
}

/** The newest version of one card, or undefined. */
export async function getInsight(
  client: ClickHouseClient,
  projectId: string,
  id: string,
): Promise<Insight | undefined> {
  const [row] = await selectRows(
    client,
    'SELECT * FROM insights FINAL WHERE project_id = {project:String} AND insight_id = {id:String}',
    { project: projectId, id },
  );
  return row ? insightFromRow(row) : undefined;
}

/**
 * Feedback first, then the card's new version: if the process dies in between, the log shows an
 * action that did not take (a retry adds it again) rather than a change nobody is recorded making.
 */
export async function saveAction(
  client: ClickHouseClient,
  feedback: Feedback,
  retentionDays: number,
  next: Insight | null,
): Promise<void> {
  await client.insert({
    table: 'insight_feedback',
    values: [
      {
        project_id: feedback.projectId,
        insight_id: feedback.insightId,
        id: feedback.id,
        at: toDateTime64(feedback.at),
        actor: feedback.actor,
        action: feedback.action,
        verdict: feedback.verdict,
        comment: feedback.comment,
        retention_days: retentionDays,
      },
    ],
    format: 'JSONEachRow',
  });
  if (next) await writeInsights(client, [next]);
}

/** One card's feedback, oldest first. */
export async function listFeedback(
  client: ClickHouseClient,
  projectId: string,
  id: string,
  limit = 1000,
): Promise<Feedback[]> {
  const rows = await selectRows(
    client,
    `SELECT id, at, actor, action, verdict, comment FROM insight_feedback FINAL
     WHERE project_id = {project:String} AND insight_id = {id:String} ORDER BY at, id LIMIT {limit:UInt32}`,
    { project: projectId, id, limit },
  );
  return rows.map((r) => ({
    projectId,
    insightId: id,
    id: String(r.id),
    at: time(r.at),
    actor: String(r.actor),
    action: r.action as Feedback['action'],
    verdict: r.verdict as Feedback['verdict'],
    comment: String(r.comment),
  }));
}

/**
 * The cards the engine reconciles a project's candidates with: every open or acknowledged card,
 * not_useful ones still active since `activeSince` (a false insight the detector keeps proposing
 * stays one card), and any card whose id is in `ids` whatever its status (this evaluation's new
 * ids: a resolved card with the same id must not be written over by a lower version), and any card
 * started or resolved since `recentSince` (one another detector's candidate may join, or that an
 * incident seen again continues).
 * Filtered outside FINAL, so the status tested is the newest version's.
 */
export async function engineInsights(
  client: ClickHouseClient,
  projectId: string,
  ids: string[],
  activeSince: number,
  recentSince = Infinity,
): Promise<Insight[]> {
  const recent = Number.isFinite(recentSince) ? recentSince : 32503680000000;
  const rows = await selectRows(
    client,
    `SELECT * FROM (SELECT * FROM insights FINAL WHERE project_id = {project:String})
     WHERE status IN ('open', 'acknowledged')
        OR (status = 'not_useful' AND last_active_at >= fromUnixTimestamp64Milli({since:Int64}))
        OR insight_id IN {ids:Array(String)}
        OR started_at >= fromUnixTimestamp64Milli({recent:Int64})
        OR resolved_at >= fromUnixTimestamp64Milli({recent:Int64})`,
    { project: projectId, ids, since: activeSince, recent },
  );
  return rows.map(insightFromRow);
}
