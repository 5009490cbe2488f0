import { Params } from '../../params';
import { issueRow, issueSummarySql, withCounts } from './issue-list';
import { buildIssueCountsSql, buildIssuesSql, IssuesQuery } from './issues';

const base = { type: 'issues', project: 'p1', from: 1_000, to: 2_000 };

const AGGREGATES =
  'fingerprint AS id, min(first_seen) AS first_seen_at, max(last_seen) AS last_seen_at, sum(events) AS event_count, ' +
  'argMinMerge(first_release) AS first_release_name, ' +
  'argMaxMerge(last_release) AS last_release_name, if(empty(argMinMerge(first_title)), argMaxMerge(title), argMinMerge(first_title)) AS title_text, argMaxMerge(culprit) AS culprit_text, ' +
  'argMaxMerge(exception_type) AS type_text';
const COLUMNS =
  "i.id AS id, i.title_text AS title, i.culprit_text AS culprit, i.type_text AS type, coalesce(nullIf(s.state_status, ''), 'unresolved') AS status, " +
  's.state_substatus AS state_substatus, toUnixTimestamp64Milli(s.state_ignore_until) AS ignore_until, ' +
  's.state_ignore_until_count AS ignore_until_count, s.state_ignore_until_users AS ignore_until_users, s.state_assignee AS assignee, ' +
  'toUnixTimestamp64Milli(i.first_seen_at) AS first_seen, toUnixTimestamp64Milli(i.last_seen_at) AS last_seen, ' +
  'i.event_count AS events, i.first_release_name AS first_release, i.last_release_name AS last_release';
const STATES =
  'SELECT fingerprint AS state_id, status AS state_status, substatus AS state_substatus, ignore_until AS state_ignore_until, ' +
  'ignore_until_count AS state_ignore_until_count, ignore_until_users AS state_ignore_until_users, assignee AS state_assignee ' +
  'FROM issue_states FINAL WHERE project_id = {p0:String}';
/** Which unique counts the query merges: [aggregates, columns]. */
const MERGES = {
  none: ['', ''],
  users: [', uniqMerge(users) AS user_count', ', i.user_count AS users'],
  both: [
    ', uniqMerge(users) AS user_count, uniqMerge(sessions) AS session_count',
    ', i.user_count AS users, i.session_count AS sessions',
  ],
};
const issues = (where: string, having: string, merges: keyof typeof MERGES = 'none') =>
  `SELECT ${COLUMNS}${MERGES[merges][1]}, count() OVER () AS total FROM (SELECT ${AGGREGATES}${MERGES[merges][0]} FROM issues WHERE ${where} ` +
  `GROUP BY fingerprint${having}) AS i LEFT JOIN (${STATES}) AS s ON i.id = s.state_id`;
const RANGE = (from: number) =>
  ` HAVING last_seen_at >= fromUnixTimestamp64Milli({p${from}:Int64}) AND first_seen_at < fromUnixTimestamp64Milli({p${from + 1}:Int64})`;

describe('buildIssuesSql', () => {
  it.each([
    {
      name: 'issues seen in the range, last seen first',
      query: {},
      sql: `${issues('project_id = {p0:String}', RANGE(1))} ORDER BY last_seen DESC, id LIMIT {p3:UInt32}`,
      params: { p0: 'p1', p1: 1_000, p2: 2_000, p3: 100 },
    },
    {
      name: 'release and environment filters on the merged arrays, a bound search, statuses',
      query: {
        filters: { release: ['1.0', '1.1'] },
        exclude: { environment: 'dev' },
        search: '50%_off',
        statuses: ['resolved', 'ignored'],
        sort: 'newest',
        limit: 20,
      },
      sql:
        issues(
          'project_id = {p0:String}',
          `${RANGE(1)} AND hasAny(groupUniqArrayMerge(100)(releases), {p3:Array(String)}) ` +
            'AND arrayExists(v -> NOT has({p4:Array(String)}, v), groupUniqArrayMerge(20)(environments)) ' +
            'AND (positionCaseInsensitiveUTF8(title_text, {p5:String}) > 0 OR positionCaseInsensitiveUTF8(culprit_text, {p5:String}) > 0 ' +
            'OR positionCaseInsensitiveUTF8(id, {p5:String}) > 0)',
        ) + ' WHERE status IN {p6:Array(String)} ORDER BY first_seen DESC, id LIMIT {p7:UInt32}',
      params: {
        p0: 'p1',
        p1: 1_000,
        p2: 2_000,
        p3: ['1.0', '1.1'],
        p4: ['dev'],
        p5: '50%_off',
        p6: ['resolved', 'ignored'],
        p7: 20,
      },
    },
    {
      name: 'other filters keep issues with a matching error in range',
      query: { filters: { browser: 'Safari', release: '2.0' }, sort: 'frequent' },
      sql:
        issues(
          'project_id = {p0:String} AND fingerprint IN (SELECT fingerprint FROM errors WHERE project_id = {p1:String} ' +
            'AND timestamp >= fromUnixTimestamp64Milli({p2:Int64}) AND timestamp < fromUnixTimestamp64Milli({p3:Int64}) ' +
            "AND is_bot = 0 AND release IN {p4:Array(String)} AND browser_name IN {p5:Array(String)} AND fingerprint != '')",
          `${RANGE(6)} AND hasAny(groupUniqArrayMerge(100)(releases), {p8:Array(String)})`,
        ) + ' ORDER BY events DESC, id LIMIT {p9:UInt32}',
      params: {
        p0: 'p1',
        p1: 'p1',
        p2: 1_000,
        p3: 2_000,
        p4: ['2.0'],
        p5: ['Safari'],
        p6: 1_000,
        p7: 2_000,
        p8: ['2.0'],
        p9: 100,
      },
    },
    {
      name: 'an assignee and a later page: bound, after the state join',
      query: { assignee: 'ann', offset: 50, limit: 50, statuses: ['unresolved'] },
      sql:
        `${issues('project_id = {p0:String}', RANGE(1))} WHERE status IN {p3:Array(String)} AND assignee = {p4:String} ` +
        'ORDER BY last_seen DESC, id LIMIT {p5:UInt32} OFFSET {p6:UInt32}',
      params: { p0: 'p1', p1: 1_000, p2: 2_000, p3: ['unresolved'], p4: 'ann', p5: 50, p6: 50 },
    },
    {
      name: 'most users first: the one sort that merges unique users for every issue',
      query: { sort: 'users', search: '' },
      sql: `${issues('project_id = {p0:String}', RANGE(1), 'users')} ORDER BY users DESC, id LIMIT {p3:UInt32}`,
      params: { p0: 'p1', p1: 1_000, p2: 2_000, p3: 100 },
    },
  ])('$name', ({ query, sql, params }) => {
    expect(buildIssuesSql(IssuesQuery.parse({ ...base, ...query }))).toEqual({ sql, params });
  });

  it('refuses unknown statuses and sorts, negative offsets and an empty assignee', () => {
    expect(IssuesQuery.safeParse({ ...base, statuses: ['open'] }).success).toBe(false);
    expect(IssuesQuery.safeParse({ ...base, sort: 'oldest' }).success).toBe(false);
    expect(IssuesQuery.safeParse({ ...base, offset: -1 }).success).toBe(false);
    expect(IssuesQuery.safeParse({ ...base, assignee: '' }).success).toBe(false);
  });
});

describe('issueSummarySql', () => {
  it('reads one issue whatever the range, with its unique counts', () => {
    const p = new Params();
    expect(issueSummarySql('p1', 'fp', p)).toBe(
      `${issues('project_id = {p0:String} AND fingerprint = {p1:String}', '', 'both')} ORDER BY last_seen DESC, id LIMIT {p2:UInt32}`,
    );
    expect(p.values).toEqual({ p0: 'p1', p1: 'fp', p2: 1 });
  });
});

describe('issue counts', () => {
  it('merges unique users and sessions of the listed issues only', () => {
    expect(buildIssueCountsSql('p1', ['a', 'b'])).toEqual({
      sql:
        'SELECT fingerprint AS id, uniqMerge(users) AS users, uniqMerge(sessions) AS sessions FROM issues ' +
        'WHERE project_id = {p0:String} AND fingerprint IN {p1:Array(String)} GROUP BY fingerprint',
      params: { p0: 'p1', p1: ['a', 'b'] },
    });
  });

  it('puts the counts on the page rows, in page order', () => {
    const page = [{ id: 'b', events: 3 }, { id: 'a', events: 1 }, { id: 'gone' }];
    const counts = [
      { id: 'a', users: 2, sessions: 5 },
      { id: 'b', users: 7, sessions: 9 },
    ];
    expect(withCounts(page, counts)).toEqual([
      { id: 'b', events: 3, users: 7, sessions: 9 },
      { id: 'a', events: 1, users: 2, sessions: 5 },
      { id: 'gone', users: 0, sessions: 0 },
    ]);
  });
});

describe('issueRow', () => {
  const NOW = 100 * 86400_000;
  const row = (o: Record<string, unknown>) => ({
    id: 'fp',
    status: 'unresolved',
    state_substatus: '',
    ignore_until: null,
    ignore_until_count: 0,
    ignore_until_users: 0,
    first_seen: NOW - 86400_000,
    first_release: '',
    last_release: '2.0',
    assignee: '',
    ...o,
  });
  it.each([
    ['new: first seen within 7 days', {}, 'new'],
    ['ongoing: first seen earlier', { first_seen: NOW - 8 * 86400_000 }, 'ongoing'],
    ['ongoing: unresolved by hand', { state_substatus: 'ongoing' }, 'ongoing'],
    ['regressed', { status: 'regressed' }, 'regressed'],
    ['ignored until a count', { status: 'ignored', ignore_until_count: 10 }, 'until_condition'],
    ['ignored forever', { status: 'ignored' }, 'forever'],
    ['resolved', { status: 'resolved' }, null],
  ])('derives the substatus as the issue API does: %s', (_name, o, substatus) => {
    expect(issueRow(row(o), 'p1', NOW).substatus).toBe(substatus);
  });

  it('answers empty releases and assignee as null', () => {
    expect(issueRow(row({ assignee: 'ann' }), 'p1', NOW)).toMatchObject({
      first_release: null,
      last_release: '2.0',
      assignee: 'ann',
    });
    expect(issueRow(row({}), 'p1', NOW).assignee).toBeNull();
  });
});
