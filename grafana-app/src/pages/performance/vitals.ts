/**
 * Core Web Vitals as the Performance page shows them: web.dev's rating thresholds, how a value is
 * written, and the per-route rows assembled from the page's query frames. Pure (no React, no
 * Scenes), so the rules are tested by table.
 */
import type { DataFrame } from '@grafana/data';

export const VITALS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type Vital = (typeof VITALS)[number];

export type Rating = 'good' | 'needs-improvement' | 'poor';

/**
 * web.dev's thresholds: good up to `good`, poor above `poor`, needs improvement between (web-vitals
 * rates a value equal to a threshold as the better side). CLS has no unit, the others are ms.
 */
export const THRESHOLDS: Record<Vital, { good: number; poor: number }> = {
  LCP: { good: 2500, poor: 4000 },
  INP: { good: 200, poor: 500 },
  CLS: { good: 0.1, poor: 0.25 },
  FCP: { good: 1800, poor: 3000 },
  TTFB: { good: 800, poor: 1800 },
};

export const VITAL_NAMES: Record<Vital, string> = {
  LCP: 'Largest Contentful Paint',
  INP: 'Interaction to Next Paint',
  CLS: 'Cumulative Layout Shift',
  FCP: 'First Contentful Paint',
  TTFB: 'Time to First Byte',
};

export const RATING_LABELS: Record<Rating, string> = {
  good: 'Good',
  'needs-improvement': 'Needs improvement',
  poor: 'Poor',
};

/** Grafana's palette names for the ratings (the colours web.dev and Grafana's own CWV panels use). */
export const RATING_COLORS: Record<Rating, 'green' | 'orange' | 'red'> = {
  good: 'green',
  'needs-improvement': 'orange',
  poor: 'red',
};

export function isVital(value: unknown): value is Vital {
  return VITALS.includes(value as Vital);
}

/** The rating of a value; undefined when there is no value (no samples). */
export function rateVital(vital: Vital, value: number | null | undefined): Rating | undefined {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return undefined;
  }
  const { good, poor } = THRESHOLDS[vital];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

/**
 * A vital's value as web.dev writes it: milliseconds below a second ("180 ms"), seconds above
 * ("2.45 s"), CLS as a plain number with two decimals (three below 0.01, so 0.004 is not "0.00").
 */
export function formatVital(vital: Vital, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  if (vital === 'CLS') {
    return value !== 0 && value < 0.01 ? value.toFixed(3) : value.toFixed(2);
  }
  if (value < 1000) {
    return `${Math.round(value)} ms`;
  }
  return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

/** Grafana threshold steps for a vital (for colouring bars and drawing the bands on a time series). */
export function thresholdSteps(vital: Vital) {
  const { good, poor } = THRESHOLDS[vital];
  return [
    { value: -Infinity, color: RATING_COLORS.good },
    { value: good, color: RATING_COLORS['needs-improvement'] },
    { value: poor, color: RATING_COLORS.poor },
  ];
}

export interface VitalCell {
  p75: number | null;
  p95: number | null;
  samples: number;
}

export interface RouteVitals {
  route: string;
  /** Most samples of any vital: the route's traffic, what the table sorts by. */
  samples: number;
  vitals: Partial<Record<Vital, VitalCell>>;
  /** p75 of the chosen vital over time. */
  trend?: { times: number[]; values: Array<number | null> };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A frame's values by field name. */
export function columnsOf(frame: DataFrame): Record<string, unknown[]> {
  return Object.fromEntries(frame.fields.map((f) => [f.name, Array.from(f.values as ArrayLike<unknown>)]));
}

/**
 * One row per route from the page's frames: refId = vital for the table queries (route, p75, p95,
 * samples), refId `trendRefId` for the chosen vital's time series (one frame per route, the route
 * as a label). Routes with most samples first.
 */
export function routeRows(frames: DataFrame[], trendRefId: string): RouteVitals[] {
  const byRoute = new Map<string, RouteVitals>();
  const rowOf = (route: string) => {
    let row = byRoute.get(route);
    if (!row) {
      row = { route, samples: 0, vitals: {} };
      byRoute.set(route, row);
    }
    return row;
  };
  for (const frame of frames) {
    if (isVital(frame.refId)) {
      const c = columnsOf(frame);
      (c.route ?? []).forEach((route, i) => {
        const row = rowOf(String(route));
        const samples = num(c.samples?.[i]) ?? 0;
        row.vitals[frame.refId as Vital] = { p75: num(c.p75?.[i]), p95: num(c.p95?.[i]), samples };
        row.samples = Math.max(row.samples, samples);
      });
    }
  }
  for (const frame of frames) {
    if (frame.refId !== trendRefId) {
      continue;
    }
    const time = frame.fields.find((f) => f.type === 'time');
    const p75 = frame.fields.find((f) => f.name === 'p75');
    const route = p75?.labels?.route;
    if (time && p75 && route !== undefined && byRoute.has(route)) {
      rowOf(route).trend = {
        times: Array.from(time.values as ArrayLike<number>),
        values: Array.from(p75.values as ArrayLike<unknown>).map(num),
      };
    }
  }
  return [...byRoute.values()].sort((a, b) => b.samples - a.samples || a.route.localeCompare(b.route));
}
