/**
 * The query benchmark's data, as INSERT … SELECT statements that ClickHouse runs itself (no rows
 * through Node). Sessions are numbered in start order across the 7-day window, so one chunk of
 * session numbers is a slice of time, as production's inserts are. Each session has page views
 * (ARRAY JOIN), and every other signal hangs off a page view at a per-table rate; see
 * docs/benchmarks.md "Query API" for the shape.
 */
import { arr, hexId, lit, oneOf, pick, uniform } from './sql-random';
import * as V from './vocab';
import { TABLES, type TableSpec } from './generate-tables';

/** Bump when the generated data changes: a stored data dir with another version is seeded again. */
export const GENERATOR_VERSION = 1;
export const WINDOW_DAYS = 7;
export const SESSIONS_PER_EVENT = 150_000 / 10_000_000;
/** Share of sessions with one page view, and of sessions of the second (small) project, of bots. */
const BOUNCE = 0.35;
const SMALL_PROJECT = 0.02;
const BOTS = 0.03;

export interface Shape {
  events: number;
  sessions: number;
  /** End of the window (epoch ms): the newest event is just before it. */
  anchorMs: number;
  projects: { main: string; small: string };
  retentionDays: number;
}

export function shapeFor(events: number, anchorMs: number, projects: Shape['projects']): Shape {
  return {
    events,
    sessions: Math.max(10, Math.round(events * SESSIONS_PER_EVENT)),
    anchorMs,
    projects,
    retentionDays: 365,
  };
}

/** Mean extra page views of a non-bounce session, so that page views are 35 % of all events. */
function extraPageViews(shape: Shape): number {
  const perSession = (TABLES.page_views.share * shape.events) / shape.sessions;
  return Math.max(0, (perSession - 1) / (1 - BOUNCE));
}

/** Session-level columns: time, project, visitor and its device, release, acquisition. */
function sessionColumns(shape: Shape): string {
  const start = shape.anchorMs / 1000 - WINDOW_DAYS * 86400;
  const u = (salt: string, key = 's') => uniform(salt, key);
  const humanOs = `multiIf(s_device = 'desktop', if(s_browser = 'Safari' OR u_os < 0.2, 'macOS', 'Windows'),
      s_browser = 'Safari' OR (s_browser != 'Samsung Internet' AND u_os < 0.3), 'iOS', 'Android')`;
  return [
    `(s + 0.5) / ${shape.sessions} * ${WINDOW_DAYS} AS s_x`,
    // Diurnal: more sessions near the start of each day of the window than in its middle.
    `floor(s_x) + (s_x - floor(s_x)) - 0.7 / (2 * pi()) * sin(2 * pi() * (s_x - floor(s_x))) AS s_day`,
    `${start} + 86400 * s_day AS s_start`,
    `if(${u('project')} < ${SMALL_PROJECT}, ${lit(shape.projects.small)}, ${lit(shape.projects.main)}) AS s_project`,
    `toUInt8(${u('bot')} < ${BOTS}) AS s_bot`,
    `toUInt64(floor(${shape.sessions * 0.6} * pow(${u('visitor')}, 1.4))) AS v`,
    `${u('device', 'v')} AS u_device`,
    `${u('browser', 'v')} AS u_browser`,
    `${u('os', 'v')} AS u_os`,
    `if(s_bot, 'desktop', ${pick('u_device', V.DEVICES)}) AS s_device`,
    `multiIf(s_bot, 'Chrome Headless', s_device = 'desktop', ${pick('u_browser', V.BROWSERS_DESKTOP)}, ${pick('u_browser', V.BROWSERS_MOBILE)}) AS s_browser`,
    `if(s_bot, 'Linux', ${humanOs}) AS s_os`,
    `multiIf(s_browser = 'Safari', ${oneOf(['17.6', '18.1', '18.2'], 'bv', 'v')}, s_browser = 'Firefox', ${oneOf(['132.0', '133.0'], 'bv', 'v')}, s_bot, '131.0.6778.33', toString(128 + cityHash64('bv', v) % 4)) AS s_browser_version`,
    `multiIf(s_os = 'Windows', '10', s_os = 'macOS', '10.15.7', s_os = 'iOS', ${oneOf(['17.6', '18.1'], 'ov', 'v')}, s_os = 'Android', ${oneOf(['13', '14', '15'], 'ov', 'v')}, '') AS s_os_version`,
    `concat('Mozilla/5.0 (', s_os, ' ', s_os_version, '; ', s_device, ') ', replaceAll(s_browser, ' ', ''), '/', s_browser_version) AS s_user_agent`,
    `${arr([...V.COUNTRIES])}[1 + toUInt32(floor(${V.COUNTRIES.length} * pow(${u('country', 'v')}, 2.2)))] AS s_country`,
    `multiIf(s_device = 'mobile', 1.35, s_device = 'tablet', 1.15, 1.0) * if(s_country IN ${arr([...V.FAR_COUNTRIES])}, 1.25, 1.0) AS s_slow`,
    `${u('env')} AS u_env`,
    `${pick('u_env', V.ENVIRONMENTS)} AS s_environment`,
    // The release deployed before the session started; 12 % of sessions still run the one before.
    `greatest(1, arrayCount(d -> d <= s_day, ${arr([...V.RELEASE_DAYS])}) - if(${u('lag')} < 0.12, 1, 0)) AS s_release_index`,
    `${arr([...V.RELEASES])}[s_release_index] AS s_release`,
    `if(${u('login', 'v')} < 0.3, concat('user-', toString(v)), '') AS s_user_id`,
    `${hexId('visitor', 'v')} AS s_visitor_id`,
    `${hexId('visitor-hash', 'v', 'toUInt32(s_day)')} AS s_visitor_hash`,
    `${hexId('session', 's')} AS s_session_id`,
    `toUInt32(if(${u('bounce')} < ${BOUNCE}, 1, 1 + floor(-ln(1 - ${u('npv')}) * ${extraPageViews(shape).toFixed(3)} + 0.5))) AS s_page_views`,
    `15 + 75 * ${u('gap')} AS s_gap`,
    `${u('referrer')} AS u_referrer`,
    `${pick('u_referrer', V.REFERRERS)} AS s_referrer_host`,
    `${u('utm-source')} AS u_utm`,
    `if(${u('utm')} < 0.15, ${pick('u_utm', V.UTM_SOURCES)}, '') AS s_utm_source`,
    `transform(s_utm_source, ${arr(Object.keys(V.UTM_MEDIUM))}, ${arr(Object.values(V.UTM_MEDIUM))}, '') AS s_utm_medium`,
    `if(s_utm_source = '', '', ${oneOf([...V.UTM_CAMPAIGNS], 'campaign', 's')}) AS s_utm_campaign`,
  ].join(',\n    ');
}

/** Page-view-level columns (k = the page view's number in its session). */
function pageViewColumns(table: TableSpec): string {
  const utm = `concat('?utm_source=', s_utm_source, '&utm_medium=', s_utm_medium, '&utm_campaign=', s_utm_campaign)`;
  return [
    `s_start + k * s_gap + ${uniform('pv-time', 's', 'k')} * s_gap * 0.5 AS pv_time`,
    `${uniform('route', 's', 'k')} AS u_route`,
    `${pick('u_route', V.ROUTES)} AS pv_route`,
    `replaceRegexpOne(pv_route, ':[a-z]+', toString(1000 + cityHash64('param', s, k) % 4000)) AS pv_path`,
    `concat('https://shop.example', pv_path, if(k = 0 AND s_utm_source != '', ${utm}, '')) AS pv_url`,
    `if(startsWith(pv_route, '/checkout'), 1.2, if(pv_route = '/search', 1.1, 1.0)) AS pv_slow`,
    `(k > 0 AND ${uniform('soft', 's', 'k')} < 0.7) AS pv_soft`,
    `${hexId('trace', 's', 'k')} AS pv_trace_id`,
    `${hexId('page-view', 's', 'k')} AS pv_id`,
    `toUInt32(floor(${table.rate} + ${uniform(`n-${table.name}`, 's', 'k')})) AS n_events`,
  ].join(',\n    ');
}

/** Columns every signal table has (migrations 0001 + 0004), from the session and page view. */
function commonColumns(shape: Shape, table: string): Array<[string, string]> {
  const keys = ['s', 'k', 'j'];
  return [
    ['project_id', 's_project'],
    ['retention_days', String(shape.retentionDays)],
    ['timestamp', 'fromUnixTimestamp64Milli(toInt64(ts * 1000))'],
    // Arrival a little after the event (issues and live read received_at).
    [
      'received_at',
      `fromUnixTimestamp64Milli(toInt64((ts + 0.2 + 2.5 * ${uniform('received', ...keys)}) * 1000))`,
    ],
    ['event_id', hexId(`event-${table}`, ...keys)],
    ['trace_id', 'pv_trace_id'],
    ['span_id', `substring(${hexId(`span-${table}`, ...keys)}, 1, 16)`],
    ['session_id', 's_session_id'],
    ['page_view_id', 'pv_id'],
    ['user_id', 's_user_id'],
    ['visitor_id', 's_visitor_id'],
    ['visitor_hash', 's_visitor_hash'],
    ['service_name', `if(s_project = ${lit(shape.projects.small)}, 'blog-web', 'shop-web')`],
    ['release', 's_release'],
    ['environment', 's_environment'],
    ['sdk_name', "'pulsetrace-web'"],
    ['sdk_version', "'0.4.0'"],
    ['url', 'pv_url'],
    ['route', 'pv_route'],
    ['browser_name', 's_browser'],
    ['browser_version', 's_browser_version'],
    ['os_name', 's_os'],
    ['os_version', 's_os_version'],
    ['device_type', 's_device'],
    ['is_bot', 's_bot'],
    ['country', 's_country'],
    ['user_agent', 's_user_agent'],
  ];
}

/** How many session numbers one chunk covers so that a chunk is about `chunkEvents` events. */
export function sessionsPerChunk(shape: Shape, chunkEvents: number): number {
  return Math.max(1, Math.floor((shape.sessions * chunkEvents) / shape.events));
}

/** One INSERT … SELECT for `table` over sessions [first, first + count). */
export function insertSql(shape: Shape, table: TableSpec, first: number, count: number): string {
  const columns = [...commonColumns(shape, table.name), ...table.columns];
  const eventOffset = table.name === 'page_views' ? '0' : `${uniform('offset', 's', 'k', 'j')} * s_gap`;
  return `INSERT INTO ${table.name} (${columns.map(([c]) => `\`${c}\``).join(', ')})
SELECT ${columns.map(([, e]) => e).join(',\n  ')}
FROM (
  -- ARRAY JOIN aliases are not part of *: k and j are named.
  SELECT *, j, pv_time + ${eventOffset} AS ts${table.aliases.length ? `,\n    ${table.aliases.join(',\n    ')}` : ''}
  FROM (
    SELECT *, k, ${pageViewColumns(table)}
    FROM (
      SELECT *, ${sessionColumns(shape)}
      FROM (SELECT number AS s FROM numbers(${first}, ${count}))
    )
    ARRAY JOIN range(s_page_views) AS k
  )
  ARRAY JOIN range(n_events) AS j
)
WHERE ts < ${shape.anchorMs / 1000}`;
}
