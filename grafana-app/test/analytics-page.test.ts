/**
 * Every query of the Web analytics page (src/pages/analytics/queries.ts), as its scene issues them,
 * through the data source's request builder against the seeded processor: non-empty frames of the
 * fields each panel reads, with numbers the seed implies. The range covers the whole shop: the web
 * seed's three days of visits and the last five hours of release traffic.
 */
import type { PageViewRow } from '../../collector-processor/src/store/rows';
import { counted, distinct, MINUTE, releaseTraffic } from '../../collector-processor/test/helpers/seed-errors';
import { DAY, pageViewRow, VISITS } from '../../collector-processor/test/helpers/seed-web';
import { analyticsQueries, BREAKDOWNS, BREAKDOWN_ROWS } from '../src/pages/analytics/queries';
import { AppProcessor, columnsOf, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';

jest.setTimeout(120_000);
let app: AppProcessor;
let range: { from: number; to: number };
let pageViews: PageViewRow[];

beforeAll(async () => {
  app = await startAppProcessor();
  const dayStart = Math.floor(app.now / DAY) * DAY - 3 * DAY;
  range = { from: dayStart, to: app.now + MINUTE };
  // The page views seedShop wrote, regenerated to compute expectations from.
  pageViews = counted(
    [
      ...releaseTraffic(app.project.id, app.now).page_views,
      ...VISITS.flatMap((v) => v.pages.map((p) => pageViewRow(app.project.id, dayStart, v, p))),
    ],
    range
  );
});
afterAll(() => app?.stop());

const queries = analyticsQueries();
/** The page's own variables as a fresh page has them: all events, the property typed in. */
const vars = { event: '*', property: 'sku' };
const run = (name: string) => runPanelQuery(app, queries[name]!, { ...range, vars });
/** Who counts as a visitor (sql.ts VISITOR_ID_EXPR); a row with none counts as one more, '' (uniq). */
const visitor = (r: PageViewRow) => r.visitor_id || r.visitor_hash || r.user_id;
const visitors = (list: PageViewRow[]) => new Set(list.map(visitor)).size;

it('traffic stat: page views and visitors of the range, bounce rate and duration', async () => {
  const [frame] = await run('totals');
  expect(shapeOf(frame!)).toEqual({
    fields: ['page_views', 'visitors', 'sessions', 'bounce_rate', 'session_duration'],
    rows: 1,
  });
  const c = columnsOf(frame!);
  expect(c.page_views).toEqual([pageViews.length]);
  expect(c.visitors).toEqual([visitors(pageViews)]);
  expect(c.sessions![0]).toBeGreaterThan(60);
  expect(c.bounce_rate![0]).toBeGreaterThan(0);
  expect(c.bounce_rate![0]).toBeLessThan(1);
  expect(c.session_duration![0]).toBeGreaterThan(0);
});

it('traffic over time: the metrics per bucket, page views summing to the total', async () => {
  const frames = await run('traffic');
  expect(frames.map(shapeOf).map((s) => s.fields)).toEqual([['time', 'page_views', 'visitors', 'sessions']]);
  expect(frames[0]!.schema.fields[0]!.type).toBe('time');
  const perBucket = columnsOf(frames[0]!).page_views as Array<number | null>;
  expect(perBucket.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(pageViews.length);
});

it('bounce rate and session duration over time', async () => {
  const frames = await run('engagement');
  expect(frames.map((f) => f.schema.fields.map((x) => x.name))).toEqual([['time', 'bounce_rate', 'session_duration']]);
  expect(shapeOf(frames[0]!).rows).toBeGreaterThan(0);
});

describe.each(Object.keys(BREAKDOWNS))('%s breakdown', (dimension) => {
  it('lists values by visitors, at most the panel’s rows', async () => {
    const [frame] = await run(dimension);
    const { fields, rows } = shapeOf(frame!);
    expect(fields.slice(0, 3)).toEqual(['value', 'visitors', 'page_views']);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(BREAKDOWN_ROWS);
    const visitors = columnsOf(frame!).visitors as number[];
    expect([...visitors].sort((a, b) => b - a)).toEqual(visitors);
  });
});

// Referrers and UTM values belong to the session (its landing page view), so their page views are
// the sessions' — which the web seed's reused session ids make ambiguous: only visitors are checked.
it.each<[string, string, (r: PageViewRow) => string, boolean]>([
  ['referrer', 'google.com', (r) => r.referrer_host, false],
  ['utm_campaign', 'spring', (r) => r.utm_campaign, false],
  ['utm_source', 'newsletter', (r) => r.utm_source, false],
  ['country', 'DE', (r) => r.country, true],
])('%s: %s has the visitors of its page views', async (dimension, value, of, perPageView) => {
  const [frame] = await run(dimension);
  const c = columnsOf(frame!);
  const i = (c.value as string[]).indexOf(value);
  expect(i).toBeGreaterThanOrEqual(0);
  const matching = pageViews.filter((r) => of(r) === value);
  expect(c.visitors![i]).toBe(visitors(matching));
  if (perPageView) {
    expect(c.page_views![i]).toBe(matching.length);
  }
});

it('entry pages carry sessions and bounce rate', async () => {
  const [frame] = await run('entry_page');
  expect(shapeOf(frame!).fields).toEqual(['value', 'visitors', 'page_views', 'sessions', 'bounce_rate']);
});

it('custom events: the three add_to_cart events over time, by name and by the sku property', async () => {
  const series = await run('events');
  expect(series).toHaveLength(1);
  expect((columnsOf(series[0]!).count as number[]).reduce((a, b) => a + b, 0)).toBe(3);
  const [byName] = await run('eventsByName');
  expect(columnsOf(byName!)).toMatchObject({ name: ['add_to_cart'], count: [3], sessions: [1] });
  const [byProperty] = await run('eventProperties');
  const c = columnsOf(byProperty!);
  expect([...(c.value as string[])].sort()).toEqual(['sku-0', 'sku-1', 'sku-2']);
  expect(c.count).toEqual([1, 1, 1]);
});

it('live: the newest events of every kind, newest first, at most 50', async () => {
  const [frame] = await run('live');
  const c = columnsOf(frame!);
  expect(shapeOf(frame!).fields).toEqual([
    'time',
    'received_at',
    'kind',
    'summary',
    'session_id',
    'url',
    'release',
    'browser',
    'country',
  ]);
  expect(shapeOf(frame!).rows).toBe(50);
  const times = c.time as number[];
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  expect(new Set(c.kind as string[]).size).toBeGreaterThan(1);
});

it('the no-data probe answers the range’s page views', async () => {
  const [frame] = await run('probe');
  expect(columnsOf(frame!).page_views).toEqual([pageViews.length]);
});
