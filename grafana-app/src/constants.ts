/** Names the whole app shares: its id, its pages' routes, and the data source it reads through. */
import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** The PulseTrace data source's plugin id: every panel reads through one of its instances. */
export const DATASOURCE_TYPE = 'pulsetrace-rum-datasource';

/** Page routes under PLUGIN_BASE_URL (plugin.json's `includes` list the same pages). */
export const ROUTES = {
  Overview: 'overview',
  Insights: 'insights',
  Issues: 'issues',
  Performance: 'performance',
  Releases: 'releases',
  Analytics: 'analytics',
  Sessions: 'sessions',
  Setup: 'setup',
} as const;

export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
