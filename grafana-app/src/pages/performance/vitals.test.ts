import { FieldType, toDataFrame } from '@grafana/data';
import { formatVital, rateVital, routeRows, thresholdSteps, Vital } from './vitals';

describe('rateVital (web.dev thresholds; a value on a threshold is the better side)', () => {
  it.each<[Vital, number | null, string | undefined]>([
    ['LCP', 2500, 'good'],
    ['LCP', 2501, 'needs-improvement'],
    ['LCP', 4000, 'needs-improvement'],
    ['LCP', 4001, 'poor'],
    ['INP', 200, 'good'],
    ['INP', 201, 'needs-improvement'],
    ['INP', 500, 'needs-improvement'],
    ['INP', 501, 'poor'],
    ['CLS', 0.1, 'good'],
    ['CLS', 0.11, 'needs-improvement'],
    ['CLS', 0.25, 'needs-improvement'],
    ['CLS', 0.26, 'poor'],
    ['FCP', 1800, 'good'],
    ['FCP', 3000, 'needs-improvement'],
    ['FCP', 3001, 'poor'],
    ['TTFB', 800, 'good'],
    ['TTFB', 1800, 'needs-improvement'],
    ['TTFB', 1801, 'poor'],
    ['LCP', null, undefined],
    ['LCP', NaN, undefined],
  ])('%s %p is %p', (vital, value, rating) => {
    expect(rateVital(vital, value)).toBe(rating);
  });
});

describe('formatVital', () => {
  it.each<[Vital, number | null, string]>([
    ['INP', 180.4, '180 ms'],
    ['INP', 999.4, '999 ms'],
    ['LCP', 2450, '2.45 s'],
    ['LCP', 12_340, '12.3 s'],
    ['TTFB', 0, '0 ms'],
    ['CLS', 0.123, '0.12'],
    ['CLS', 0.004, '0.004'],
    ['CLS', 0, '0.00'],
    ['FCP', null, '–'],
  ])('%s %p → %p', (vital, value, text) => {
    expect(formatVital(vital, value)).toBe(text);
  });
});

it('gives Grafana threshold steps at the good and poor thresholds', () => {
  expect(thresholdSteps('INP').map((s) => [s.value, s.color])).toEqual([
    [-Infinity, 'green'],
    [200, 'orange'],
    [500, 'red'],
  ]);
});

describe('routeRows', () => {
  const table = (refId: string, rows: Array<[string, number, number, number]>) =>
    toDataFrame({
      refId,
      fields: [
        { name: 'route', type: FieldType.string, values: rows.map((r) => r[0]) },
        { name: 'p75', type: FieldType.number, values: rows.map((r) => r[1]) },
        { name: 'p95', type: FieldType.number, values: rows.map((r) => r[2]) },
        { name: 'samples', type: FieldType.number, values: rows.map((r) => r[3]) },
      ],
    });
  const trend = (route: string, values: number[]) =>
    toDataFrame({
      refId: 'trend',
      fields: [
        { name: 'time', type: FieldType.time, values: values.map((_, i) => i * 60_000) },
        { name: 'p75', type: FieldType.number, values, labels: { route } },
      ],
    });

  it('joins the vitals of a route, most samples first, with the chosen vital’s trend', () => {
    const rows = routeRows(
      [
        table('LCP', [
          ['/checkout', 3200, 4100, 20],
          ['/', 1900, 2600, 40],
        ]),
        table('CLS', [['/checkout', 0.05, 0.2, 18]]),
        trend('/checkout', [3000, 3400]),
        trend('/gone', [1]),
      ],
      'trend'
    );
    expect(rows.map((r) => r.route)).toEqual(['/', '/checkout']);
    expect(rows[1]).toEqual({
      route: '/checkout',
      samples: 20,
      vitals: { LCP: { p75: 3200, p95: 4100, samples: 20 }, CLS: { p75: 0.05, p95: 0.2, samples: 18 } },
      trend: { times: [0, 60_000], values: [3000, 3400] },
    });
    expect(rows[0]!.trend).toBeUndefined();
  });

  it('has no rows without frames', () => {
    expect(routeRows([], 'trend')).toEqual([]);
  });
});
