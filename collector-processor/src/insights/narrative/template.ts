/**
 * The deterministic summary: what a card says when the model is off, slow, failing or answering
 * badly. Built from the candidate alone (same candidate, same text), with its numbers formatted
 * for reading and the candidate's own next step at the end.
 */
import type { InsightCandidate } from '../engine/types';

/** Three significant digits, thousands grouped: 2.5, 0.0312, 1,240. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(3));
  return Math.abs(rounded) >= 1000 ? Math.round(rounded).toLocaleString('en-US') : String(rounded);
}

function withUnit(v: number, unit?: string): string {
  if (unit === 'percent' || unit === '%') return `${formatNumber(v)} %`;
  // Grafana's `percentunit` and the detectors' `ratio` are fractions of one.
  if (unit === 'ratio' || unit === 'percentunit') return `${formatNumber(v * 100)} %`;
  return unit && unit !== 'count' ? `${formatNumber(v)} ${unit}` : formatNumber(v);
}

/** `2026-12-07 14:05 UTC`: the date matters, an incident may be days old when read. */
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const scopeText = (scope: Record<string, string>) => {
  const parts = Object.entries(scope).map(([k, v]) => `${k} ${v}`);
  return parts.length ? ` for ${parts.join(', ')}` : '';
};

const sentence = (s: string) => {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

export function templateSummary(c: InsightCandidate): string {
  const parts: string[] = [];
  const d = c.deltas[0];
  if (d) {
    const [lo, hi] = d.interval;
    parts.push(
      `${d.metric}${scopeText(c.scope)} went from ${withUnit(d.baseline, d.unit)} to ${withUnit(d.value, d.unit)}` +
        ` (interval ${withUnit(lo, d.unit)} to ${withUnit(hi, d.unit)}) since ${when(c.startedAt)}` +
        `${c.release ? ` in release ${c.release}` : ''}.`,
    );
  } else {
    parts.push(sentence(`${c.title} since ${when(c.startedAt)}`));
  }
  if (c.affectedSessions > 0)
    parts.push(
      `${formatNumber(c.affectedSessions)} sessions (${formatNumber(c.affectedUsers)} users) affected.`,
    );
  const top = c.hypotheses[0];
  if (top) parts.push(sentence(`Most likely cause: ${top.title}`));
  const deploy = c.links.deploys[0];
  if (deploy) parts.push(`Deployed ${deploy.release} to ${deploy.environment} at ${when(deploy.at)}.`);
  if (c.nextStep) parts.push(sentence(`Next step: ${c.nextStep}`));
  return parts.join(' ');
}
