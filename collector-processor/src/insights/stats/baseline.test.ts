/**
 * The seasonal baseline against simulated hourly series (seeded, so every number is exact): daily
 * cycles and low traffic must not alarm, real changes must.
 */
import { seasonalBaseline } from './baseline';
import { rateStdError } from './intervals';
import { seededRandom } from './random';
import type { BaselineOptions, SeriesPoint } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Wednesday 2 December 2026, 12:00 UTC: the daily peak of the simulated traffic. */
const NOON = Date.UTC(2026, 11, 2, 12);

/** Sessions per hour: a strong daily cycle (×0.2 at night, ×1.8 at noon), weekends at 60 %. */
function traffic(t: number, peak: number): number {
  const hour = new Date(t).getUTCHours();
  const weekend = [0, 6].includes(new Date(t).getUTCDay()) ? 0.6 : 1;
  return (peak / 1.8) * weekend * (1 + 0.8 * Math.sin((2 * Math.PI * (hour - 6)) / 24));
}

type Make = (t: number) => SeriesPoint;

/** Hourly buckets for `days` days before `until` (exclusive). */
function history(days: number, until: number, make: Make): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let t = until - days * DAY; t < until; t += HOUR) points.push(make(t));
  return points;
}

/** Session counts (Poisson around the daily cycle). */
function sessions(seed: number, peak: number): Make {
  const r = seededRandom(seed);
  return (t) => {
    const n = r.poisson(traffic(t, peak));
    // A count's own Poisson error, as the engine passes it.
    return { start: t, value: n, samples: n, stdError: Math.sqrt(n) };
  };
}

/** Error rate errors/sessions (binomial), with its sampling standard error. */
function errorRate(seed: number, peak: number, p: number): Make {
  const r = seededRandom(seed);
  return (t) => {
    const n = r.poisson(traffic(t, peak));
    const x = r.binomial(n, p);
    return { start: t, value: n ? x / n : 0, samples: n, stdError: n ? rateStdError(x, n) : 0 };
  };
}

/** p75 of LCP (ms) that follows the daily cycle (slower at peak load), with its standard error. */
function lcp(seed: number): Make {
  const r = seededRandom(seed);
  return (t) => {
    const load = traffic(t, 1.8);
    return { start: t, value: 2200 + 300 * load + 40 * r.normal(), samples: 500, stdError: 40 };
  };
}

interface Case {
  name: string;
  days: number;
  make: Make;
  current: (make: Make) => SeriesPoint;
  options?: BaselineOptions;
  alarm: boolean;
  enoughData?: boolean;
  season?: string;
}

const same = (make: Make) => make(NOON);
const scaled = (factor: number) => (make: Make) => {
  const p = make(NOON);
  return { ...p, value: p.value * factor, samples: Math.round(p.samples * factor) };
};

const cases: Case[] = [
  {
    name: 'daily peak of a strong cycle',
    days: 35,
    make: sessions(1, 2000),
    current: same,
    alarm: false,
    season: 'weekly',
  },
  {
    name: 'traffic halves at the peak',
    days: 35,
    make: sessions(2, 2000),
    current: scaled(0.5),
    alarm: true,
  },
  {
    name: 'traffic halves, only rises watched',
    days: 35,
    make: sessions(2, 2000),
    current: scaled(0.5),
    options: { direction: 'up' },
    alarm: false,
  },
  { name: 'LCP p75 at its usual peak', days: 35, make: lcp(3), current: same, alarm: false },
  {
    name: 'LCP p75 up 700 ms (heavier hero image)',
    days: 35,
    make: lcp(3),
    current: (m) => ({ ...m(NOON), value: m(NOON).value + 700 }),
    alarm: true,
  },
  {
    name: 'error rate 1 % at 2000 sessions/h',
    days: 35,
    make: errorRate(4, 2000, 0.01),
    current: same,
    alarm: false,
  },
  {
    name: 'error rate 1 % → 3 % at 2000 sessions/h',
    days: 35,
    make: errorRate(4, 2000, 0.01),
    current: () => ({ start: NOON, value: 0.03, samples: 2000, stdError: rateStdError(60, 2000) }),
    alarm: true,
  },
  {
    name: 'low traffic: 3 errors in 40 sessions against 2 %',
    days: 35,
    make: errorRate(5, 40, 0.02),
    current: () => ({ start: NOON, value: 3 / 40, samples: 40, stdError: rateStdError(3, 40) }),
    alarm: false,
  },
  {
    name: 'low traffic: 2 errors in 8 sessions (below minSamples)',
    days: 35,
    make: errorRate(5, 40, 0.02),
    current: () => ({ start: NOON, value: 2 / 8, samples: 8, stdError: rateStdError(2, 8) }),
    alarm: false,
    enoughData: false,
  },
  {
    name: 'five days of history: same hour of past days',
    days: 5,
    make: sessions(6, 2000),
    current: same,
    alarm: false,
    season: 'daily',
  },
  {
    name: 'two days of history: no baseline',
    days: 2,
    make: sessions(7, 2000),
    current: scaled(3),
    alarm: false,
    enoughData: false,
    season: 'none',
  },
];

describe('seasonalBaseline', () => {
  it.each(cases)('$name', ({ days, make, current, options, alarm, enoughData = true, season }) => {
    const points = history(days, NOON, make);
    const b = seasonalBaseline(points, current(make), options);
    expect(b.enoughData).toBe(enoughData);
    expect(b.alarm).toBe(alarm);
    if (season) expect(b.season).toBe(season);
    expect(b.reason).not.toBe('');
  });

  // Under 3 weeks of history the fallback compares with past days of the same kind only: a Sunday
  // at 60 % of weekday traffic is not a drop against Thursday–Saturday.
  /** Sunday 6 December 2026, 14:00 UTC, and Monday 7 December. */
  const SUNDAY = Date.UTC(2026, 11, 6, 14);
  const MONDAY = SUNDAY + DAY;
  it.each([
    // [name, history days before the judged hour, judged hour, enoughData, points]
    ['Sunday, 8 days: Saturday and last Sunday only', 8, SUNDAY, false, 2],
    ['Sunday, 15 days: Saturday and the two last Sundays', 15, SUNDAY, true, 3],
    ['Monday, 8 days: the five past weekdays', 8, MONDAY, true, 5],
    ['Saturday, 8 days: Sunday (6 days back) and last Saturday', 8, SUNDAY - DAY, false, 2],
  ] as const)('daily fallback, %s', (_name, days, at, enoughData, points) => {
    const b = seasonalBaseline(history(days, at, sessions(21, 2000)), sessions(22, 2000)(at));
    expect(b).toMatchObject({ enoughData, points });
    if (enoughData) expect(b.season).toBe('daily');
  });

  // mixDayKinds (rates and percentiles, which the weekly cycle does not scale): a weekend with
  // too few days of its kind takes the weekdays too; enough days of its kind are kept alone.
  it.each([
    ['Sunday, 8 days: days 1..7 of both kinds', 8, SUNDAY, 7, /weekdays and weekend days/],
    ['Saturday, 8 days: days 1..7 of both kinds', 8, SUNDAY - DAY, 7, /weekdays and weekend days/],
    ['Sunday, 15 days: its own kind suffices', 15, SUNDAY, 3, /weekend days$/],
    ['Monday, 8 days: the five past weekdays', 8, MONDAY, 5, /weekdays$/],
  ] as const)('daily fallback with mixDayKinds, %s', (_name, days, at, points, reason) => {
    const make = errorRate(23, 2000, 0.01);
    const b = seasonalBaseline(history(days, at, make), make(at), { mixDayKinds: true });
    expect(b).toMatchObject({ enoughData: true, points, season: 'daily', alarm: false });
    expect(b.reason).toMatch(reason);
    const up = seasonalBaseline(
      history(days, at, make),
      { start: at, value: 0.03, samples: 2000, stdError: rateStdError(60, 2000) },
      { mixDayKinds: true },
    );
    expect(up.alarm).toBe(true);
  });

  it.each([8, 10, 14, 20])(
    'weekly cycle with %i days of history: no false alarm in a week of hourly judgements',
    (days) => {
      // History grows as the week is replayed: day d of the judged week has days + d days behind it.
      const make = sessions(30 + days, 2000);
      const start = NOON + 2 * DAY;
      const points = history(days + 7, start + 7 * DAY, make);
      let alarms = 0;
      for (const current of points.filter((p) => p.start >= start)) {
        const past = points.filter(
          (p) => p.start < current.start && p.start >= current.start - (days + 7) * DAY,
        );
        if (seasonalBaseline(past, current).alarm) alarms++;
      }
      expect(alarms).toBe(0);
    },
  );

  it('a past incident in one week does not move the baseline (median, not mean)', () => {
    const flat = (t: number): SeriesPoint => ({ start: t, value: 100, samples: 100 });
    const points = history(28, NOON, flat).map((p) =>
      p.start === NOON - 7 * DAY ? { ...p, value: 900 } : p,
    );
    const b = seasonalBaseline(points, { start: NOON, value: 102, samples: 100 });
    expect(b.expected).toBe(100);
    expect(b.alarm).toBe(false);
  });

  it('a flat history has a spread floor (5 % of expected) instead of a zero MAD', () => {
    const flat = (t: number): SeriesPoint => ({ start: t, value: 100, samples: 100 });
    const points = history(28, NOON, flat);
    expect(seasonalBaseline(points, { start: NOON, value: 101, samples: 100 })).toMatchObject({
      spread: 5,
      score: 0.2,
      alarm: false,
    });
    expect(seasonalBaseline(points, { start: NOON, value: 130, samples: 100 })).toMatchObject({
      score: 6,
      alarm: true,
    });
  });

  it('minute buckets: the whole hour of each past week counts', () => {
    const points: SeriesPoint[] = [];
    for (let t = NOON - 29 * DAY; t < NOON; t += 60_000) points.push({ start: t, value: 10, samples: 50 });
    // ±30 min around NOON − k weeks: 59 minutes each (the bucket 30 min away belongs to the next hour).
    expect(seasonalBaseline(points, { start: NOON, value: 10, samples: 50 }).points).toBe(4 * 59);
  });

  it.each([
    ['sessions, strong daily cycle', sessions(11, 2000)],
    ['error rate, low traffic (40 sessions/h at peak)', errorRate(12, 40, 0.02)],
    ['error rate, 2000 sessions/h', errorRate(13, 2000, 0.01)],
    ['LCP p75 following load', lcp(14)],
  ])('null scenario, %s: at most 1 alarm in a week of hourly judgements', (_name, make) => {
    const points = history(35, NOON, make);
    let alarms = 0;
    let judged = 0;
    for (const current of points.filter((p) => p.start >= NOON - 7 * DAY)) {
      const b = seasonalBaseline(points, current);
      if (b.enoughData) judged++;
      if (b.alarm) alarms++;
    }
    expect(judged).toBeGreaterThan(0);
    expect(alarms).toBeLessThanOrEqual(1);
  });

  it('calibration: 20 simulated weeks of a 1 % error rate, false alarms near the normal tail (4.7e-4 per judgement at 3.5)', () => {
    let judged = 0;
    let alarms = 0;
    for (let k = 0; k < 20; k++) {
      const points = history(63, NOON, errorRate(100 + k, 2000, 0.01));
      for (const current of points.filter((p) => p.start >= NOON - 7 * DAY)) {
        const b = seasonalBaseline(points, current, { weeks: 8 });
        if (b.enoughData) judged++;
        if (b.alarm) alarms++;
      }
    }
    expect(judged).toBe(20 * 168);
    // Measured: 3 of 3360 (8.9e-4); nominal 1.6.
    expect(alarms).toBeLessThanOrEqual(5);
  });
});
