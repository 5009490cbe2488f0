import { baseQuery } from '../../testkit';
import {
  buildAttributionSql,
  buildHistogramSql,
  buildPhasesSql,
  HISTOGRAM_BUCKETS,
  VITAL_PHASES,
} from './web-vitals-breakdown-sql';
import type { WebVitalsQuery } from './web-vitals-sql';

const base = baseQuery({ project: 'shop', from: 1_700_000_000_000, to: 1_700_086_400_000 });
const query = (q: Partial<WebVitalsQuery>): WebVitalsQuery => ({
  ...base,
  metric: 'INP',
  percentiles: [75],
  view: 'histogram',
  ...q,
});

describe('web_vitals per-sample views', () => {
  it('binds the attribution key as a parameter, never as SQL text', () => {
    const key = "target'] OR 1=1 --";
    const built = buildAttributionSql({ ...query({ view: 'attribution' }), attribution: key });
    expect(built.sql).not.toContain('OR 1=1');
    expect(Object.values(built.params)).toContain(key);
    expect(built.sql).toContain('FROM web_vitals WHERE');
  });

  it.each(Object.entries(HISTOGRAM_BUCKETS))(
    '%s: the good and poor thresholds are bucket edges, the last bucket a whole number of widths',
    (metric, { width, max }) => {
      const thresholds = {
        LCP: [2500, 4000],
        INP: [200, 500],
        CLS: [0.1, 0.25],
        FCP: [1800, 3000],
        TTFB: [800, 1800],
      }[metric]!;
      for (const t of [...thresholds, max]) {
        expect([metric, t, Math.abs(t / width - Math.round(t / width)) < 1e-9]).toEqual([metric, t, true]);
      }
    },
  );

  it('leaves soft navigations out of LCP unless navigation types are asked about', () => {
    const lcp = buildHistogramSql(query({ metric: 'LCP' }));
    expect(Object.values(lcp.params)).toContainEqual(['soft-navigation']);
    const asked = buildHistogramSql(
      query({ metric: 'LCP', filters: { navigationType: ['soft-navigation'] } }),
    );
    expect(asked.sql).not.toContain('NOT IN');
  });

  it('reads the phases of the metric, in their order, and none for CLS', () => {
    const built = buildPhasesSql(query({ metric: 'INP', view: 'phases' }));
    expect(Object.values(built.params)).toContainEqual([
      'inputDelay',
      'processingDuration',
      'presentationDelay',
    ]);
    expect(built.sql).toContain('ORDER BY indexOf(');
    expect(VITAL_PHASES.CLS).toEqual([]);
  });
});
