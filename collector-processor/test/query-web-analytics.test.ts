/**
 * web_analytics against a real processor: every metric, in every view, from both the sessions
 * pre-aggregate and raw page views, checked against values computed here from the seeded rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { PageViewRow } from '../src/store/rows';
import type { DataFrameJSON } from '../src/query/types';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, queryFrames } from './helpers/query';
import { DAY, seedWeb, type WebSeed } from './helpers/seed-web';

jest.setTimeout(60_000);

let p: RunningProcessor;
let project: string;
let seed: WebSeed;

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  seed = await seedWeb(p, project);
});
afterAll(() => p.stop());

const ALL = [
  'page_views',
  'visitors',
  'sessions',
  'bounce_rate',
  'session_duration',
  'views_per_session',
  'time_on_page',
];
type Metrics = Record<string, number | null>;

const msOf = (r: PageViewRow) => Math.round(Number(r.timestamp) * 1000);
const visitorOf = (r: PageViewRow) => r.user_id || r.visitor_id || r.visitor_hash;
const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

interface View {
  row: PageViewRow;
  /** Seconds to the next page view of the session, null for its last page (or no session). */
  timeOnPage: number | null;
}
interface Visit {
  views: PageViewRow[];
  entry: PageViewRow;
  start: number;
  end: number;
}

function visitsOf(rows: PageViewRow[]): Visit[] {
  const bySession = new Map<string, PageViewRow[]>();
  for (const r of rows.filter((r) => r.session_id !== ''))
    bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), r]);
  return [...bySession.values()].map((views) => {
    views.sort((a, b) => msOf(a) - msOf(b));
    return { views, entry: views[0]!, start: msOf(views[0]!), end: msOf(views.at(-1)!) };
  });
}

function viewsOf(rows: PageViewRow[]): View[] {
  const next = new Map<PageViewRow, number>();
  for (const visit of visitsOf(rows))
    visit.views.slice(0, -1).forEach((r, i) => next.set(r, msOf(visit.views[i + 1]!)));
  return rows.map((row) => ({ row, timeOnPage: next.has(row) ? (next.get(row)! - msOf(row)) / 1000 : null }));
}

/** The metrics of these page views and these sessions, by the definitions in the issue. */
function traffic(views: View[], visits: Visit[]): Metrics {
  const n = visits.length;
  const ratio = (x: number) => (n ? x / n : null);
  return {
    page_views: views.length,
    visitors: new Set(views.map((v) => visitorOf(v.row))).size,
    sessions: n,
    bounce_rate: ratio(visits.filter((v) => v.views.length === 1).length),
    session_duration: ratio(visits.reduce((s, v) => s + (v.end - v.start) / 1000, 0)),
    views_per_session: ratio(visits.reduce((s, v) => s + v.views.length, 0)),
    time_on_page: avg(views.flatMap((v) => (v.timeOnPage === null ? [] : [v.timeOnPage]))),
  };
}

const humans = () => seed.pageViews.filter((r) => r.is_bot === 0);

function expectMetrics(actual: Record<string, unknown>, expected: Metrics, metrics = ALL) {
  for (const m of metrics) {
    if (expected[m] === null) expect([m, actual[m]]).toEqual([m, null]);
    else expect([m, actual[m]]).toEqual([m, expect.closeTo(expected[m]!, 9)]);
  }
}

/** The one row of a table frame as {field: value}. */
function onlyRow(frame: DataFrameJSON): Record<string, unknown> {
  const cols = columns(frame);
  for (const values of Object.values(cols)) expect(values).toHaveLength(1);
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[0]]));
}

function rowsOf(frame: DataFrameJSON): Array<Record<string, unknown>> {
  const cols = columns(frame);
  const n = frame.data.values[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[i]])),
  );
}

const range = () => ({ type: 'web_analytics', project, from: seed.dayStart, to: seed.dayStart + 3 * DAY });
/** Excluding a route no page has keeps every row but rules out the sessions pre-aggregate. */
const RAW = { exclude: { route: ['/no-such-route'] } };

describe('web_analytics', () => {
  it.each([
    ['the sessions pre-aggregate', {}, 'sessions'],
    ['raw page views', RAW, 'page_views'],
  ])('totals every metric from %s', async (_, extra, source) => {
    const [frame] = await queryFrames(p, { ...range(), ...extra, metrics: ALL, view: 'total' });
    expect(frame!.schema.meta?.custom?.source).toBe(source);
    expectMetrics(onlyRow(frame!), traffic(viewsOf(humans()), visitsOf(humans())));
  });

  it('counts bots only when asked', async () => {
    const [frame] = await queryFrames(p, { ...range(), metrics: ALL, view: 'total', includeBots: true });
    expect(frame!.schema.meta?.custom?.source).toBe('page_views');
    const all = traffic(viewsOf(seed.pageViews), visitsOf(seed.pageViews));
    expect(all.page_views).toBeGreaterThan(humans().length);
    expectMetrics(onlyRow(frame!), all);
  });

  it('gives each metric its Grafana unit', async () => {
    const [frame] = await queryFrames(p, { ...range(), metrics: ALL, view: 'total' });
    expect(Object.fromEntries(frame!.schema.fields.map((f) => [f.name, f.config?.unit]))).toEqual({
      page_views: 'short',
      visitors: 'short',
      sessions: 'short',
      bounce_rate: 'percentunit',
      session_duration: 's',
      views_per_session: 'short',
      time_on_page: 's',
    });
  });

  it.each([
    ['the sessions pre-aggregate', {}],
    ['raw page views', RAW],
  ])('answers a table per browser from %s, sorted by the first metric', async (_, extra) => {
    const [frame] = await queryFrames(p, {
      ...range(),
      ...extra,
      metrics: ALL,
      view: 'table',
      groupBy: ['browser'],
    });
    const rows = rowsOf(frame!);
    const views = viewsOf(humans());
    const browsers = [...new Set(humans().map((r) => r.browser_name))];
    expect(rows.map((r) => r.browser).sort()).toEqual([...browsers].sort());
    for (const row of rows) {
      const b = row.browser;
      expectMetrics(
        row,
        traffic(
          views.filter((v) => v.row.browser_name === b),
          visitsOf(humans().filter((r) => r.browser_name === b)),
        ),
      );
    }
    const order = [...rows].sort(
      (a, b) =>
        Number(b.page_views) - Number(a.page_views) || String(a.browser).localeCompare(String(b.browser)),
    );
    expect(rows.map((r) => r.browser)).toEqual(order.map((r) => r.browser));
  });

  it('attributes sessions to their entry route and page views to their own route', async () => {
    const metrics = [
      'page_views',
      'visitors',
      'time_on_page',
      'sessions',
      'bounce_rate',
      'views_per_session',
    ];
    const [frame] = await queryFrames(p, { ...range(), metrics, view: 'table', groupBy: ['route'] });
    expect(frame!.schema.meta?.custom?.source).toBe('page_views');
    const views = viewsOf(humans());
    const visits = visitsOf(humans());
    const rows = rowsOf(frame!);
    expect(rows.map((r) => r.route).sort()).toEqual([...new Set(humans().map((r) => r.route))].sort());
    for (const row of rows)
      expectMetrics(
        row,
        traffic(
          views.filter((v) => v.row.route === row.route),
          visits.filter((v) => v.entry.route === row.route),
        ),
        metrics,
      );
  });

  it.each([
    ['the sessions pre-aggregate', {}, 'sessions'],
    ['raw page views', RAW, 'page_views'],
  ])('draws a daily series from %s: sessions in the day they started', async (_, extra, source) => {
    const frames = await queryFrames(p, { ...range(), ...extra, metrics: ALL, intervalMs: DAY });
    expect(frames).toHaveLength(1);
    expect(frames[0]!.schema.meta?.custom).toEqual({ source, intervalMs: DAY });
    const rows = rowsOf(frames[0]!);
    const days = [0, 1, 2].map((d) => seed.dayStart + d * DAY);
    expect(rows.map((r) => r.time)).toEqual(days);
    const views = viewsOf(humans());
    const visits = visitsOf(humans());
    const inDay = (day: number, ms: number) => ms >= day && ms < day + DAY;
    rows.forEach((row, i) =>
      expectMetrics(
        row,
        traffic(
          views.filter((v) => inDay(days[i]!, msOf(v.row))),
          visits.filter((v) => inDay(days[i]!, v.start)),
        ),
      ),
    );
  });

  it.each([
    ['the sessions pre-aggregate', {}, 'sessions'],
    [
      'raw page views',
      { filters: { country: ['FR', 'US'], urlPrefix: ['https://shop.example/'] } },
      'page_views',
    ],
  ])('filters and excludes with %s', async (_, extra, source) => {
    const q = { filters: { country: ['FR', 'US'] }, exclude: { environment: ['staging'] }, ...extra };
    const [frame] = await queryFrames(p, { ...range(), ...q, metrics: ALL, view: 'total' });
    expect(frame!.schema.meta?.custom?.source).toBe(source);
    const kept = humans().filter((r) => ['FR', 'US'].includes(r.country) && r.environment !== 'staging');
    expectMetrics(onlyRow(frame!), traffic(viewsOf(kept), visitsOf(kept)));
  });

  it('draws only the busiest series when grouped, each labelled', async () => {
    const frames = await queryFrames(p, {
      ...range(),
      metrics: ['page_views'],
      groupBy: ['browser'],
      intervalMs: DAY,
      limit: 2,
    });
    const perBrowser = new Map<string, number>();
    for (const r of humans()) perBrowser.set(r.browser_name, (perBrowser.get(r.browser_name) ?? 0) + 1);
    const top = [...perBrowser].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 2);
    expect(
      frames.map((f) => f.schema.fields[1]!.labels).sort((a, b) => a!.browser!.localeCompare(b!.browser!)),
    ).toEqual(top.map(([browser]) => ({ browser })).sort((a, b) => a.browser.localeCompare(b.browser)));
    for (const f of frames) {
      const { page_views } = columns(f);
      expect((page_views as number[]).reduce((a, b) => a + b, 0)).toBe(
        perBrowser.get(f.schema.fields[1]!.labels!.browser!),
      );
    }
  });

  it('answers well-formed empty frames for a range without traffic', async () => {
    const empty = { from: seed.dayStart - 10 * DAY, to: seed.dayStart - 9 * DAY };
    const [total] = await queryFrames(p, { ...range(), ...empty, metrics: ALL, view: 'total' });
    expectMetrics(onlyRow(total!), {
      page_views: 0,
      visitors: 0,
      sessions: 0,
      bounce_rate: null,
      session_duration: null,
      views_per_session: null,
      time_on_page: null,
    });
    const series = await queryFrames(p, { ...range(), ...empty, metrics: ALL });
    expect(series).toHaveLength(1);
    expect(series[0]!.data.values.every((v) => v.length === 0)).toBe(true);
    const [table] = await queryFrames(p, { ...range(), ...empty, view: 'table', groupBy: ['country'] });
    expect(columns(table!)).toEqual({ country: [], page_views: [], visitors: [] });
  });
});
