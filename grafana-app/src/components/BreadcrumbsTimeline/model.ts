/**
 * Breadcrumbs as issue_detail's `breadcrumbs` frame gives them (oldest first, as the SDK's ring
 * buffer keeps them) and what the timeline derives: each one's kind (from its category, as the
 * SDKs name them) and how long before the error it happened.
 */
import type { IconName } from '@grafana/data';

export interface BreadcrumbRow {
  /** Epoch ms, or null when the SDK sent none. */
  time: number | null;
  category: string;
  level: string;
  message: string;
  /** JSON text of the breadcrumb's data, or ''. */
  data: string;
}

export type BreadcrumbKind = 'navigation' | 'http' | 'ui' | 'console' | 'error' | 'other';

const KIND_OF_CATEGORY: Array<[RegExp, BreadcrumbKind]> = [
  [/^(navigation|history|route)/, 'navigation'],
  [/^(fetch|xhr|http)/, 'http'],
  [/^(ui\b|ui\.|click|input|keypress|touch)/, 'ui'],
  [/^(console|log)/, 'console'],
  [/^(error|exception|sentry\.event)/, 'error'],
];

export function breadcrumbKind(category: string): BreadcrumbKind {
  const c = category.toLowerCase();
  return KIND_OF_CATEGORY.find(([re]) => re.test(c))?.[1] ?? 'other';
}

export const KIND_ICON: Record<BreadcrumbKind, IconName> = {
  navigation: 'compass',
  http: 'exchange-alt',
  ui: 'user',
  console: 'brackets-curly',
  error: 'exclamation-triangle',
  other: 'info-circle',
};

export const KIND_LABEL: Record<BreadcrumbKind, string> = {
  navigation: 'Navigation',
  http: 'HTTP',
  ui: 'User action',
  console: 'Console',
  error: 'Error',
  other: 'Other',
};

/** How the level reads: an error or warning stands out, everything else is quiet. */
export function levelSeverity(level: string): 'error' | 'warning' | 'info' {
  const l = level.toLowerCase();
  if (l === 'error' || l === 'fatal' || l === 'critical') {
    return 'error';
  }
  if (l === 'warning' || l === 'warn') {
    return 'warning';
  }
  return 'info';
}

/** "−2.6 s" before the error (or "" without both times); minutes past a minute. */
export function beforeError(time: number | null, errorTime: number | undefined): string {
  if (time === null || errorTime === undefined) {
    return '';
  }
  const ms = errorTime - time;
  if (ms < 0) {
    return `+${formatSpan(-ms)}`;
  }
  return `−${formatSpan(ms)}`;
}

function formatSpan(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** Oldest first, whatever order they came in; breadcrumbs without a time keep their place at the end. */
export function inOrder(rows: BreadcrumbRow[]): BreadcrumbRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.time ?? Infinity) - (b.r.time ?? Infinity) || a.i - b.i)
    .map(({ r }) => r);
}
