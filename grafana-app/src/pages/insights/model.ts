/**
 * The Insights page's pure logic: the `insights` query's frames as typed cards (list and detail,
 * collector-processor src/query/handlers/insights/insights.ts), the order the Overview ranks open
 * cards in, a metric delta as a sentence with its interval, and which actions a card offers.
 * Fields a processor may not answer yet (next step, links, last activity, the summary's source)
 * are optional: a card without them shows the rest.
 */
import type { DataFrame } from '@grafana/data';
import { can, type Role } from '../../auth/roles';
import { frameNamed, recordsOf } from '../issue-detail/model';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const STATUSES = ['open', 'acknowledged', 'resolved', 'not_useful'] as const;
export const KINDS = ['anomaly', 'release_regression'] as const;

export interface InsightLinks {
  release?: string;
  previousRelease?: string;
  deploys: Array<{ release: string; environment: string; at: number }>;
  issues: string[];
}

/** One row of the list frame (and the detail's summary row). */
export interface InsightRow {
  id: string;
  kind: string;
  title: string;
  severity: string;
  status: string;
  started_at: number;
  resolved_at: number | null;
  metric: string;
  release: string | null;
  affected_sessions: number;
  affected_users: number;
  top_hypothesis: string | null;
  next_step?: string | null;
  last_active_at?: number | null;
  /** The card's deltas as stored (JSON or objects), when the list answers them. */
  deltas?: unknown;
}

export interface SummaryRow extends InsightRow {
  detected_at: number;
  updated_at: number;
  scope: Record<string, string> | null;
  summary: string;
  /** Where the summary came from, when the processor says: `llm` or the deterministic `template`. */
  summary_source?: string | null;
  links?: InsightLinks | string | null;
}

export interface DeltaRow {
  metric: string;
  value: number;
  baseline: number;
  low: number | null;
  high: number | null;
  unit: string | null;
}

export interface HypothesisRow {
  rank: number;
  title: string;
  score: number;
  evidence: Array<Record<string, unknown>> | null;
  /** PulseTrace query bodies: a list, or named ({ baseline, current }) as explainChange() gives them. */
  queries: Array<Record<string, unknown>> | Record<string, Record<string, unknown>> | null;
}

export interface FeedbackRow {
  time: number;
  actor: string;
  action: string;
  verdict: string;
  comment: string;
}

export interface InsightDetail {
  summary?: SummaryRow;
  deltas: DeltaRow[];
  hypotheses: HypothesisRow[];
  feedback: FeedbackRow[];
  links: InsightLinks;
  notices: string[];
}

export function cardsOf(frame: DataFrame | undefined): InsightRow[] {
  return recordsOf<InsightRow>(frame);
}

/** A JSON text (as some frames carry objects) or the object itself. */
function parsedObject<T>(value: unknown): T | undefined {
  if (typeof value === 'string') {
    try {
      return value ? (JSON.parse(value) as T) : undefined;
    } catch {
      return undefined;
    }
  }
  return (value ?? undefined) as T | undefined;
}

export function linksOf(value: unknown): InsightLinks {
  const links = parsedObject<Partial<InsightLinks>>(value);
  return {
    ...links,
    deploys: Array.isArray(links?.deploys) ? links.deploys : [],
    issues: Array.isArray(links?.issues) ? links.issues : [],
  };
}

/** The detail view's frames (summary, deltas, hypotheses, feedback), typed. */
export function detailOf(frames: DataFrame[] | undefined): InsightDetail {
  const summary = recordsOf<SummaryRow>(frameNamed(frames, 'summary'))[0];
  const hypotheses = recordsOf<HypothesisRow>(frameNamed(frames, 'hypotheses')).map((h) => ({
    ...h,
    evidence: parsedObject<HypothesisRow['evidence']>(h.evidence) ?? [],
    queries: parsedObject<HypothesisRow['queries']>(h.queries) ?? [],
  }));
  const notices = (frames ?? []).flatMap((f) => f.meta?.notices?.map((n) => n.text) ?? []);
  return {
    summary: summary ? { ...summary, scope: parsedObject(summary.scope) ?? null } : undefined,
    deltas: recordsOf<DeltaRow>(frameNamed(frames, 'deltas')),
    hypotheses,
    feedback: recordsOf<FeedbackRow>(frameNamed(frames, 'feedback')),
    links: linksOf(summary?.links),
    notices: [...new Set(notices)],
  };
}

const rank = (severity: string) => {
  const i = SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
  return i < 0 ? SEVERITIES.length : i;
};

/** A list row's stored deltas ({ metric, value, baseline, interval, unit }) as delta rows; none when absent. */
export function rowDeltas(row: Pick<InsightRow, 'deltas'>): DeltaRow[] {
  const stored = parsedObject<Array<Record<string, unknown>>>(row.deltas);
  if (!Array.isArray(stored)) {
    return [];
  }
  return stored
    .filter((d) => typeof d.value === 'number' && typeof d.baseline === 'number')
    .map((d) => {
      const interval = Array.isArray(d.interval) ? (d.interval as unknown[]) : [];
      const bound = (v: unknown) => (typeof v === 'number' ? v : null);
      return {
        metric: String(d.metric ?? ''),
        value: d.value as number,
        baseline: d.baseline as number,
        low: bound(interval[0]),
        high: bound(interval[1]),
        unit: typeof d.unit === 'string' ? d.unit : null,
      };
    });
}

/** The `n` open cards a person should see first: most severe, then the most recent onset. */
export function topOpen(rows: InsightRow[], n = 3): InsightRow[] {
  return rows
    .filter((r) => r.status === 'open')
    .sort((a, b) => rank(a.severity) - rank(b.severity) || b.started_at - a.started_at || (a.id < b.id ? -1 : 1))
    .slice(0, n);
}

/** A number in a delta's unit: ms rounded, ratios as percentages, others to 3 significant digits. */
export function formatValue(value: number, unit: string | null | undefined): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
  switch (unit) {
    case 'ms':
      return `${Math.round(value).toLocaleString('en-US')} ms`;
    case 'percentunit':
    case 'ratio':
      return `${(value * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
    default: {
      const text = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(3));
      return unit && unit !== 'short' && unit !== 'none' ? `${text} ${unit}` : String(text);
    }
  }
}

const signed = (x: number, text: string) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${text}`;
const percent = (r: number) => signed(r, `${Math.round(Math.abs(r) * 100)} %`);

export interface DeltaText {
  /** "3,200 ms vs 2,500 ms" */
  values: string;
  /** "+28 %", or the absolute change when the baseline is 0. */
  change: string;
  /** "95 % CI +20 % … +36 %", in the same terms as `change`; undefined without an interval. */
  interval?: string;
}

/**
 * A delta as a person reads it. The card's interval is of the value when it contains the value
 * (the engine's percentile and rate intervals), else of the change itself; either way it is shown
 * as a range of the change, the same terms as the headline number.
 */
export function deltaText(d: DeltaRow): DeltaText {
  const change = d.value - d.baseline;
  const relative = d.baseline !== 0 && Number.isFinite(d.baseline);
  const asChange = (x: number) => (relative ? percent(x / d.baseline) : signed(x, formatValue(Math.abs(x), d.unit)));
  const text: DeltaText = {
    values: `${formatValue(d.value, d.unit)} vs ${formatValue(d.baseline, d.unit)}`,
    change: asChange(change),
  };
  if (d.low !== null && d.high !== null && Number.isFinite(d.low) && Number.isFinite(d.high)) {
    const ofValue = d.low <= d.value && d.value <= d.high;
    const [lo, hi] = ofValue ? [d.low - d.baseline, d.high - d.baseline] : [d.low, d.high];
    text.interval = `95 % CI ${asChange(lo)} … ${asChange(hi)}`;
  }
  return text;
}

/** An evidence item's fields as "name value" parts, numbers formatted, intervals as ranges. */
export function evidenceParts(item: Record<string, unknown>): string[] {
  const show = (v: unknown): string => {
    if (typeof v === 'number') {
      return formatValue(v, undefined);
    }
    if (Array.isArray(v)) {
      return v.length === 2 && v.every((x) => typeof x === 'number')
        ? `${show(v[0])} … ${show(v[1])}`
        : v.map(show).join(', ');
    }
    if (v && typeof v === 'object') {
      return Object.entries(v)
        .map(([k, x]) => `${k}: ${show(x)}`)
        .join(', ');
    }
    return String(v);
  };
  return Object.entries(item)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${show(v)}`);
}

export type InsightAction = 'acknowledge' | 'resolve' | 'not_useful';

/**
 * What a card offers in its status (the processor's applyAction rules): acknowledging needs an
 * open card, resolving one not yet resolved, "not useful" any card not already marked so.
 */
export function actionsFor(status: string): InsightAction[] {
  switch (status) {
    case 'open':
      return ['acknowledge', 'resolve', 'not_useful'];
    case 'acknowledged':
      return ['resolve', 'not_useful'];
    case 'resolved':
      return ['not_useful'];
    default:
      return [];
  }
}

/** The actions a card shows and whether the role may use them (Editors: the write route). */
export function actionStates(status: string, role: Role): Array<{ action: InsightAction; enabled: boolean }> {
  const enabled = can('changeInsights', role);
  return actionsFor(status).map((action) => ({ action, enabled }));
}

/** The REST call of an action: POST /projects/{p}/insights/{id}/<path> with this body. */
export function actionRequest(action: InsightAction): { path: string; body: Record<string, unknown> } {
  return action === 'not_useful' ? { path: 'feedback', body: { verdict: 'not_useful' } } : { path: action, body: {} };
}

export const ACTION_LABELS: Record<InsightAction, string> = {
  acknowledge: 'Acknowledge',
  resolve: 'Resolve',
  not_useful: 'Not useful',
};

export const label = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');
