/** Sessions: how many, how long, how deep, and the sessions themselves (with errors first). */
import { pulseTraceDashboard } from '../common';
import { HALF, statPanel, tablePanel, timeseriesPanel } from '../panels';
import { pt } from '../query';

export function sessions() {
  return pulseTraceDashboard({
    slug: 'sessions',
    title: 'PulseTrace / Sessions',
    description:
      'Sessions over time, their duration and depth, the newest sessions and the sessions with errors.',
    appPages: ['sessions'],
  })
    .withPanel(statPanel('Sessions', pt('web_analytics', { metrics: ['sessions'], view: 'total' }), { w: 6 }))
    .withPanel(
      statPanel('Session duration', pt('web_analytics', { metrics: ['session_duration'], view: 'total' }), {
        w: 6,
        unit: 'ms',
      }),
    )
    .withPanel(
      statPanel('Views per session', pt('web_analytics', { metrics: ['views_per_session'], view: 'total' }), {
        w: 6,
      }),
    )
    .withPanel(
      statPanel('Sessions with an error', pt('error_rate', { view: 'table', per: 'session' }), {
        w: 6,
        unit: 'percentunit',
      }),
    )
    .withPanel(
      timeseriesPanel('Sessions', [pt('web_analytics', { metrics: ['sessions'], view: 'timeseries' })], {
        w: HALF,
      }),
    )
    .withPanel(
      timeseriesPanel(
        'Bounce rate',
        [pt('web_analytics', { metrics: ['bounce_rate'], view: 'timeseries' })],
        { w: HALF, unit: 'percentunit' },
      ),
    )
    .withPanel(tablePanel('Newest sessions', pt('sessions', { sort: 'newest', limit: 50 }), { w: HALF }))
    .withPanel(
      tablePanel(
        'Sessions with errors',
        pt('sessions', { sort: 'most_errors', hadError: 'yes', limit: 50 }),
        { w: HALF },
      ),
    );
}
