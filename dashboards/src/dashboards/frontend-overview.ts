/** Frontend overview: Core Web Vitals p75 against their thresholds, errors, traffic and top issues. */
import { pulseTraceDashboard } from '../common';
import { FULL, HALF, QUARTER, rating, statPanel, tablePanel, THIRD, timeseriesPanel } from '../panels';
import { pt } from '../query';

/** web-vitals' good / poor boundaries (the same the SDK rates samples with). */
export const VITAL_THRESHOLDS = {
  LCP: { warn: 2500, bad: 4000, unit: 'ms' },
  INP: { warn: 200, bad: 500, unit: 'ms' },
  CLS: { warn: 0.1, bad: 0.25, unit: 'none' },
  FCP: { warn: 1800, bad: 3000, unit: 'ms' },
  TTFB: { warn: 800, bad: 1800, unit: 'ms' },
} as const;
export type Vital = keyof typeof VITAL_THRESHOLDS;

/** One vital's p75 as a stat coloured good / needs improvement / poor. */
export function vitalStat(metric: Vital, w = QUARTER) {
  const t = VITAL_THRESHOLDS[metric];
  return statPanel(`${metric} p75`, pt('web_vitals', { metric, view: 'table', percentiles: [75] }), {
    w,
    unit: t.unit,
    thresholds: rating(t.warn, t.bad),
  });
}

export function frontendOverview() {
  return pulseTraceDashboard({
    slug: 'frontend-overview',
    title: 'PulseTrace / Frontend overview',
    description:
      'Core Web Vitals at p75 against their thresholds, error rate, sessions, page views and the top issues.',
    appPages: ['overview', 'issues', 'performance'],
  })
    .withPanel(vitalStat('LCP', 4))
    .withPanel(vitalStat('INP', 4))
    .withPanel(vitalStat('CLS', 4))
    .withPanel(
      statPanel('Error rate (page views)', pt('error_rate', { view: 'table', per: 'page_view' }), {
        w: 4,
        unit: 'percentunit',
        thresholds: rating(0.01, 0.05),
      }),
    )
    .withPanel(statPanel('Sessions', pt('web_analytics', { metrics: ['sessions'], view: 'total' }), { w: 4 }))
    .withPanel(
      statPanel('Page views', pt('web_analytics', { metrics: ['page_views'], view: 'total' }), { w: 4 }),
    )
    .withPanel(
      timeseriesPanel(
        'LCP p75',
        [pt('web_vitals', { metric: 'LCP', view: 'timeseries', percentiles: [75] })],
        {
          w: THIRD,
          unit: 'ms',
          thresholds: rating(2500, 4000),
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'INP p75',
        [pt('web_vitals', { metric: 'INP', view: 'timeseries', percentiles: [75] })],
        {
          w: THIRD,
          unit: 'ms',
          thresholds: rating(200, 500),
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'CLS p75',
        [pt('web_vitals', { metric: 'CLS', view: 'timeseries', percentiles: [75] })],
        {
          w: THIRD,
          thresholds: rating(0.1, 0.25),
        },
      ),
    )
    .withPanel(
      timeseriesPanel('Error rate', [pt('error_rate', { view: 'timeseries', per: 'page_view' })], {
        w: HALF,
        unit: 'percentunit',
      }),
    )
    .withPanel(
      timeseriesPanel(
        'Traffic',
        [pt('web_analytics', { metrics: ['page_views', 'sessions'], view: 'timeseries' })],
        {
          w: HALF,
        },
      ),
    )
    .withPanel(
      tablePanel(
        'Top issues',
        pt('issues', { sort: 'frequent', statuses: ['unresolved', 'regressed'], limit: 10 }),
        { w: FULL },
      ),
    );
}
