/**
 * Release comparison: two releases (the base and the target variables) side by side, so a
 * regression in the newer one shows as a worse number next to the older one.
 */
import { pulseTraceDashboard, valuesVariable } from '../common';
import { barPanel, FULL, HALF, rating, tablePanel, timeseriesPanel } from '../panels';
import { pt } from '../query';

/** Both releases: a panel grouped by release shows one row / series per release. */
const BOTH = { environment: ['$environment'], release: ['$base', '$target'] };

export function releaseComparison() {
  return pulseTraceDashboard({
    slug: 'release-comparison',
    title: 'PulseTrace / Release comparison',
    description:
      'Two releases side by side: Core Web Vitals, error rate, new issues and HTTP latency of the base and the target release.',
    appPages: ['releases', 'insights'],
    // The target opens on the newest release and the base on the newest other one, the release
    // before it: not the same release on both sides.
    variables: [
      valuesVariable('base', 'Base release', 'releases', { regex: '/^(?!${target}$)/' }),
      valuesVariable('target', 'Target release', 'releases'),
    ],
  })
    .withPanel(
      tablePanel(
        'Base vs target',
        pt('release_comparison', {
          baseRelease: '$base',
          targetRelease: '$target',
          filters: { environment: ['$environment'] },
        }),
      ),
    )
    .withPanel(
      barPanel(
        'LCP p75 by release',
        pt('web_vitals', {
          metric: 'LCP',
          view: 'table',
          percentiles: [75],
          groupBy: ['release'],
          filters: BOTH,
        }),
        { w: HALF, unit: 'ms' },
      ),
    )
    .withPanel(
      barPanel(
        'INP p75 by release',
        pt('web_vitals', {
          metric: 'INP',
          view: 'table',
          percentiles: [75],
          groupBy: ['release'],
          filters: BOTH,
        }),
        { w: HALF, unit: 'ms' },
      ),
    )
    .withPanel(
      barPanel(
        'Error rate by release',
        pt('error_rate', { view: 'table', per: 'page_view', groupBy: ['release'], filters: BOTH }),
        { w: HALF, unit: 'percentunit' },
      ),
    )
    .withPanel(
      tablePanel(
        'LCP p75 by route and release',
        pt('web_vitals', {
          metric: 'LCP',
          view: 'table',
          percentiles: [75],
          groupBy: ['route', 'release'],
          filters: BOTH,
        }),
        { w: HALF, unit: 'ms' },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'LCP p75 over time',
        [
          pt('web_vitals', {
            metric: 'LCP',
            view: 'timeseries',
            percentiles: [75],
            groupBy: ['release'],
            filters: BOTH,
          }),
        ],
        {
          w: HALF,
          unit: 'ms',
          thresholds: rating(2500, 4000),
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Errors over time',
        [pt('errors', { view: 'timeseries', groupBy: ['release'], filters: BOTH })],
        { w: HALF },
      ),
    )
    .withPanel(
      tablePanel(
        'Issues in the target release',
        pt('issues', {
          sort: 'newest',
          filters: { environment: ['$environment'], release: ['$target'] },
          limit: 20,
        }),
        { w: FULL },
      ),
    )
    .withPanel(
      tablePanel('Releases', pt('releases', { filters: { environment: ['$environment'] } }), { w: FULL }),
    );
}
