/**
 * The `insights` query's schema and SQL. Cards are read from `insights FINAL` (newest version of
 * each) in a subquery, and filtered outside it, so a status filter sees the card's current status
 * and never an older version's. The time range keeps cards whose incident overlaps it: started
 * before `to` and not resolved before `from`.
 */
import { z } from 'zod';
import { INSIGHT_KINDS, INSIGHT_SEVERITIES, INSIGHT_STATUSES } from '../../../insights/store/insight';
import { Params, type BuiltSql } from '../../params';
import { FILTER_KEYS, QueryBase, type FilterKey } from '../../schema';

export const INSIGHT_VIEWS = ['list', 'detail', 'count'] as const;

export const InsightsQuery = QueryBase.extend({
  type: z.literal('insights'),
  /**
   * list: the cards in range; detail: one card (insightId) as summary, deltas, hypotheses,
   * feedback; count: how many cards were opened (detected) in [from, to), by kind and severity.
   */
  view: z.enum(INSIGHT_VIEWS).default('list'),
  insightId: z.string().min(1).max(200).optional(),
  statuses: z.array(z.enum(INSIGHT_STATUSES)).min(1).max(INSIGHT_STATUSES.length).optional(),
  kinds: z.array(z.enum(INSIGHT_KINDS)).min(1).max(INSIGHT_KINDS.length).optional(),
  severities: z.array(z.enum(INSIGHT_SEVERITIES)).min(1).max(INSIGHT_SEVERITIES.length).optional(),
}).superRefine((q, ctx) => {
  if (q.view === 'detail' && q.insightId === undefined)
    ctx.addIssue({ code: 'custom', path: ['insightId'], message: 'the detail view needs insightId' });
});
export type InsightsQuery = z.output<typeof InsightsQuery>;

const CARD_COLUMNS = [
  'insight_id AS id',
  'kind',
  'title',
  'severity',
  'status',
  'toUnixTimestamp64Milli(started_at) AS started_at',
  'toUnixTimestamp64Milli(detected_at) AS detected_at',
  'toUnixTimestamp64Milli(updated_at) AS updated_at',
  'toUnixTimestamp64Milli(resolved_at) AS resolved_at',
  'metric',
  'release',
  'affected_sessions',
  'affected_users',
  "JSONExtractString(hypotheses, 1, 'title') AS top_hypothesis",
  'deltas',
  'summary_source',
].join(', ');

/**
 * A filter key's condition on a card: release is the card's own column, urlPrefix a prefix of
 * the scope's url, every other key the scope value of that name (a card without it never matches).
 */
function filterCondition(key: FilterKey, values: string, negate: boolean): string {
  const c =
    key === 'release'
      ? `release IN ${values}`
      : key === 'urlPrefix'
        ? `arrayExists(v -> startsWith(scope['url'], v), ${values})`
        : `scope['${key}'] IN ${values}`;
  return negate ? `NOT (${c})` : c;
}

/** The list's and the count's conditions on a card's newest version; `range` is how the time range selects. */
function cardConditions(q: InsightsQuery, p: Params, range: 'overlap' | 'opened'): string[] {
  const to = `fromUnixTimestamp64Milli(${p.add('Int64', q.to)})`;
  const from = `fromUnixTimestamp64Milli(${p.add('Int64', q.from)})`;
  const where =
    range === 'overlap'
      ? [`started_at < ${to}`, `(resolved_at IS NULL OR resolved_at >= ${from})`]
      : [`detected_at >= ${from}`, `detected_at < ${to}`];
  if (q.statuses) where.push(`status IN ${p.add('Array(String)', q.statuses)}`);
  if (q.kinds) where.push(`kind IN ${p.add('Array(String)', q.kinds)}`);
  if (q.severities) where.push(`severity IN ${p.add('Array(String)', q.severities)}`);
  // Keys from the fixed list only: the key is part of the SQL text.
  for (const key of FILTER_KEYS) {
    const included = q.filters[key];
    const excluded = q.exclude[key];
    if (included) where.push(filterCondition(key, p.add('Array(String)', included), false));
    if (excluded) where.push(filterCondition(key, p.add('Array(String)', excluded), true));
  }
  return where;
}

export function buildInsightListSql(q: InsightsQuery): BuiltSql {
  const p = new Params();
  const where = cardConditions(q, p, 'overlap');
  // Three levels: the newest versions, then the filters on their columns, then the output names
  // (which would otherwise shadow the columns the filters compare).
  const sql =
    `SELECT ${CARD_COLUMNS}, count() OVER () AS total FROM (SELECT * FROM (SELECT * FROM insights FINAL ` +
    `WHERE project_id = ${p.add('String', q.project)}) WHERE ${where.join(' AND ')}) ` +
    `ORDER BY started_at DESC, id LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}

/**
 * Cards opened in [from, to) (their first detection: an alert rule's "new insights"), per kind
 * and severity; the same filters as the list. Combinations with none are filled in by the handler.
 */
export function buildInsightCountSql(q: InsightsQuery): BuiltSql {
  const p = new Params();
  const where = cardConditions(q, p, 'opened');
  const sql =
    `SELECT kind, severity, count() AS count FROM (SELECT * FROM insights FINAL ` +
    `WHERE project_id = ${p.add('String', q.project)}) WHERE ${where.join(' AND ')} GROUP BY kind, severity`;
  return { sql, params: p.values };
}

/** One card whatever the range, with the JSON the detail frames unfold. */
export function buildInsightDetailSql(q: InsightsQuery): { card: BuiltSql; feedback: BuiltSql } {
  const p = new Params();
  const key = `project_id = ${p.add('String', q.project)} AND insight_id = ${p.add('String', q.insightId ?? '')}`;
  return {
    card: {
      sql:
        `SELECT ${CARD_COLUMNS}, scope, summary, summary_prompt_version, next_step, links, ` +
        `toUnixTimestamp64Milli(last_active_at) AS last_active_at, hypotheses FROM insights FINAL WHERE ${key}`,
      params: p.values,
    },
    feedback: {
      sql:
        'SELECT toUnixTimestamp64Milli(at) AS time, actor, action, verdict, comment FROM insight_feedback FINAL ' +
        `WHERE ${key} ORDER BY time, id LIMIT 1000`,
      params: p.values,
    },
  };
}
