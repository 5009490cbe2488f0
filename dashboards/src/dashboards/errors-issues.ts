/** Errors and issues: error volume and rate, the issues they group into, and what is new. */
import { pulseTraceDashboard } from '../common';
import { barPanel, HALF, statPanel, tablePanel, timeseriesPanel } from '../panels';
import { pt } from '../query';

export function errorsIssues() {
  return pulseTraceDashboard({
    slug: 'errors-issues',
    title: 'PulseTrace / Errors and issues',
    description:
      'Errors over time, the share of page views and sessions with one, issues by events and users, and new issues.',
    appPages: ['issues', 'insights'],
  })
    .withPanel(statPanel('Errors', pt('errors', { view: 'table' }), { w: 8 }))
    .withPanel(
      statPanel('Sessions with an error', pt('error_rate', { view: 'table', per: 'session' }), {
        w: 8,
        unit: 'percentunit',
      }),
    )
    .withPanel(
      statPanel('Page views with an error', pt('error_rate', { view: 'table', per: 'page_view' }), {
        w: 8,
        unit: 'percentunit',
      }),
    )
    .withPanel(timeseriesPanel('Errors', [pt('errors', { view: 'timeseries' })], { w: HALF }))
    .withPanel(
      timeseriesPanel('Error rate per session', [pt('error_rate', { view: 'timeseries', per: 'session' })], {
        w: HALF,
        unit: 'percentunit',
      }),
    )
    .withPanel(
      barPanel('Errors by browser', pt('errors', { view: 'table', groupBy: ['browser'] }), { w: HALF }),
    )
    .withPanel(
      barPanel('Errors by release', pt('errors', { view: 'table', groupBy: ['release'] }), { w: HALF }),
    )
    .withPanel(tablePanel('Issues by events', pt('issues', { sort: 'frequent', trend: true, limit: 50 })))
    .withPanel(tablePanel('Newest issues', pt('issues', { sort: 'newest', limit: 20 })));
}
