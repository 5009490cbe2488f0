/** Exact SQL of the two queries over every signal table: session_timeline and live. */
import { baseQuery } from '../../testkit';
import { buildLiveSql } from './live-sql';
import { buildSessionTimelineSql } from './session-timeline-sql';

const base = baseQuery({ project: 'p1', from: 1_000_000, to: 4_600_000 });

const NULL_MS = "CAST(NULL, 'Nullable(Float64)')";
/** Per table: its kind, name, detail and duration expressions (the timeline's and live tail's contract). */
const KINDS: Array<[table: string, kind: string, name: string, detail: string, duration: string]> = [
  [
    'page_views',
    'page_view',
    "if(route != '', route, url)",
    'title',
    'if(duration_ms > 0, toFloat64(duration_ms), NULL)',
  ],
  [
    'web_vitals',
    'web_vital',
    'toString(name)',
    "concat(toString(round(value, 3)), if(rating != '', concat(' (', rating, ')'), ''))",
    NULL_MS,
  ],
  ['errors', 'error', 'toString(exception_type)', 'exception_message', NULL_MS],
  ['custom_events', 'custom_event', 'toString(name)', 'toJSONString(properties)', NULL_MS],
  [
    'http_requests',
    'http',
    "concat(method, ' ', if(url_template != '', url_template, http_url))",
    "concat(toString(status_code), if(error_type != '', concat(' ', error_type), ''), ' ', http_url)",
    'toNullable(duration_ms)',
  ],
  [
    'long_tasks',
    'long_task',
    "if(invoker != '', invoker, toString(kind))",
    'script_url',
    'toNullable(duration_ms)',
  ],
  ['resources', 'resource', 'toString(resource_type)', 'resource_url', 'toNullable(duration_ms)'],
];
const branch = ([table, kind, name, detail, duration]: (typeof KINDS)[number], rest: string, tail: string) =>
  'SELECT toUnixTimestamp64Milli(timestamp) AS event_time, toUnixTimestamp64Milli(received_at) AS event_received,' +
  ` '${kind}' AS event_kind, ${name} AS event_name, ${detail} AS event_detail, ${duration} AS event_duration_ms,` +
  ` ${rest} FROM ${table} WHERE ${tail}`;
const WHERE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64})' +
  ' AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) AND is_bot = 0';
const KIND_ORDER = "['page_view', 'web_vital', 'error', 'custom_event', 'http', 'long_task', 'resource']";

describe('buildSessionTimelineSql', () => {
  const outer = (where: string, limit: string) =>
    'SELECT event_time AS time, event_kind AS kind, event_name AS name, event_detail AS detail, url,' +
    ' event_duration_ms AS duration_ms, event_id, trace_id, event_issue AS issue_id' +
    ` FROM (${KINDS.map((k) => branch(k, `url, event_id, trace_id, ${k[0] === 'errors' ? 'fingerprint' : "''"} AS event_issue`, where)).join(' UNION ALL ')})` +
    ` ORDER BY time, indexOf(${KIND_ORDER}, kind), event_id LIMIT ${limit}`;

  test.each([
    {
      name: 'one session from every table, in time order',
      query: { sessionId: 's-1' },
      sql: outer(`${WHERE} AND session_id = {p3:String}`, '{p4:UInt32}'),
      params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 's-1', p4: 100 },
    },
    {
      name: 'filters and bots apply to every table',
      query: { sessionId: 's-2', includeBots: true, filters: { route: ['/cart'] }, limit: 50 },
      sql: outer(
        'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64})' +
          ' AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) AND route IN {p3:Array(String)} AND session_id = {p4:String}',
        '{p5:UInt32}',
      ),
      params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['/cart'], p4: 's-2', p5: 50 },
    },
  ])('$name', ({ query, sql, params }) => {
    const built = buildSessionTimelineSql({ ...base, ...query });
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});

describe('buildLiveSql', () => {
  const outer = (where: string, limit: string) =>
    'SELECT event_time AS time, event_received AS received_at, event_kind AS kind,' +
    " if(event_detail != '', concat(event_name, ': ', event_detail), event_name) AS summary," +
    ' session_id, url, release, browser_name AS browser, country FROM (' +
    KINDS.map(
      (k) =>
        `(${branch(k, 'session_id, url, release, browser_name, country, event_id', where)}` +
        ` ORDER BY received_at DESC LIMIT ${limit})`,
    ).join(' UNION ALL ') +
    `) ORDER BY received_at DESC, time DESC, kind, event_id LIMIT ${limit}`;

  test.each([
    {
      name: 'the newest events in the range',
      query: {},
      sql: outer(WHERE, '{p3:UInt32}'),
      params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
    },
    {
      name: 'only events received after `since`, filtered',
      query: { since: 3_000_000, limit: 500, exclude: { environment: ['staging'] } },
      sql: outer(
        `${WHERE} AND environment NOT IN {p3:Array(String)} AND received_at > fromUnixTimestamp64Milli({p4:Int64})`,
        '{p5:UInt32}',
      ),
      params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['staging'], p4: 3_000_000, p5: 500 },
    },
  ])('$name', ({ query, sql, params }) => {
    const built = buildLiveSql({ ...base, ...query });
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});
