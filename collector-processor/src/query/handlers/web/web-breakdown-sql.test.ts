import { baseQuery } from '../../testkit';
import { VISITOR_ID_EXPR } from '../../sql';
import { buildWebBreakdownSql, type WebBreakdownQuery } from './web-breakdown-sql';

const FROM = 1_700_000_000_000;
const TO = FROM + 86_400_000;
const base = baseQuery({ project: 'shop', from: FROM, to: TO, limit: 10 });
const RANGE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64}) AND timestamp < fromUnixTimestamp64Milli({p2:Int64})';
const PER_PAGE = `uniq(${VISITOR_ID_EXPR}) AS visitors, count() AS page_views FROM page_views`;
const perSession = (value: string, where: string, dims = '') =>
  `SELECT session_id, ${value} AS value, argMin(${VISITOR_ID_EXPR}, timestamp) AS visitor, count() AS views${dims} ` +
  `FROM page_views WHERE ${where} AND session_id != '' GROUP BY session_id`;
const SESSION_COLUMNS =
  'uniq(visitor) AS visitors, sum(views) AS page_views, count() AS sessions, countIf(views = 1) / count() AS bounce_rate';

describe('buildWebBreakdownSql', () => {
  it.each<
    [
      string,
      Partial<WebBreakdownQuery> & Pick<WebBreakdownQuery, 'dimension'>,
      string,
      Record<string, unknown>,
    ]
  >([
    [
      'top pages by path, per page view',
      { dimension: 'page' },
      `SELECT path(url) AS value, ${PER_PAGE} WHERE ${RANGE} AND is_bot = 0 GROUP BY value ` +
        'ORDER BY visitors DESC, page_views DESC, value LIMIT {p3:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: 10 },
    ],
    [
      'browsers per release, filtered and excluded',
      {
        dimension: 'browser',
        groupBy: ['release'],
        filters: { device: ['mobile'] },
        exclude: { urlPrefix: ['https://shop.example/admin'] },
      },
      `SELECT browser_name AS value, release, ${PER_PAGE} WHERE ${RANGE} AND is_bot = 0 AND device_type IN {p3:Array(String)} ` +
        'AND NOT arrayExists(prefix -> startsWith(url, prefix), {p4:Array(String)}) GROUP BY value, release ' +
        'ORDER BY visitors DESC, page_views DESC, value, release LIMIT {p5:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: ['mobile'], p4: ['https://shop.example/admin'], p5: 10 },
    ],
    [
      'entry pages per country: the first page view of each session, with sessions and bounce rate',
      { dimension: 'entry_page', groupBy: ['country'] },
      `SELECT value, session_country AS country, ${SESSION_COLUMNS} FROM (` +
        perSession(
          'argMin(path(url), timestamp)',
          `${RANGE} AND is_bot = 0`,
          ', argMin(country, timestamp) AS session_country',
        ) +
        ') GROUP BY value, country ORDER BY visitors DESC, page_views DESC, value, country LIMIT {p3:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: 10 },
    ],
    [
      'exit pages: the last page view of each session',
      { dimension: 'exit_page', filters: { release: ['2.0.0'] } },
      `SELECT value, ${SESSION_COLUMNS} FROM (` +
        perSession(
          'argMax(path(url), timestamp)',
          `${RANGE} AND is_bot = 0 AND release IN {p3:Array(String)}`,
        ) +
        ') GROUP BY value ORDER BY visitors DESC, page_views DESC, value LIMIT {p4:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: ['2.0.0'], p4: 10 },
    ],
    [
      'referrers of the session, direct when none, bots included',
      { dimension: 'referrer', includeBots: true, limit: 3 },
      `SELECT value, ${SESSION_COLUMNS} FROM (` +
        perSession("argMin(if(referrer_host = '', 'direct', referrer_host), timestamp)", RANGE) +
        ') GROUP BY value ORDER BY visitors DESC, page_views DESC, value LIMIT {p3:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: 3 },
    ],
    [
      'UTM campaigns of the session',
      { dimension: 'utm_campaign' },
      `SELECT value, ${SESSION_COLUMNS} FROM (` +
        perSession('argMin(utm_campaign, timestamp)', `${RANGE} AND is_bot = 0`) +
        ') GROUP BY value ORDER BY visitors DESC, page_views DESC, value LIMIT {p3:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: 10 },
    ],
  ])('%s', (_, q, sql, params) => {
    const built = buildWebBreakdownSql({ ...base, ...q });
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });

  it.each<[WebBreakdownQuery['dimension'], string]>([
    ['route', 'route AS value'],
    ['device', 'device_type AS value'],
    ['os', 'os_name AS value'],
    ['country', 'country AS value'],
  ])('reads %s per page view', (dimension, select) => {
    expect(buildWebBreakdownSql({ ...base, dimension }).sql).toBe(
      `SELECT ${select}, ${PER_PAGE} WHERE ${RANGE} AND is_bot = 0 GROUP BY value ` +
        'ORDER BY visitors DESC, page_views DESC, value LIMIT {p3:UInt32}',
    );
  });

  it.each<[WebBreakdownQuery['dimension'], string]>([
    ['utm_source', 'argMin(utm_source, timestamp)'],
    ['utm_medium', 'argMin(utm_medium, timestamp)'],
  ])('reads %s per session', (dimension, value) => {
    expect(buildWebBreakdownSql({ ...base, dimension }).sql).toBe(
      `SELECT value, ${SESSION_COLUMNS} FROM (${perSession(value, `${RANGE} AND is_bot = 0`)}) GROUP BY value ` +
        'ORDER BY visitors DESC, page_views DESC, value LIMIT {p3:UInt32}',
    );
  });
});
