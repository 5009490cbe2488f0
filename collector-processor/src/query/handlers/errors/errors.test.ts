import { buildErrorsSql, ErrorsQuery } from './errors';

const base = { type: 'errors', project: 'p1', from: 1_000, to: 7_201_000, intervalMs: 60_000 };
const USERS =
  "uniq(nullIf(if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash)), '')) AS users";
const COUNTS = `count() AS errors, ${USERS}, uniq(nullIf(session_id, '')) AS sessions`;
const BUCKET = (n: number) =>
  `toUnixTimestamp(toStartOfInterval(timestamp, toIntervalSecond({p${n}:UInt32}))) * 1000 AS time`;
/** project, from, to as params n, n+1, n+2. */
const WHERE = (n: number) =>
  `project_id = {p${n}:String} AND timestamp >= fromUnixTimestamp64Milli({p${n + 1}:Int64}) AND timestamp < fromUnixTimestamp64Milli({p${n + 2}:Int64})`;

describe('buildErrorsSql', () => {
  it.each([
    {
      name: 'a time series of all errors',
      query: {},
      sql: `SELECT ${BUCKET(0)}, ${COUNTS} FROM errors WHERE ${WHERE(1)} AND is_bot = 0 GROUP BY time ORDER BY time`,
      params: { p0: 60, p1: 'p1', p2: 1_000, p3: 7_201_000 },
    },
    {
      name: 'one series per browser and url',
      query: { groupBy: ['browser', 'url'], includeBots: true },
      sql:
        `SELECT ${BUCKET(0)}, browser_name AS browser, url, ${COUNTS} FROM errors WHERE ${WHERE(1)} ` +
        'GROUP BY time, browser, url ORDER BY time, browser, url',
      params: { p0: 60, p1: 'p1', p2: 1_000, p3: 7_201_000 },
    },
    {
      name: 'a table by country of chosen issues, types and handled-ness, with filters',
      query: {
        view: 'table',
        groupBy: ['country'],
        issueIds: ['fp1', 'fp2'],
        exceptionTypes: ['TypeError'],
        handled: false,
        filters: { release: '1.0' },
        exclude: { urlPrefix: ['https://a/'] },
        limit: 10,
      },
      sql:
        `SELECT country, ${COUNTS} FROM errors WHERE ${WHERE(0)} AND is_bot = 0 AND release IN {p3:Array(String)} ` +
        'AND NOT arrayExists(prefix -> startsWith(url, prefix), {p4:Array(String)}) AND fingerprint IN {p5:Array(String)} ' +
        'AND exception_type IN {p6:Array(String)} AND handled = {p7:UInt8} GROUP BY country ORDER BY errors DESC, country LIMIT {p8:UInt32}',
      params: {
        p0: 'p1',
        p1: 1_000,
        p2: 7_201_000,
        p3: ['1.0'],
        p4: ['https://a/'],
        p5: ['fp1', 'fp2'],
        p6: ['TypeError'],
        p7: 0,
        p8: 10,
      },
    },
    {
      name: 'one total row of handled errors',
      query: { view: 'table', handled: true },
      sql: `SELECT ${COUNTS} FROM errors WHERE ${WHERE(0)} AND is_bot = 0 AND handled = {p3:UInt8} ORDER BY errors DESC LIMIT {p4:UInt32}`,
      params: { p0: 'p1', p1: 1_000, p2: 7_201_000, p3: 1, p4: 100 },
    },
  ])('$name', ({ query, sql, params }) => {
    expect(buildErrorsSql(ErrorsQuery.parse({ ...base, ...query }))).toEqual({ sql, params });
  });

  it.each([
    [{ view: 'pie' }, 'view'],
    [{ issueIds: [] }, 'issueIds'],
    [{ handled: 'yes' }, 'handled'],
    [{ per: 'session' }, ''],
  ])('refuses %j', (query, path) => {
    const r = ErrorsQuery.safeParse({ ...base, ...query });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(path);
  });
});
