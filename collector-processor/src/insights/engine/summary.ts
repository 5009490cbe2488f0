/**
 * The card's summary when no narrator is configured (or it failed): a short deterministic sentence
 * from the candidate's own numbers, so a card always reads on its own. The narrative slice's
 * template replaces it when the processor wires a narrator (docs/insights.md "Engine").
 */
import type { InsightCandidate } from './types';

/** Three significant digits, thousands grouped, no trailing zeros: 2.5, 0.0312, 1,240. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(3));
  return Math.abs(rounded) >= 1000 ? Math.round(rounded).toLocaleString('en-US') : String(rounded);
}

const withUnit = (v: number, unit?: string) =>
  unit === 'percent' || unit === '%'
    ? `${formatNumber(v)} %`
    : unit
      ? `${formatNumber(v)} ${unit}`
      : formatNumber(v);

/** `HH:MM UTC` of an instant. */
const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export function templateSummary(c: InsightCandidate): string {
  const parts = [`${c.title} since ${clock(c.startedAt)}.`];
  const d = c.deltas[0];
  if (d) parts.push(`${d.metric}: ${withUnit(d.baseline, d.unit)} → ${withUnit(d.value, d.unit)}.`);
  if (c.affectedSessions > 0)
    parts.push(
      `${formatNumber(c.affectedSessions)} sessions (${formatNumber(c.affectedUsers)} users) affected.`,
    );
  const top = c.hypotheses[0];
  if (top) parts.push(`Most likely: ${top.title}.`);
  return parts.join(' ');
}
