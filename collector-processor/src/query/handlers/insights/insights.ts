/**
 * `insights`: incident cards (src/insights/store/, migration 0015). The list view is one table
 * frame (the datasource's insight annotations read started_at, resolved_at, title, kind, severity
 * and status from it); the detail view is frames told apart by `schema.name`: summary, deltas,
 * hypotheses (ranked, with evidence and the queries that reproduce it) and feedback. An unknown
 * card is not an error: empty frames, and a notice on the summary frame. The count view is one
 * frame of kind, severity and the number of cards opened in the range (for alert rules).
 */
import { tableFrame, type FieldSpec, type Row } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import type { DataFrameJSON, FrameMeta } from '../../types';
import {
  INSIGHT_KINDS,
  INSIGHT_SEVERITIES,
  NO_LINKS,
  type Delta,
  type Hypothesis,
} from '../../../insights/store/insight';
import {
  buildInsightCountSql,
  buildInsightDetailSql,
  buildInsightListSql,
  InsightsQuery,
} from './insights-sql';

export const INSIGHT_FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'kind', type: 'string' },
  { name: 'title', type: 'string' },
  { name: 'severity', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'started_at', type: 'time' },
  { name: 'resolved_at', type: 'time' },
  { name: 'metric', type: 'string' },
  { name: 'release', type: 'string' },
  { name: 'affected_sessions', type: 'number', config: { unit: 'short' } },
  { name: 'affected_users', type: 'number', config: { unit: 'short' } },
  { name: 'top_hypothesis', type: 'string' },
  /** The card's changes as stored: metric, value, baseline, interval [low, high], unit. */
  { name: 'deltas', type: 'other' },
  /** Who wrote the summary: `llm` (the narrator's model) or `template`. */
  { name: 'summary_source', type: 'string' },
];

export const SUMMARY_FIELDS: FieldSpec[] = [
  ...INSIGHT_FIELDS,
  { name: 'detected_at', type: 'time' },
  { name: 'updated_at', type: 'time' },
  { name: 'scope', type: 'other' },
  { name: 'summary', type: 'string' },
  /** The narrator's prompt version (`narrative-v1`, `template-v1`); empty for the engine's sentence. */
  { name: 'summary_prompt_version', type: 'string' },
  { name: 'next_step', type: 'string' },
  { name: 'links', type: 'other' },
  { name: 'last_active_at', type: 'time' },
];

/** The count view: one row per kind and severity (an alert rule's labels) with its number. */
export const COUNT_FIELDS: FieldSpec[] = [
  { name: 'kind', type: 'string' },
  { name: 'severity', type: 'string' },
  { name: 'count', type: 'number', config: { unit: 'short' } },
];

export const DELTA_FIELDS: FieldSpec[] = [
  { name: 'metric', type: 'string' },
  { name: 'value', type: 'number' },
  { name: 'baseline', type: 'number' },
  { name: 'low', type: 'number' },
  { name: 'high', type: 'number' },
  { name: 'unit', type: 'string' },
];

export const HYPOTHESIS_FIELDS: FieldSpec[] = [
  { name: 'rank', type: 'number' },
  { name: 'title', type: 'string' },
  { name: 'score', type: 'number' },
  { name: 'evidence', type: 'other' },
  { name: 'queries', type: 'other' },
];

export const FEEDBACK_FIELDS: FieldSpec[] = [
  { name: 'time', type: 'time' },
  { name: 'actor', type: 'string' },
  { name: 'action', type: 'string' },
  { name: 'verdict', type: 'string' },
  { name: 'comment', type: 'string' },
];

export const DETAIL_FRAMES = ['summary', 'deltas', 'hypotheses', 'feedback'] as const;
type FrameName = (typeof DETAIL_FRAMES)[number];
const FIELDS: Record<FrameName, FieldSpec[]> = {
  summary: SUMMARY_FIELDS,
  deltas: DELTA_FIELDS,
  hypotheses: HYPOTHESIS_FIELDS,
  feedback: FEEDBACK_FIELDS,
};

const parsed = <T>(json: unknown): T[] => {
  const value: unknown = JSON.parse(String(json || '[]'));
  return Array.isArray(value) ? (value as T[]) : [];
};

/** A card row as the frames show it: empty release as null, the deltas' JSON unfolded. */
function cardRow(r: Row): Row {
  return {
    ...r,
    release: r.release || null,
    top_hypothesis: r.top_hypothesis || null,
    deltas: parsed<Delta>(r.deltas),
    summary_source: r.summary_source || 'template',
  };
}

/** The detail's rows from the card's row (its JSON unfolded) and its feedback rows. Pure. */
export function detailRows(card: Row | undefined, feedback: Row[]): Record<FrameName, Row[]> {
  if (!card) return { summary: [], deltas: [], hypotheses: [], feedback: [] };
  const deltas = parsed<Delta>(card.deltas).map((d) => ({
    metric: d.metric,
    value: d.value,
    baseline: d.baseline,
    low: d.interval?.[0],
    high: d.interval?.[1],
    unit: d.unit ?? null,
  }));
  const hypotheses = parsed<Hypothesis>(card.hypotheses).map((h, i) => ({ rank: i + 1, ...h }));
  const links: unknown = card.links ? JSON.parse(String(card.links)) : {};
  return {
    summary: [{ ...cardRow(card), links: { ...NO_LINKS, ...(links as object) } }],
    deltas,
    hypotheses,
    feedback,
  };
}

/**
 * Every requested kind × severity with its count, 0 where no card was opened: an alert rule
 * then sees a series at 0 rather than "no data" while all is quiet. Pure.
 */
export function countRows(q: Pick<InsightsQuery, 'kinds' | 'severities'>, rows: Row[]): Row[] {
  const counts = new Map(rows.map((r) => [`${String(r.kind)}/${String(r.severity)}`, Number(r.count)]));
  return (q.kinds ?? INSIGHT_KINDS).flatMap((kind) =>
    (q.severities ?? INSIGHT_SEVERITIES).map((severity) => ({
      kind,
      severity,
      count: counts.get(`${kind}/${severity}`) ?? 0,
    })),
  );
}

export function detailFrames(
  refId: string,
  rows: Record<FrameName, Row[]>,
  notice?: string,
): DataFrameJSON[] {
  return DETAIL_FRAMES.map((name) => {
    const meta: FrameMeta = { preferredVisualisationType: 'table', custom: { source: 'insights' } };
    if (notice && name === 'summary') meta.notices = [{ severity: 'info', text: notice }];
    return tableFrame(refId, FIELDS[name], rows[name], meta, name);
  });
}

export const insightsHandler = defineHandler({
  type: 'insights',
  summary:
    'Incident cards (anomalies, release regressions): the list overlapping the range, one card with its deltas, ranked hypotheses and feedback, or the number opened in the range by kind and severity',
  schema: InsightsQuery,
  async run(q, ctx) {
    if (q.view === 'detail') {
      const sql = buildInsightDetailSql(q);
      const [cards, feedback] = await Promise.all([runSql(ctx, sql.card), runSql(ctx, sql.feedback)]);
      const notice = cards.length ? undefined : `no insight ${q.insightId} in project ${q.project}`;
      return detailFrames(q.refId, detailRows(cards[0], feedback), notice);
    }
    if (q.view === 'count') {
      const rows = countRows(q, await runSql(ctx, buildInsightCountSql(q)));
      const meta: FrameMeta = { preferredVisualisationType: 'table', custom: { source: 'insights' } };
      return [tableFrame(q.refId, COUNT_FIELDS, rows, meta, 'count')];
    }
    const rows = await runSql(ctx, buildInsightListSql(q));
    const custom = { source: 'insights', total: rows.length ? Number(rows[0]!.total) : 0 };
    return [
      tableFrame(q.refId, INSIGHT_FIELDS, rows.map(cardRow), { preferredVisualisationType: 'table', custom }),
    ];
  },
});
