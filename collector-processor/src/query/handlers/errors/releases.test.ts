import { buildReleaseIssuesSql, buildReleasesSql, mergeReleases, ReleasesQuery } from './releases';
import { releaseTrafficSql } from './release-traffic';

const base = { type: 'releases', project: 'p1', from: 1_000, to: 2_000 };
const VISITOR = "if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash))";

describe('releaseTrafficSql', () => {
  it('collapses events per (release, session) before counting sessions, errors and users', () => {
    const branch = (table: string, pv: number, err: number) =>
      `SELECT release, session_id, ${VISITOR} AS visitor, timestamp, ${pv} AS is_page_view, ${err} AS is_error FROM ${table} WHERE W`;
    expect(releaseTrafficSql('W')).toBe(
      "SELECT release, sum(session_page_views) AS page_views, sum(session_errors) AS errors, countIf(session_id != '') AS sessions, " +
        "countIf(session_id != '' AND session_errors > 0) AS error_sessions, uniqMerge(session_visitors) AS users, " +
        'toUnixTimestamp64Milli(min(session_start)) AS first_seen FROM (SELECT release, session_id, ' +
        'sum(is_page_view) AS session_page_views, sum(is_error) AS session_errors, ' +
        "uniqState(nullIf(visitor, '')) AS session_visitors, min(timestamp) AS session_start FROM (" +
        `${branch('page_views', 1, 0)} UNION ALL ${branch('errors', 0, 1)}) GROUP BY release, session_id) GROUP BY release`,
    );
  });
});

describe('buildReleasesSql', () => {
  const WHERE =
    'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64}) AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) AND is_bot = 0';

  it.each([
    {
      name: 'all releases',
      query: {},
      where: WHERE,
      kept: "release != ''",
      limit: '{p3:UInt32}',
      trafficParams: { p0: 'p1', p1: 1_000, p2: 2_000, p3: 10_000 },
      registered:
        'SELECT release, toUnixTimestamp64Milli(created_at) AS created_ms FROM releases FINAL WHERE project_id = {p0:String} ' +
        'AND created_at < fromUnixTimestamp64Milli({p1:Int64}) ORDER BY created_at DESC, release LIMIT {p2:UInt32}',
      registeredParams: { p0: 'p1', p1: 2_000, p2: 10_000 },
    },
    {
      name: 'chosen releases, in a country: the release filter after adoption',
      query: { filters: { release: ['2.0'], country: 'FR' }, exclude: { release: '1.0' } },
      where: `${WHERE} AND country IN {p3:Array(String)}`,
      kept: "release != '' AND release IN {p4:Array(String)} AND release NOT IN {p5:Array(String)}",
      limit: '{p6:UInt32}',
      trafficParams: { p0: 'p1', p1: 1_000, p2: 2_000, p3: ['FR'], p4: ['2.0'], p5: ['1.0'], p6: 10_000 },
      registered:
        'SELECT release, toUnixTimestamp64Milli(created_at) AS created_ms FROM releases FINAL WHERE project_id = {p0:String} ' +
        'AND created_at < fromUnixTimestamp64Milli({p1:Int64}) AND release IN {p2:Array(String)} AND release NOT IN {p3:Array(String)} ' +
        'ORDER BY created_at DESC, release LIMIT {p4:UInt32}',
      registeredParams: { p0: 'p1', p1: 2_000, p2: ['2.0'], p3: ['1.0'], p4: 10_000 },
    },
  ])('$name', ({ query, where, kept, limit, trafficParams, registered, registeredParams }) => {
    const sql = buildReleasesSql(ReleasesQuery.parse({ ...base, ...query }));
    expect(sql.traffic).toEqual({
      sql:
        `SELECT * FROM (SELECT *, sessions / nullIf(sum(sessions) OVER (), 0) AS adoption FROM (${releaseTrafficSql(where)})) ` +
        `WHERE ${kept} ORDER BY first_seen DESC, release LIMIT ${limit}`,
      params: trafficParams,
    });
    expect(sql.registered).toEqual({ sql: registered, params: registeredParams });
  });
});

describe('buildReleaseIssuesSql', () => {
  it('counts issues first seen in each release and those the audit log says regressed in it', () => {
    expect(buildReleaseIssuesSql('p1')).toEqual({
      sql:
        'SELECT release, sum(new) AS new_issues, sum(regressed) AS regressed_issues FROM (' +
        'SELECT introduced AS release, count() AS new, 0 AS regressed FROM (SELECT argMinMerge(first_release) AS introduced ' +
        "FROM issues WHERE project_id = {p0:String} GROUP BY fingerprint) WHERE introduced != '' GROUP BY introduced " +
        'UNION ALL SELECT release, 0 AS new, uniqExact(fingerprint) AS regressed FROM issue_activity FINAL ' +
        "WHERE project_id = {p0:String} AND action = 'regressed' AND release != '' GROUP BY release" +
        ') GROUP BY release LIMIT {p1:UInt32}',
      params: { p0: 'p1', p1: 10_000 },
    });
  });
});

describe('mergeReleases', () => {
  const traffic = (release: string, first: number, o: Record<string, unknown> = {}) => ({
    release,
    first_seen: first,
    sessions: 10,
    error_sessions: 2,
    page_views: 30,
    errors: 3,
    users: 7,
    adoption: 0.5,
    ...o,
  });

  it('dates registered releases by registration, adds registered ones of the range without traffic, newest first', () => {
    const rows = mergeReleases(
      [traffic('1.0', 1_500), traffic('1.1', 1_600, { sessions: 0, error_sessions: 0, adoption: null })],
      [
        { release: '2.0', created_ms: 1_900 },
        { release: '1.0', created_ms: 500 },
        { release: '0.9', created_ms: 400 },
      ],
      { from: 1_000, to: 2_000, limit: 10 },
      [
        { release: '1.1', new_issues: '2', regressed_issues: '1' },
        { release: '0.9', new_issues: '5', regressed_issues: '0' },
      ],
    );
    expect(rows).toEqual([
      {
        release: '2.0',
        created_at: 1_900,
        registered: true,
        first_seen: null,
        sessions: 0,
        page_views: 0,
        errors: 0,
        users: 0,
        error_rate: null,
        crash_free_sessions: null,
        adoption: 0,
        new_issues: 0,
        regressed_issues: 0,
        previous_release: '1.1',
      },
      {
        release: '1.1',
        created_at: 1_600,
        registered: false,
        first_seen: 1_600,
        sessions: 0,
        page_views: 30,
        errors: 3,
        users: 7,
        error_rate: 0.1,
        crash_free_sessions: null,
        adoption: null,
        new_issues: 2,
        regressed_issues: 1,
        previous_release: '1.0',
      },
      {
        release: '1.0',
        created_at: 500,
        registered: true,
        first_seen: 1_500,
        sessions: 10,
        page_views: 30,
        errors: 3,
        users: 7,
        error_rate: 0.1,
        crash_free_sessions: 0.8,
        adoption: 0.5,
        new_issues: 0,
        regressed_issues: 0,
        previous_release: null,
      },
    ]);
  });

  it('keeps the limit', () => {
    const rows = mergeReleases([traffic('a', 1_100), traffic('b', 1_200)], [], {
      from: 1_000,
      to: 2_000,
      limit: 1,
    });
    expect(rows.map((r) => r.release)).toEqual(['b']);
    // The release after the cut is still the one shown row follows.
    expect(rows[0]!.previous_release).toBe('a');
  });
});
