/**
 * Per-table parts of the query benchmark's generator: each signal table's share of all events, its
 * rate per page view, and its own columns as SQL over the session (s_*) and page view (pv_*)
 * aliases of generate.ts. `j` numbers a page view's events of the table; `ts` is the event time.
 */
import crypto from 'node:crypto';
import { arr, hexId, lit, lognormal, normal, oneOf, pick, pickIndex, uniform } from './sql-random';
import * as V from './vocab';

export interface TableSpec {
  name: string;
  /** Share of all generated events. */
  share: number;
  /** Events per page view (SQL, may depend on the session): floor(rate + uniform) of them. */
  rate: string;
  /** Event-level aliases the columns use, in dependency order. */
  aliases: string[];
  columns: Array<[string, string]>;
}

const EV = ['s', 'k', 'j'];
const u = (salt: string) => uniform(salt, ...EV);
const PAGE_VIEW_SHARE = 0.35;
/** Events of this share per page view, so the tables' shares hold whatever the session length. */
const perPageView = (share: number) => (share / PAGE_VIEW_SHARE).toFixed(5);
const round1 = (e: string) => `round(${e}, 1)`;

const vitalArray = (key: 'median' | 'sigma' | 'good' | 'poor') =>
  `transform(metric, ${arr(V.VITALS.map((v) => v.name))}, ${arr(V.VITALS.map((v) => v[key]))}, 0.)`;

const webVitals: TableSpec = {
  name: 'web_vitals',
  share: 0.3,
  rate: perPageView(0.3),
  aliases: [
    `${u('metric')} AS u_metric`,
    `${pick(
      'u_metric',
      V.VITALS.map((v) => [v.name, v.share] as const),
    )} AS metric`,
    `${vitalArray('median')} * s_slow * pv_slow * if(metric = 'LCP' AND s_release = ${lit(V.SLOW_LCP_RELEASE)}, 1.3, 1.0)
      * exp(${vitalArray('sigma')} * ${normal(u('vital1'), u('vital2'))}) AS raw_value`,
    `if(metric = 'CLS', round(raw_value, 4), round(raw_value, 1)) AS value`,
  ],
  columns: [
    ['name', 'metric'],
    ['value', 'value'],
    ['delta', 'value'],
    // web.dev thresholds: good at or below the first, poor above the second.
    [
      'rating',
      `multiIf(value <= ${vitalArray('good')}, 'good', value <= ${vitalArray('poor')}, 'needs-improvement', 'poor')`,
    ],
    ['navigation_type', `if(pv_soft, 'soft', 'navigate')`],
    ['metric_id', `concat('v4-', substring(${hexId('metric-id', ...EV)}, 1, 13))`],
  ],
};

const pageViews: TableSpec = {
  name: 'page_views',
  share: PAGE_VIEW_SHARE,
  rate: '1',
  aliases: [
    `if(pv_soft, 0, ${lognormal('450 * s_slow * pv_slow', 0.6, 'ttfb', ...EV)}) AS t_ttfb`,
    `if(pv_soft, 0, t_ttfb + ${lognormal('600 * s_slow', 0.5, 'dom', ...EV)}) AS t_interactive`,
    `if(pv_soft, 0, t_interactive + ${lognormal('80', 0.6, 'dcl', ...EV)}) AS t_dcl`,
    `if(pv_soft, 0, t_dcl + ${lognormal('400 * s_slow', 0.6, 'load', ...EV)}) AS t_load`,
    // A soft navigation's document.referrer stays the entry's; a hard one within the site is the shop.
    `(k = 0 OR pv_soft) AS external_referrer`,
  ],
  columns: [
    ['title', `concat(pv_route, ' | Shop')`],
    [
      'referrer',
      `if(external_referrer, if(s_referrer_host = '', '', concat('https://', s_referrer_host, '/')), 'https://shop.example/')`,
    ],
    ['referrer_host', `if(external_referrer, s_referrer_host, 'shop.example')`],
    ['utm_source', `if(k = 0, s_utm_source, '')`],
    ['utm_medium', `if(k = 0, s_utm_medium, '')`],
    ['utm_campaign', `if(k = 0, s_utm_campaign, '')`],
    ['navigation_type', `multiIf(pv_soft, 'push', k = 0 AND ${u('reload')} < 0.04, 'reload', 'navigate')`],
    ['is_soft_navigation', 'toUInt8(pv_soft)'],
    ['dns_ms', `if(k = 0, ${round1(lognormal('12', 0.8, 'dns', ...EV))}, 0)`],
    ['tcp_ms', `if(k = 0, ${round1(lognormal('25', 0.6, 'tcp', ...EV))}, 0)`],
    ['tls_ms', `if(k = 0, ${round1(lognormal('20', 0.6, 'tls', ...EV))}, 0)`],
    ['ttfb_ms', round1('t_ttfb')],
    ['dom_interactive_ms', round1('t_interactive')],
    ['dom_content_loaded_ms', round1('t_dcl')],
    ['load_ms', round1('t_load')],
    [
      'duration_ms',
      `if(pv_soft, ${round1(lognormal('300', 0.5, 'soft-duration', ...EV))}, ${round1('t_load')})`,
    ],
  ],
};

const endpoint = (i: number) => arr(V.ENDPOINTS.map((e) => e[i] as string | number));
const httpRequests: TableSpec = {
  name: 'http_requests',
  share: 0.2,
  rate: perPageView(0.2),
  aliases: [
    `${u('endpoint')} AS u_endpoint`,
    `${pickIndex(
      'u_endpoint',
      V.ENDPOINTS.map((e) => e[1]),
    )} AS h_index`,
    `${endpoint(0)}[h_index] AS h_template`,
    `${endpoint(2)}[h_index] AS h_method`,
    `${endpoint(3)}[h_index] AS h_server`,
    `${u('status')} AS u_status`,
    `${arr(V.STATUS_CODES.map(([c]) => Number(c)))}[${pickIndex(
      'u_status',
      V.STATUS_CODES.map(([, w]) => w),
    )}] AS h_status`,
  ],
  columns: [
    ['method', 'h_method'],
    [
      'http_url',
      `concat('https://', h_server, replaceOne(h_template, '{id}', toString(cityHash64('id', s, k, j) % 5000)))`,
    ],
    ['url_template', 'h_template'],
    ['server_address', 'h_server'],
    ['status_code', 'h_status'],
    ['duration_ms', round1(lognormal(`${endpoint(4)}[h_index] * s_slow`, 0.7, 'http-duration', ...EV))],
    ['request_size', `if(h_method IN ('POST', 'PUT'), 200 + cityHash64('request-size', s, k, j) % 3000, 0)`],
    [
      'response_size',
      `if(h_status IN (0, 204, 304), 0, toUInt64(${lognormal('4000', 1.0, 'response-size', ...EV)}))`,
    ],
    ['error_type', `multiIf(h_status = 0, 'TypeError', h_status >= 500, toString(h_status), '')`],
  ],
};

const resourceType = (i: number) => arr(V.RESOURCE_TYPES.map((r) => r[i] as string | number));
const resources: TableSpec = {
  name: 'resources',
  share: 0.08,
  rate: perPageView(0.08),
  aliases: [
    `${u('resource-type')} AS u_rtype`,
    `${pickIndex(
      'u_rtype',
      V.RESOURCE_TYPES.map((r) => r[1]),
    )} AS r_index`,
    `${resourceType(0)}[r_index] AS r_type`,
    `toUInt64(${lognormal(`${resourceType(3)}[r_index]`, 0.9, 'resource-size', ...EV)}) AS r_bytes`,
    `${u('cached')} < 0.35 AS r_cached`,
  ],
  columns: [
    ['resource_type', 'r_type'],
    [
      'resource_url',
      `concat(multiIf(r_type = 'img', 'https://cdn.shop.example/img/', r_type IN ('fetch', 'xmlhttprequest'), 'https://api.shop.example/v1/', 'https://shop.example/assets/'),
        toString(cityHash64('resource', s, k, j) % 300), multiIf(r_type = 'img', '.webp', r_type = 'script', '.js', r_type IN ('css', 'link'), '.css', ''))`,
    ],
    [
      'duration_ms',
      round1(lognormal(`${resourceType(2)}[r_index] * s_slow`, 0.8, 'resource-duration', ...EV)),
    ],
    ['transfer_size', 'if(r_cached, 0, r_bytes + 300)'],
    ['encoded_body_size', 'r_bytes'],
    ['decoded_body_size', `if(r_type IN ('script', 'css', 'link'), r_bytes * 3, r_bytes)`],
    [
      'render_blocking',
      `if(r_type IN ('script', 'link') AND ${u('blocking')} < 0.3, 'blocking', 'non-blocking')`,
    ],
    ['next_hop_protocol', `multiIf(${u('protocol')} < 0.6, 'h2', ${u('protocol')} < 0.95, 'h3', 'http/1.1')`],
  ],
};

const customEvents: TableSpec = {
  name: 'custom_events',
  share: 0.04,
  rate: perPageView(0.04),
  aliases: [
    `${u('custom-name')} AS u_name`,
    `${pick('u_name', V.CUSTOM_EVENTS)} AS c_name`,
    `${oneOf([...V.PRODUCT_CATEGORIES], 'category', ...EV)} AS c_category`,
  ],
  columns: [
    ['name', 'c_name'],
    [
      'properties',
      `multiIf(c_name = 'purchase', map('category', c_category, 'value', toString(round(20 + 180 * ${u('value')}, 2)), 'currency', 'EUR'),
        c_name = 'search', map('results', toString(cityHash64('results', s, k, j) % 120), 'source', if(k = 0, 'landing', 'in-app')),
        c_name IN ('add_to_cart', 'filter_applied', 'checkout_started'), map('category', c_category, 'plan', if(s_user_id = '', 'guest', 'member')),
        map('source', if(k = 0, 'landing', 'in-app')))`,
    ],
  ],
};

/** ≈ 300 fingerprints, skewed (the first ones are the most frequent); those from 200 on appear from a later release. */
const ERROR_MESSAGE = `multiIf(
      e_type = 'TypeError', concat('Cannot read properties of undefined (reading \\'', e_word, '\\')'),
      e_type = 'ReferenceError', concat(e_word, 'Store is not defined'),
      e_type = 'UnhandledRejection', concat('Request to /api/', e_word, ' failed with status 500'),
      e_type = 'ChunkLoadError', concat('Loading chunk ', toString(f), ' failed.'),
      e_type = 'RangeError', concat('Invalid array length in ', e_function),
      e_type = 'SyntaxError', concat('Unexpected token < in JSON at position 0 (', e_word, ')'),
      e_type = 'NetworkError', concat('Failed to fetch /api/', e_word),
      concat('Invalid ', e_word, ' state in ', e_function))`;
const errors: TableSpec = {
  name: 'errors',
  share: 0.02,
  // 2.12.0 and Safari raise more errors; / 1.17 keeps the average at the table's share.
  rate: `${perPageView(0.02)} / 1.17 * if(s_release = ${lit(V.SLOW_LCP_RELEASE)}, 1.6, 1.0) * if(s_browser = 'Safari', 1.3, 1.0)`,
  aliases: [
    `toUInt32(floor(300 * pow(${u('issue')}, 3))) AS f0`,
    `if(f0 >= 200 AND f0 % 6 + 1 > s_release_index, f0 % 100, f0) AS f`,
    `${uniform('exception-type', 'f')} AS u_etype`,
    `${pick('u_etype', V.EXCEPTION_TYPES)} AS e_type`,
    `${arr([...V.ERROR_WORDS])}[1 + f % ${V.ERROR_WORDS.length}] AS e_word`,
    `1 + cityHash64('function', f) % ${V.FUNCTIONS.length} AS e_fn`,
    `${arr([...V.FUNCTIONS])}[e_fn] AS e_function`,
    `${arr([...V.MODULES])}[e_fn] AS e_module`,
    `${ERROR_MESSAGE} AS e_message`,
    `concat(e_type, ': ', e_message) AS e_title`,
    `concat(e_function, ' (', e_module, ')') AS e_culprit`,
    `toUInt8(${u('handled')} < 0.35) AS e_handled`,
    `toString(1000 + f * 37) AS e_column`,
  ],
  columns: [
    ['exception_type', 'e_type'],
    ['exception_message', 'e_message'],
    [
      'stacktrace',
      `concat(e_title, '\\n    at ', e_function, ' (https://shop.example/assets/app.js:1:', e_column, ')\\n    at render (https://shop.example/assets/app.js:1:120)\\n    at commitRoot (https://shop.example/assets/vendor.js:2:5021)')`,
    ],
    [
      'frames.filename',
      `[e_module, 'src/lib/render.ts', 'node_modules/react-dom/cjs/react-dom.production.js']`,
    ],
    ['frames.function', `[e_function, 'render', 'commitRoot']`],
    ['frames.lineno', '[toUInt32(10 + f % 200), 42, 1234]'],
    ['frames.colno', '[toUInt32(5 + f % 40), 9, 17]'],
    ['frames.in_app', '[1, 1, 0]'],
    [
      'frames.abs_path',
      `['https://shop.example/assets/app.js', 'https://shop.example/assets/app.js', 'https://shop.example/assets/vendor.js']`,
    ],
    ['frames.raw_lineno', '[1, 1, 2]'],
    ['frames.raw_colno', '[toUInt32(e_column), 120, 5021]'],
    ['frames.raw_function', `['a', 'b', 'c']`],
    ['frames.context', `['', '', '']`],
    ['frames.symbolicated', '[1, 1, 0]'],
    ['symbolication', `'mapped'`],
    ['handled', 'e_handled'],
    [
      'mechanism',
      `multiIf(e_handled = 1, 'manual', e_type = 'UnhandledRejection', 'onunhandledrejection', 'onerror')`,
    ],
    ['fingerprint', `lower(hex(MD5(concat('bench-issue-', toString(f)))))`],
    ['fingerprint_version', '1'],
    [
      'grouping',
      `concat('{"version":1,"method":"frames","components":["', e_type, '","', e_function, '"],"title":"', e_title, '","culprit":"', e_culprit, '"}')`,
    ],
    ['causes', `''`],
    ['breadcrumbs', `'[]'`],
  ],
};

const longTasks: TableSpec = {
  name: 'long_tasks',
  share: 0.01,
  rate: perPageView(0.01),
  aliases: [`50 + ${round1(lognormal('60 * s_slow', 0.8, 'long-task', ...EV))} AS l_duration`],
  columns: [
    ['kind', `if(${u('kind')} < 0.6, 'long-animation-frame', 'longtask')`],
    ['duration_ms', 'l_duration'],
    ['blocking_duration_ms', 'l_duration - 50'],
    ['script_url', oneOf([...V.SCRIPTS], 'script', ...EV)],
    ['invoker', oneOf([...V.INVOKERS], 'invoker', ...EV)],
  ],
};

export const TABLES = {
  page_views: pageViews,
  web_vitals: webVitals,
  http_requests: httpRequests,
  resources,
  custom_events: customEvents,
  errors,
  long_tasks: longTasks,
} satisfies Record<string, TableSpec>;

/** Error fingerprints as the generator makes them (for issue states). */
export const fingerprintOf = (f: number): string =>
  crypto.createHash('md5').update(`bench-issue-${f}`).digest('hex');
