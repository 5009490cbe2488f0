/**
 * `insights`: incident cards (src/insights/store/, migration 0015). The list view is one table
 * frame (the datasource's insight annotations read started_at, resolved_at, title, kind, severity
 * and status from it); the detail view is frames told apart by `schema.name`: summary, deltas,
 * hypotheses (ranked, with evidence and the queries that reproduce it) and feedback. An unknown
 * card is not an error: empty frames, and a notice on the summary frame.
 */
import { tableFrame, type FieldSpec, type Row } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import type { DataFrameJSON, FrameMeta } from '../../types';
import type { Delta, Hypothesis } from '../../../insights/store/insight';
import { buildInsightDetailSql, buildInsightListSql, InsightsQuery } from './insights-sql';

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
];

export const SUMMARY_FIELDS: FieldSpec[] = [
  ...INSIGHT_FIELDS,
  { name: 'detected_at', type: 'time' },
  { name: 'updated_at', type: 'time' },
  { name: 'scope', type: 'other' },
  { name: 'summary', type: 'string' },
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

/** A card row as the frames show it: empty release as null. */
function cardRow(r: Row): Row {
  return { ...r, release: r.release || null, top_hypothesis: r.top_hypothesis || null };
}

const parsed = <T>(json: unknown): T[] => {
  const value: unknown = JSON.parse(String(json || '[]'));
  return Array.isArray(value) ? (value as T[]) : [];
};

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
  return { summary: [cardRow(card)], deltas, hypotheses, feedback };
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
    'Incident cards (anomalies, release regressions): the list overlapping the range, or one card with its deltas, ranked hypotheses and feedback',
  schema: InsightsQuery,
  async run(q, ctx) {
    if (q.view === 'detail') {
      const sql = buildInsightDetailSql(q);
      const [cards, feedback] = await Promise.all([runSql(ctx, sql.card), runSql(ctx, sql.feedback)]);
      const notice = cards.length ? undefined : `no insight ${q.insightId} in project ${q.project}`;
      return detailFrames(q.refId, detailRows(cards[0], feedback), notice);
    }
    const rows = await runSql(ctx, buildInsightListSql(q));
    const custom = { source: 'insights', total: rows.length ? Number(rows[0]!.total) : 0 };
    return [
      tableFrame(q.refId, INSIGHT_FIELDS, rows.map(cardRow), { preferredVisualisationType: 'table', custom }),
    ];
  },
});
