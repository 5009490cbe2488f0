import { compareCounts, compareSums, poissonInterval, sumInterval } from './counts';
import { seededRandom } from './random';

describe('poissonInterval (score)', () => {
  it.each<[number, number, number]>([
    // c + z²/2 ± z√(c + z²/4), z = 1.959964
    [0, 0, 3.8415],
    [1, 0.1765, 5.6649],
    [10, 5.4318, 18.4096],
    [100, 82.2272, 121.6143],
  ])('%d events: [%f, %f]', (c, low, high) => {
    const i = poissonInterval(c);
    expect(i.estimate).toBe(c);
    expect(i.low).toBeCloseTo(low, 3);
    expect(i.high).toBeCloseTo(high, 3);
  });

  it('covers the true mean in about 95 % of simulated counts', () => {
    const random = seededRandom(7);
    let covered = 0;
    const runs = 4000;
    for (let run = 0; run < runs; run++) {
      const k = random.poisson(6);
      const i = poissonInterval(k);
      if (i.low <= 6 && 6 <= i.high) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.98);
  });
});

describe('compareCounts', () => {
  it.each<[string, [number, number, number, number], number, boolean]>([
    ['no change, equal windows', [100, 1, 100, 1], 0, false],
    ['doubled', [100, 1, 200, 1], 100, true],
    ['same rate over a window twice as long', [50, 1, 100, 2], 0, false],
    ['nothing at all', [0, 1, 0, 1], 0, false],
    ['0 → 5 is not yet significant', [0, 1, 5, 1], 5, true],
  ])('%s', (_, [a, ta, b, tb], estimate, significant) => {
    const c = compareCounts(a, ta, b, tb);
    expect(c.estimate).toBeCloseTo(estimate, 9);
    expect(c.significant).toBe(significant);
    expect(c.low).toBeLessThanOrEqual(c.estimate);
    expect(c.high).toBeGreaterThanOrEqual(c.estimate);
  });

  it('100 vs 200: z = (200 − 150) / √75', () => {
    // Conditional binomial: n = 300, w = 1/2, z = 50 / √75 = 5.77.
    expect(compareCounts(100, 1, 200, 1).pValue).toBeCloseTo(7.7e-9, 9);
  });
});

describe('sumInterval / compareSums (compound Poisson)', () => {
  it('± 1.96 √Σb², floored at 0', () => {
    expect(sumInterval(1000, 40_000)).toEqual({
      estimate: 1000,
      low: expect.closeTo(608.0, 1),
      high: expect.closeTo(1392.0, 1),
    });
    expect(sumInterval(100, 40_000).low).toBe(0);
  });

  it.each<[string, number, number, number, boolean]>([
    ['unchanged', 1000, 40_000, 0, false],
    ['tripled', 3000, 120_000, 2000, true],
  ])('%s', (_, sum, sq, estimate, significant) => {
    const c = compareSums(
      { sum: 1000, sumSquares: 40_000, exposure: 1 },
      { sum, sumSquares: sq, exposure: 1 },
    );
    expect(c.estimate).toBeCloseTo(estimate, 9);
    expect(c.significant).toBe(significant);
  });
});
