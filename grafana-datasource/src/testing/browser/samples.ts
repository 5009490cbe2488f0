/**
 * What the browser harness shows: saved settings and queries as a dashboard would hold them, and
 * the fake processor's answers the pickers suggest from. The test reads these too, so its
 * expectations come from the same data as the page.
 */
import type { DataSourceSettings } from '@grafana/data';
import type { PulseTraceOptions, PulseTraceSecureJsonData } from '../../types';

/** As Grafana passes saved settings to the config editor: stored tokens are only flagged, never sent back. */
export const SETTINGS: DataSourceSettings<PulseTraceOptions, PulseTraceSecureJsonData> = {
  id: 1,
  uid: 'pt',
  orgId: 1,
  name: 'PulseTrace',
  type: 'pulsetrace-rum-datasource',
  typeName: 'PulseTrace',
  typeLogoUrl: '',
  access: 'proxy',
  url: '',
  user: '',
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- still part of the settings Grafana passes.
  database: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: true,
  jsonData: { url: 'http://pulsetrace-processor:4318', defaultProject: 'shop' },
  secureJsonFields: { readToken: true, writeToken: true },
  secureJsonData: {},
  readOnly: false,
  withCredentials: false,
};

export interface QuerySample {
  /** What the row shows, as Grafana's query row header shows the query's refId and a summary. */
  title: string;
  /** The saved query, as stored in the dashboard JSON (possibly old or malformed). */
  saved: Record<string, unknown>;
}

export const QUERY_SAMPLES: QuerySample[] = [
  {
    title: 'LCP p75 and p95 by browser',
    saved: {
      refId: 'A',
      schemaVersion: 1,
      type: 'web_vitals',
      project: 'shop',
      metric: 'LCP',
      percentiles: [75, 95],
      view: 'timeseries',
      filters: { environment: ['production'], release: ['$release'] },
      exclude: {},
      groupBy: ['browser'],
      includeBots: false,
    },
  },
  {
    title: 'Unresolved and regressed issues',
    saved: {
      refId: 'B',
      schemaVersion: 1,
      type: 'issues',
      project: 'shop',
      statuses: ['unresolved', 'regressed'],
      search: 'TypeError',
      sort: 'frequent',
      filters: {},
      exclude: {},
      groupBy: [],
      includeBots: false,
      limit: 50,
    },
  },
  {
    title: 'Slowest API endpoints',
    saved: {
      refId: 'C',
      schemaVersion: 1,
      type: 'http',
      project: '',
      view: 'endpoints',
      methods: ['GET', 'POST'],
      urlTemplates: ['/api/cart/:id'],
      filters: {},
      exclude: { country: ['US'] },
      groupBy: [],
      includeBots: false,
    },
  },
  {
    title: 'Checkouts by plan',
    saved: {
      refId: 'D',
      schemaVersion: 1,
      type: 'custom_events',
      project: 'shop',
      view: 'properties',
      names: ['checkout'],
      propertyKey: 'plan',
      filters: {},
      exclude: {},
      groupBy: [],
      includeBots: false,
    },
  },
  {
    title: 'Live events',
    saved: { refId: 'E', schemaVersion: 1, type: 'live', project: 'shop', filters: {}, groupBy: [], limit: 100 },
  },
  {
    // Hand-edited JSON from an older dashboard: a type, a filter key and a dimension that do not exist.
    title: 'An old, hand-edited query',
    saved: {
      refId: 'F',
      type: 'funnels',
      project: 'shop',
      filters: { planet: ['mars'], release: '1.2.0' },
      groupBy: ['browser', 'galaxy'],
    },
  },
];

export const VARIABLE_QUERY = { refId: 'variable', kind: 'releases', project: 'shop', search: '1.', limit: 20 };

export const ANNOTATION_QUERY = {
  refId: 'Anno',
  annotation: 'new_issues',
  project: 'shop',
  filters: { environment: ['production'] },
};

/** Dashboard variables the template service knows (offered as $name in every picker). */
export const DASHBOARD_VARIABLES: Record<string, string | string[]> = {
  release: '1.3.0',
  environment: ['production', 'staging'],
};

/** GET /projects, as a read token sees it. */
export const PROJECTS = [
  { id: 'shop', name: 'Web shop', environment: 'production' },
  { id: 'blog', name: 'Company blog', environment: 'production' },
];

/** GET /projects/:id/values/:kind, most frequent first; property keys per custom event name. */
export const VALUES: Record<string, Array<{ value: string; count: number }>> = {
  releases: [
    { value: '1.3.0', count: 48210 },
    { value: '1.2.1', count: 20114 },
    { value: '1.2.0', count: 3120 },
  ],
  environments: [
    { value: 'production', count: 70102 },
    { value: 'staging', count: 1342 },
  ],
  browsers: [
    { value: 'Chrome', count: 51000 },
    { value: 'Safari', count: 14000 },
    { value: 'Firefox', count: 5200 },
  ],
  event_names: [
    { value: 'checkout', count: 912 },
    { value: 'add_to_cart', count: 4410 },
  ],
  'property_keys:checkout': [
    { value: 'plan', count: 912 },
    { value: 'coupon', count: 130 },
  ],
};
