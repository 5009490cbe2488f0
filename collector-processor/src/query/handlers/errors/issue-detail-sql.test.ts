import { buildIssueDetailSql, IssueDetailQuery } from './issue-detail-sql';
import { detailFrames } from './issue-detail';

const base = { type: 'issue_detail', project: 'p1', from: 1_000, to: 2_000, issueId: 'fp' };
const IN_RANGE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64}) AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) ' +
  'AND is_bot = 0 AND browser_name IN {p3:Array(String)} AND fingerprint = {p4:String}';
const RANGE_PARAMS = { p0: 'p1', p1: 1_000, p2: 2_000, p3: ['Chrome'], p4: 'fp' };
const STACK =
  'SELECT event_id, `frames.function` AS functions, `frames.filename` AS filenames, `frames.lineno` AS linenos, ' +
  '`frames.colno` AS colnos, `frames.in_app` AS in_apps, `frames.symbolicated` AS symbolicated, `frames.context` AS contexts, ' +
  '`frames.abs_path` AS abs_paths, `frames.raw_lineno` AS raw_linenos, `frames.raw_colno` AS raw_colnos, ' +
  '`frames.raw_function` AS raw_functions, breadcrumbs, causes FROM errors WHERE ';

describe('buildIssueDetailSql', () => {
  const sql = buildIssueDetailSql(
    IssueDetailQuery.parse({ ...base, filters: { browser: 'Chrome' }, limit: 20 }),
  );

  it('reads the latest events in range with the filters', () => {
    expect(sql.events).toEqual({
      sql:
        'SELECT toUnixTimestamp64Milli(timestamp) AS time, event_id, exception_message AS message, exception_type AS type, ' +
        'release, environment, browser_name AS browser, os_name AS os, device_type AS device, country, url, user_id AS user, ' +
        `session_id, trace_id, handled FROM errors WHERE ${IN_RANGE} ORDER BY timestamp DESC, event_id LIMIT {p5:UInt32}`,
      params: { ...RANGE_PARAMS, p5: 20 },
    });
  });

  it('reads the stack of the latest event in range, or of the chosen event anywhere', () => {
    expect(sql.event).toEqual({
      sql: `${STACK}${IN_RANGE} ORDER BY timestamp DESC, event_id LIMIT 1`,
      params: RANGE_PARAMS,
    });
    const chosen = buildIssueDetailSql(IssueDetailQuery.parse({ ...base, eventId: 'ev1' })).event;
    expect(chosen).toEqual({
      sql: `${STACK}project_id = {p0:String} AND fingerprint = {p1:String} AND event_id = {p2:String} ORDER BY timestamp DESC, event_id LIMIT 1`,
      params: { p0: 'p1', p1: 'fp', p2: 'ev1' },
    });
  });

  it('counts tag values with their share of the events, top values per tag', () => {
    expect(sql.tags).toEqual({
      sql:
        'SELECT tag_value.1 AS tag, tag_value.2 AS value, count() AS count, count() / sum(count()) OVER (PARTITION BY tag) AS share ' +
        "FROM errors ARRAY JOIN [('browser', toString(browser_name)), ('os', toString(os_name)), ('device', toString(device_type)), " +
        "('country', toString(country)), ('release', toString(release)), ('environment', toString(environment)), ('route', toString(route))] " +
        `AS tag_value WHERE ${IN_RANGE} GROUP BY tag, value ORDER BY tag, count DESC, value LIMIT {p5:UInt32} BY tag`,
      params: { ...RANGE_PARAMS, p5: 20 },
    });
  });

  it('reads per-release counts and the summary for the whole life of the issue', () => {
    expect(sql.releases).toEqual({
      sql:
        'SELECT release, event_count AS events, toUnixTimestamp64Milli(first_at) AS first_seen, toUnixTimestamp64Milli(last_at) AS last_seen ' +
        'FROM (SELECT release, sum(events) AS event_count, min(first_seen) AS first_at, max(last_seen) AS last_at FROM issue_releases ' +
        'WHERE project_id = {p0:String} AND fingerprint = {p1:String} GROUP BY release) ORDER BY first_seen, release',
      params: { p0: 'p1', p1: 'fp' },
    });
    expect(sql.summary.params).toEqual({ p0: 'p1', p1: 'fp', p2: 1 });
    expect(sql.summary.sql).toMatch(
      /WHERE project_id = \{p0:String\} AND fingerprint = \{p1:String\} GROUP BY fingerprint\)/,
    );
  });

  it('lists the sessions of the events in range, latest first, with who and how many events', () => {
    expect(sql.sessions).toEqual({
      sql:
        'SELECT session_id, s_user AS user, s_events AS events, s_first AS first_seen, s_last AS last_seen, ' +
        's_release AS release, s_browser AS browser FROM (' +
        "SELECT session_id, argMax(if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash)), timestamp) AS s_user, " +
        'count() AS s_events, toUnixTimestamp64Milli(min(timestamp)) AS s_first, toUnixTimestamp64Milli(max(timestamp)) AS s_last, ' +
        'argMax(release, timestamp) AS s_release, argMax(browser_name, timestamp) AS s_browser FROM errors ' +
        `WHERE ${IN_RANGE} AND session_id != '' GROUP BY session_id) ORDER BY last_seen DESC, session_id LIMIT {p5:UInt32}`,
      params: { ...RANGE_PARAMS, p5: 20 },
    });
  });

  it('needs an issue id', () => {
    expect(IssueDetailQuery.safeParse({ ...base, issueId: '' }).success).toBe(false);
  });
});

describe('detailFrames', () => {
  const none = {
    summary: [],
    events: [],
    stack: [],
    breadcrumbs: [],
    tags: [],
    releases: [],
    causes: [],
    sessions: [],
  };

  it('names every frame and puts notices and the event id where they belong', () => {
    const frames = detailFrames('B', none, { notices: { stack: 'no event e1' }, eventId: 'e1' });
    expect(frames.map((f) => [f.schema.name, f.schema.refId, f.schema.meta?.custom])).toEqual([
      ['summary', 'B', { source: 'issues' }],
      ['events', 'B', { source: 'errors' }],
      ['stack', 'B', { source: 'errors', eventId: 'e1' }],
      ['breadcrumbs', 'B', { source: 'errors', eventId: 'e1' }],
      ['tags', 'B', { source: 'errors' }],
      ['releases', 'B', { source: 'issue_releases' }],
      ['causes', 'B', { source: 'errors', eventId: 'e1' }],
      ['sessions', 'B', { source: 'errors' }],
    ]);
    expect(frames.map((f) => f.schema.meta?.notices)).toEqual([
      undefined,
      undefined,
      [{ severity: 'info', text: 'no event e1' }],
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(frames.every((f) => f.data.values.every((v) => v.length === 0))).toBe(true);
  });
});
