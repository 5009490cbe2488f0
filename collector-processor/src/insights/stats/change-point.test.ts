/** Onset of a shift: table cases on seeded noise, including the series with no change. */
import { changePoint, differenceSigma } from './change-point';
import { seededRandom } from './random';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 2, 12);

/** n points of N(level(i), sd²), seeded. */
function series(seed: number, n: number, level: (i: number) => number, sd = 1): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => level(i) + sd * r.normal());
}

interface Case {
  name: string;
  values: number[];
  /** Expected onset index (± tolerance), or null for "no change". */
  onset: number | null;
  tolerance?: number;
}

const cases: Case[] = [
  { name: 'no change, 60 points of noise', values: series(1, 60, () => 10), onset: null },
  { name: 'no change, another seed, 120 points', values: series(2, 120, () => 10), onset: null },
  {
    name: 'a single 8σ spike is not a change',
    values: series(3, 60, (i) => (i === 30 ? 18 : 10)),
    onset: null,
  },
  {
    name: 'step up 3σ at 40 of 60',
    values: series(4, 60, (i) => (i < 40 ? 10 : 13)),
    onset: 40,
    tolerance: 1,
  },
  {
    name: 'step down 2σ at 20 of 60',
    values: series(5, 60, (i) => (i < 20 ? 10 : 8)),
    onset: 20,
    tolerance: 2,
  },
  {
    name: 'step 5σ three points before the end (fresh incident)',
    values: series(6, 60, (i) => (i < 57 ? 10 : 15)),
    onset: 57,
    tolerance: 0,
  },
  {
    name: 'ramp from 30 to 40, then flat',
    values: series(7, 60, (i) => 10 + Math.min(4, Math.max(0, (i - 30) * 0.4))),
    onset: 35,
    tolerance: 6,
  },
  {
    name: 'noise-free step',
    values: Array.from({ length: 20 }, (_, i) => (i < 12 ? 1 : 2)),
    onset: 12,
    tolerance: 0,
  },
  { name: 'constant series', values: Array.from({ length: 20 }, () => 5), onset: null },
  { name: 'too short for two segments', values: [1, 1, 9, 9, 9], onset: null },
];

describe('changePoint', () => {
  it.each(cases)('$name', ({ values, onset, tolerance = 0 }) => {
    const cp = changePoint(values);
    if (onset === null) {
      expect(cp).toBeNull();
      return;
    }
    expect(cp).not.toBeNull();
    expect(Math.abs(cp!.index - onset)).toBeLessThanOrEqual(tolerance);
    expect(cp!.statistic).toBeGreaterThanOrEqual(1.628);
  });

  it('names the bucket start of the onset and the levels either side', () => {
    const values = series(8, 30, (i) => (i < 18 ? 100 : 140), 5);
    const starts = values.map((_, i) => T0 + i * MINUTE);
    const cp = changePoint(values, starts)!;
    expect(cp.start).toBe(T0 + 18 * MINUTE);
    expect(cp.before).toBeCloseTo(100, -1);
    expect(cp.after).toBeCloseTo(140, -1);
  });

  // Nominal 1 %; measured 1.7 %: the Brownian-bridge limit is for n → ∞ and σ is itself estimated.
  it('false changes on no-change series (seed 10): under 2.5 % of 1000 at the 99 % critical value', () => {
    const r = seededRandom(10);
    let found = 0;
    for (let i = 0; i < 1000; i++) if (changePoint(Array.from({ length: 60 }, () => r.normal()))) found++;
    expect(found / 1000).toBeLessThan(0.025);
  });

  it('differenceSigma estimates σ and ignores the step', () => {
    expect(differenceSigma(series(9, 2000, (i) => (i < 1000 ? 0 : 50), 2))).toBeCloseTo(2, 0);
  });
});
