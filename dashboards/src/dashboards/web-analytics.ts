/** Web analytics: visitors, page views, engagement and where traffic comes from. */
import { pulseTraceDashboard } from '../common';
import { barPanel, FULL, HALF, statPanel, tablePanel, THIRD, timeseriesPanel } from '../panels';
import { pt } from '../query';

const total = (title: string, metric: string, unit?: string) =>
  statPanel(title, pt('web_analytics', { metrics: [metric], view: 'total' }), { w: 4, unit });
const breakdown = (title: string, dimension: string, w = THIRD) =>
  barPanel(title, pt('web_breakdown', { dimension, limit: 10 }), { w });

export function webAnalytics() {
  return pulseTraceDashboard({
    slug: 'web-analytics',
    title: 'PulseTrace / Web analytics',
    description:
      'Visitors, page views, sessions, bounce rate and time on site; top pages, referrers, campaigns, devices and countries.',
    appPages: ['analytics'],
  })
    .withPanel(total('Visitors', 'visitors'))
    .withPanel(total('Page views', 'page_views'))
    .withPanel(total('Sessions', 'sessions'))
    .withPanel(total('Bounce rate', 'bounce_rate', 'percentunit'))
    .withPanel(total('Session duration', 'session_duration', 'ms'))
    .withPanel(total('Views per session', 'views_per_session'))
    .withPanel(
      timeseriesPanel(
        'Visitors and page views',
        [pt('web_analytics', { metrics: ['visitors', 'page_views'], view: 'timeseries' })],
        {
          w: FULL,
        },
      ),
    )
    .withPanel(breakdown('Top pages', 'page', HALF))
    .withPanel(breakdown('Entry pages', 'entry_page', HALF))
    .withPanel(breakdown('Referrers', 'referrer'))
    .withPanel(breakdown('Countries', 'country'))
    .withPanel(breakdown('Devices', 'device'))
    .withPanel(breakdown('Browsers', 'browser'))
    .withPanel(breakdown('Operating systems', 'os'))
    .withPanel(breakdown('UTM sources', 'utm_source'))
    .withPanel(
      tablePanel(
        'Pages',
        pt('web_analytics', {
          metrics: ['page_views', 'visitors', 'time_on_page'],
          view: 'table',
          groupBy: ['route'],
        }),
      ),
    );
}
