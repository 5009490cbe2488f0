/** Text helpers the payload builders share: truncation, times, the labels every alert of a group has. */
import type { Alert, Notification } from '../types';

/**
 * `s` cut to at most `max` UTF-16 units (the stricter way to count an emoji), ending in "…" when
 * cut, never splitting a character.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Labels with the same value on every alert (Alertmanager's commonLabels). */
export function commonLabels(alerts: readonly Alert[]): Record<string, string> {
  if (alerts.length === 0) return {};
  const [first, ...rest] = alerts;
  return Object.fromEntries(
    Object.entries(first!.labels).filter(([k, v]) => rest.every((a) => a.labels[k] === v)),
  );
}

/** What the group is: rule, project (alertname and project labels, as the ruler groups by them). */
export function groupLabels(n: Notification): Record<string, string> {
  const common = commonLabels(n.alerts);
  const out: Record<string, string> = {};
  for (const k of ['alertname', 'project']) if (common[k] !== undefined) out[k] = common[k];
  return out;
}

/** The labels worth showing a person: not the ones every message already says. */
export const SHOWN_LABEL_SKIP = new Set(['alertname', 'project', 'severity']);

export function formatValue(v: number | null): string {
  if (v === null) return 'n/a';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** "5m 12s", "3h 4m", "2d 1h" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
