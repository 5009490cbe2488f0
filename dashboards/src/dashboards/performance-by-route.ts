/** Performance by route: each Core Web Vital's p75 per route, over time, and what blocks the page. */
import { pulseTraceDashboard } from '../common';
import { barPanel, FULL, HALF, rating, tablePanel, timeseriesPanel } from '../panels';
import { pt } from '../query';
import { Vital, VITAL_THRESHOLDS, vitalStat } from './frontend-overview';

const byRoute = (metric: Vital) => {
  const t = VITAL_THRESHOLDS[metric];
  return timeseriesPanel(
    `${metric} p75 by route`,
    [pt('web_vitals', { metric, view: 'timeseries', percentiles: [75], groupBy: ['route'] })],
    { w: HALF, unit: t.unit, thresholds: rating(t.warn, t.bad) },
  );
};

export function performanceByRoute() {
  return pulseTraceDashboard({
    slug: 'performance-by-route',
    title: 'PulseTrace / Performance by route',
    description:
      'LCP, INP, CLS, FCP and TTFB at p75 per route, their trend, long tasks by script and resources by type.',
    appPages: ['performance'],
  })
    .withPanel(vitalStat('LCP', 5))
    .withPanel(vitalStat('INP', 5))
    .withPanel(vitalStat('CLS', 5))
    .withPanel(vitalStat('FCP', 5))
    .withPanel(vitalStat('TTFB', 4))
    .withPanel(
      tablePanel(
        'LCP by route (p50 / p75 / p95)',
        pt('web_vitals', { metric: 'LCP', view: 'table', percentiles: [50, 75, 95], groupBy: ['route'] }),
        { unit: 'ms' },
      ),
    )
    .withPanel(
      tablePanel(
        'INP by route (p50 / p75 / p95)',
        pt('web_vitals', { metric: 'INP', view: 'table', percentiles: [50, 75, 95], groupBy: ['route'] }),
        { unit: 'ms' },
      ),
    )
    .withPanel(byRoute('LCP'))
    .withPanel(byRoute('INP'))
    .withPanel(byRoute('CLS'))
    .withPanel(byRoute('TTFB'))
    .withPanel(
      timeseriesPanel('Long tasks', [pt('long_tasks', { view: 'timeseries' })], { w: HALF, unit: 'ms' }),
    )
    .withPanel(
      tablePanel('Long tasks by script', pt('long_tasks', { view: 'by_script', limit: 20 }), { w: HALF }),
    )
    .withPanel(barPanel('Resources by type', pt('resources', { view: 'by_type' }), { w: HALF }))
    .withPanel(tablePanel('Slowest resources', pt('resources', { view: 'top_urls', limit: 20 }), { w: HALF }))
    .withPanel(
      tablePanel(
        'LCP by browser',
        pt('web_vitals', { metric: 'LCP', view: 'table', percentiles: [75], groupBy: ['browser'] }),
        { w: FULL, unit: 'ms' },
      ),
    );
}
