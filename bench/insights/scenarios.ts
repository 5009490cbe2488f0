/**
 * The benchmark's scenarios: five faults of known cause and onset, four null scenarios. Fault
 * onsets are at 14:00 UTC (the daily peak, ≥ 1,000 sessions/hour: the target's traffic) on the
 * last day that fits before the real clock, because the ingest takes timestamps up to 30 days old
 * and the detectors replay time through `now`.
 */
import { CDN, ENDPOINTS, GTM_SCRIPT } from './catalog';
import { DAY, HOUR, MINUTE, type Fault, type Expected, type Scenario } from './scenario';

export interface FaultLayout {
  onset: number;
  /** Past days of history (the detectors' baselines read the same minutes 1..7 days back). */
  historyDays: number;
  /**
   * Traffic each history day around the onset's time of day, [onset − before, onset + after), and
   * on the onset's day from onset − onsetBefore: the detectors read the current 10-minute window,
   * the same minutes 1..7 days (and weeks) back, and 120 minutes before it for the change point,
   * so the other hours of the day would cost ingest time and change nothing they see.
   */
  beforeMs: number;
  onsetBeforeMs: number;
  afterMs: number;
  /** Scale of the traffic (1 = the benchmark's 1,250 sessions/hour peak). */
  traffic?: number;
}

/** The latest 14:00 UTC from which `afterMs` of traffic ends before `realNow` − 2 min. */
export function latestOnset(realNow: number, afterMs: number): number {
  let onset = Math.floor(realNow / DAY) * DAY + 14 * HOUR;
  while (onset + afterMs > realNow - 2 * MINUTE) onset -= DAY;
  return onset;
}

const BASE = '2.3.0';
const PREVIOUS = '2.4.0';
const FAULTY = '2.5.0';

export const FAULT_NAMES = [
  'hero-image-lcp',
  'browser-errors',
  'slow-endpoint',
  'third-party-long-tasks',
  'deploy-error-spike',
] as const;

function faultOf(
  name: (typeof FAULT_NAMES)[number],
  at: number,
): { fault: Fault; expected: Expected; release: boolean } {
  switch (name) {
    case 'hero-image-lcp':
      return {
        release: true,
        fault: {
          type: 'hero_image',
          at,
          release: FAULTY,
          route: '/products/:id',
          imageUrl: `${CDN}/img/hero-2400w.jpg`,
          bytes: 1_150_000,
          lcpFactor: 2.2,
        },
        expected: {
          metric: 'LCP',
          scope: { route: '/products/:id', release: FAULTY },
          causes: [{ dimension: 'route', value: '/products/:id' }, { value: 'hero-2400w.jpg' }],
        },
      };
    case 'browser-errors':
      return {
        release: true,
        fault: { type: 'browser_errors', at, release: FAULTY, browser: 'Firefox', rate: 0.3 },
        expected: {
          metric: 'error|issue',
          scope: { browser: 'Firefox', browser_name: 'Firefox', release: FAULTY },
          causes: [{ dimension: 'browser', value: 'Firefox', inScope: true }],
        },
      };
    case 'slow-endpoint':
      return {
        release: false,
        fault: { type: 'slow_endpoint', at, endpoint: ENDPOINTS.search!.template, factor: 4 },
        expected: {
          metric: 'http',
          scope: {
            // The anomaly detector's endpoint key: method, host and template.
            endpoint: 'GET api.shop.example/v1/search',
            url_template: '/v1/search',
            server: 'api.shop.example',
            route: '/search',
          },
          causes: [{ value: '/v1/search', inScope: true }],
        },
      };
    case 'third-party-long-tasks':
      return {
        release: false,
        fault: {
          type: 'third_party_long_tasks',
          at,
          country: 'DE',
          script: GTM_SCRIPT,
          prob: 0.9,
          durationMs: 280,
        },
        expected: {
          metric: 'long_task|INP',
          scope: { country: 'DE', script_url: GTM_SCRIPT, script: GTM_SCRIPT },
          causes: [
            { dimension: 'country', value: 'DE', inScope: true },
            { value: 'googletagmanager.com', inScope: true },
          ],
        },
      };
    case 'deploy-error-spike':
      return {
        release: true,
        fault: { type: 'deploy_error_spike', at, release: FAULTY, rate: 0.05 },
        expected: {
          metric: 'error|issue',
          scope: { release: FAULTY },
          causes: [{ dimension: 'release', value: FAULTY, inScope: true }, { value: 'ChunkLoadError' }],
        },
      };
  }
}

export function faultScenarios(l: FaultLayout, names: readonly string[] = FAULT_NAMES): Scenario[] {
  const active = Array.from({ length: l.historyDays + 1 }, (_, d) => ({
    from: l.onset - d * DAY - (d === 0 ? l.onsetBeforeMs : l.beforeMs),
    to: l.onset - d * DAY + l.afterMs,
  }));
  return FAULT_NAMES.filter((n) => names.includes(n)).map((name) => {
    const { fault, expected, release } = faultOf(name, l.onset);
    const releases = [
      { version: BASE, at: l.onset - (l.historyDays + 2) * DAY },
      // A healthy release the day before: the faulty one's predecessor with plenty of sessions.
      { version: PREVIOUS, at: l.onset - DAY - l.beforeMs / 2 },
    ];
    if (release) releases.push({ version: FAULTY, at: l.onset });
    return {
      name,
      seed: 1000 + FAULT_NAMES.indexOf(name),
      from: active[active.length - 1]!.from,
      to: l.onset + l.afterMs,
      active,
      peakSessionsPerHour: 1250 * (l.traffic ?? 1),
      troughShare: 0.25,
      // Onset traffic stays ≥ 1,000 sessions/hour on a weekend too.
      weekendShare: 0.85,
      releases,
      fault,
      expected,
    };
  });
}

export interface NullLayout {
  /** End of the generated traffic (the last evaluation). */
  end: number;
  /** Days of traffic before the evaluated stretch (baselines need ≥ 3 past days). */
  warmupDays: number;
  /** Evaluated days (a simulated week by default). */
  evalDays: number;
  traffic?: number;
}

export const NULL_NAMES = ['no-change', 'daily-cycle', 'low-traffic', 'traffic-surge'] as const;

export function nullScenarios(l: NullLayout, names: readonly string[] = NULL_NAMES): Scenario[] {
  const from = Math.floor((l.end - (l.warmupDays + l.evalDays) * DAY) / MINUTE) * MINUTE;
  const k = l.traffic ?? 1;
  // Healthy releases every two days (the release detector must stay quiet about them).
  const releases = (first: number) =>
    Array.from({ length: Math.ceil((l.warmupDays + l.evalDays) / 2) + 1 }, (_, i) => ({
      version: `3.${i}.0`,
      at: first + i * 2 * DAY,
    }));
  // Under a day evaluated, only what its evaluations read is generated: the evaluated hours and
  // the 2.5 hours before (change point), the same hours each warm-up day (baselines).
  const active =
    l.evalDays < 1
      ? Array.from({ length: l.warmupDays + 1 }, (_, d) => ({
          from: l.end - d * DAY - l.evalDays * DAY - 2.5 * HOUR,
          to: l.end - d * DAY,
        }))
      : undefined;
  const base = { from, to: l.end, active, releases: releases(from - DAY) };
  const all: Scenario[] = [
    {
      ...base,
      name: 'no-change',
      seed: 2001,
      peakSessionsPerHour: 250 * k,
      troughShare: 0.8,
      weekendShare: 1,
      releases: [{ version: '3.0.0', at: from - DAY }],
    },
    {
      ...base,
      name: 'daily-cycle',
      seed: 2002,
      peakSessionsPerHour: 500 * k,
      troughShare: 0.08,
      weekendShare: 0.6,
    },
    { ...base, name: 'low-traffic', seed: 2003, peakSessionsPerHour: 30, troughShare: 1, weekendShare: 1 },
    {
      ...base,
      name: 'traffic-surge',
      seed: 2004,
      peakSessionsPerHour: 250 * k,
      troughShare: 0.4,
      weekendShare: 0.8,
      // A campaign: four times the traffic for three hours in the evaluated stretch, same health.
      surge: {
        from: l.end - (l.evalDays / 2) * DAY - 1.5 * HOUR,
        to: l.end - (l.evalDays / 2) * DAY + 1.5 * HOUR,
        factor: 4,
      },
    },
  ];
  return all.filter((s) => names.includes(s.name));
}
