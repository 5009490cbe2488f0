/** HTTP / API performance: the fetch and XHR calls the pages make, their latency and status codes. */
import { pulseTraceDashboard } from '../common';
import { FULL, HALF, tablePanel, timeseriesPanel } from '../panels';
import { pt } from '../query';

export function httpApi() {
  return pulseTraceDashboard({
    slug: 'http-api',
    title: 'PulseTrace / HTTP and API performance',
    description:
      'fetch / XHR endpoints by latency and failures, status codes, and request latency over time.',
    appPages: ['performance'],
  })
    .withPanel(timeseriesPanel('Requests and latency', [pt('http', { view: 'timeseries' })], { w: FULL }))
    .withPanel(tablePanel('Status codes', pt('http', { view: 'status_codes' }), { w: HALF }))
    .withPanel(tablePanel('Endpoints', pt('http', { view: 'endpoints', limit: 50 }), { w: HALF }))
    .withPanel(
      tablePanel('Endpoints by route', pt('http', { view: 'endpoints', groupBy: ['route'], limit: 50 })),
    );
}
