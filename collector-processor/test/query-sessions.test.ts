/**
 * sessions, session_timeline and live against a real processor: sessions seeded as page views,
 * errors and the other signals of the same session ids; expected answers computed from the rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { CommonRow, ErrorRow, PageViewRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, postQuery, queryFrames } from './helpers/query';
import {
  customEventRow,
  errorEvent,
  groupRows,
  httpRequest,
  longTask,
  minuteAgo,
  msOf,
  pageView,
  resource,
  rowsOf,
  webVital,
  type At,
} from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T = minuteAgo(120);
const MIN = 60_000;
const range = () => ({ project, from: T, to: T + 90 * MIN });
const RAW = { exclude: { urlPrefix: ['https://never.example/'] } };

const pageViews: PageViewRow[] = [];
const errors: ErrorRow[] = [];
/** Every non-bot row of every table, with its kind, for the timeline and the live tail. */
const all: Array<{ kind: string; row: CommonRow }> = [];

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const session =
    (id: string, browser: string, extra: Partial<At> = {}) =>
    (minute: number, url: string) => ({
      atMs: T + minute * MIN + 500,
      project_id: project,
      session_id: id,
      browser_name: browser,
      url: `https://shop.example${url}`,
      route: url,
      ...extra,
    });
  const s1 = session('s1', 'Chrome', { user_id: 'u1', os_name: 'macOS', country: 'DE' });
  const s2 = session('s2', 'Firefox', { visitor_id: 'v2', os_name: 'Linux', release: '1.1.0' });
  const s3 = session('s3', 'Safari', { device_type: 'mobile' });
  const s4 = session('s4', 'Chrome');
  pageViews.push(
    pageView(s1(1, '/')),
    pageView(s1(3, '/products')),
    pageView(s1(8, '/cart')),
    pageView(s2(10, '/')),
    pageView(s3(20, '/')),
    pageView(s3(50, '/help')),
    pageView(s3(51, '/help/faq')),
  );
  errors.push(
    errorEvent(s1(4, '/products')),
    errorEvent(s2(10, '/')),
    errorEvent(s2(11, '/cart')),
    errorEvent(s2(12, '/cart')),
    errorEvent(s4(30, '/checkout')),
  );
  const others = {
    web_vitals: [webVital(s1(2, '/'), { name: 'LCP', value: 1800, rating: 'good' })],
    custom_events: [customEventRow(s1(5, '/products'), { name: 'add_to_cart', properties: { sku: 'A1' } })],
    http_requests: [httpRequest(s1(6, '/products'), { status_code: 201, duration_ms: 140 })],
    long_tasks: [longTask(s1(7, '/products'), { duration_ms: 180 })],
    // Same millisecond as the first page view: the page view comes first.
    resources: [resource(s1(1, '/'), { duration_ms: 35 })],
  };
  await insertRows(p, 'page_views', [
    ...pageViews,
    pageView({ ...s4(40, '/'), session_id: 'bot', is_bot: 1 }),
  ]);
  await insertRows(p, 'errors', errors);
  for (const [table, rows] of Object.entries(others)) await insertRows(p, table, rows);
  const kinds: Record<string, string> = {
    web_vitals: 'web_vital',
    custom_events: 'custom_event',
    http_requests: 'http',
    long_tasks: 'long_task',
    resources: 'resource',
  };
  all.push(
    ...pageViews.map((row) => ({ kind: 'page_view', row })),
    ...errors.map((row) => ({ kind: 'error', row })),
    ...Object.entries(others).flatMap(([table, rows]) =>
      rows.map((row: CommonRow) => ({ kind: kinds[table]!, row })),
    ),
  );
});
afterAll(() => p.stop());

describe('sessions', () => {
  /** Each session from the seeded rows, as the query should describe it. */
  function expectedSessions() {
    const events = [...pageViews, ...errors];
    return [...groupRows(events, (r) => r.session_id).entries()].map(([id, rows]) => {
      const times = rows.map((r) => msOf(r.timestamp));
      const views = pageViews
        .filter((r) => r.session_id === id)
        .sort((a, b) => msOf(a.timestamp) - msOf(b.timestamp));
      const start = Math.min(...times);
      const end = Math.max(...times);
      return {
        session_id: id,
        start,
        end,
        duration_s: (end - start) / 1000,
        page_views: views.length,
        errors: rows.length - views.length,
        entry_url: (views[0] ?? rows[0]!).url,
        exit_url: (views.at(-1) ?? rows[0]!).url,
        user: rows[0]!.user_id,
        browser: rows[0]!.browser_name,
      };
    });
  }
  const pick = (r: Record<string, unknown>) => {
    const {
      session_id,
      start,
      end,
      duration_s,
      page_views,
      errors: e,
      entry_url,
      exit_url,
      user,
      browser,
    } = r;
    return { session_id, start, end, duration_s, page_views, errors: e, entry_url, exit_url, user, browser };
  };
  const list = async (extra: Record<string, unknown> = {}) => {
    const [frame] = await queryFrames(p, { type: 'sessions', ...range(), ...extra });
    return { source: frame!.schema.meta?.custom?.source, rows: rowsOf(frame!).map(pick) };
  };

  it('lists sessions newest first from the pre-aggregate, without the bot session', async () => {
    const { source, rows } = await list();
    expect(source).toBe('sessions');
    expect(rows).toEqual(expectedSessions().sort((a, b) => b.start - a.start));
  });

  it('answers the same from raw page views and errors', async () => {
    const raw = await list(RAW);
    expect(raw.source).toBe('page_views+errors');
    expect(raw.rows).toEqual((await list()).rows);
  });

  it.each([
    ['longest', 'duration_s'],
    ['most_errors', 'errors'],
    ['most_pages', 'page_views'],
  ] as const)('sorts by %s', async (sort, key) => {
    const { rows } = await list({ sort, limit: 2 });
    const want = expectedSessions()
      .sort((a, b) => b[key] - a[key] || b.start - a.start)
      .slice(0, 2);
    expect(rows).toEqual(want);
  });

  it('filters on session columns from the pre-aggregate, and takes bots only when asked', async () => {
    const firefox = await list({ filters: { browser: 'Firefox' } });
    expect(firefox.source).toBe('sessions');
    expect(firefox.rows.map((r) => r.session_id)).toEqual(['s2']);
    expect((await list({ filters: { user: 'u1' } })).rows.map((r) => r.session_id)).toEqual(['s1']);
    expect((await list({ exclude: { session: ['s1', 's2'] } })).rows.map((r) => r.session_id).sort()).toEqual(
      ['s3', 's4'],
    );
    const withBots = await list({ includeBots: true });
    expect(withBots.source).toBe('page_views+errors');
    expect(withBots.rows.map((r) => r.session_id)).toContain('bot');
  });

  it('lists the sessions that visited a route whole, not just their part on the route', async () => {
    // s1 viewed /cart, s2 erred there: both with all their page views and errors.
    const { source, rows } = await list({ filters: { route: '/cart' } });
    expect(source).toBe('page_views+errors');
    const whole = expectedSessions().sort((a, b) => b.start - a.start);
    expect(rows).toEqual(whole.filter((s) => ['s1', 's2'].includes(s.session_id)));
    const prefix = await list({ filters: { urlPrefix: 'https://shop.example/help' } });
    expect(prefix.rows).toEqual(whole.filter((s) => s.session_id === 's3'));
  });

  it.each([
    ['the pre-aggregate', {}, 'sessions'],
    ['raw rows', RAW, 'page_views+errors'],
  ])('finds a visitor’s sessions and sessions with errors, from %s', async (_path, extra, source) => {
    const withErrors = expectedSessions()
      .filter((s) => s.errors > 0)
      .sort((a, b) => b.start - a.start)
      .map((s) => s.session_id);
    expect(withErrors).toEqual(['s4', 's2', 's1']);
    const had = await list({ ...extra, hadError: 'yes' });
    expect(had.source).toBe(source);
    expect(had.rows.map((r) => r.session_id)).toEqual(withErrors);
    expect((await list({ ...extra, hadError: 'no' })).rows.map((r) => r.session_id)).toEqual(['s3']);
    expect((await list({ ...extra, visitor: 'v2' })).rows.map((r) => r.session_id)).toEqual(['s2']);
    expect((await list({ ...extra, visitor: 'v2', filters: { browser: 'Chrome' } })).rows).toEqual([]);
    const [frame] = await queryFrames(p, { type: 'sessions', ...range(), ...extra, visitor: 'v2' });
    expect(rowsOf(frame!)[0]).toMatchObject({ visitor: 'v2', errors: 3 });
  });
});

describe('session_timeline', () => {
  const order = ['page_view', 'web_vital', 'error', 'custom_event', 'http', 'long_task', 'resource'];
  /** s1's events in time order; a page view before the other kinds in the same millisecond. */
  const timeline = () =>
    all
      .filter((e) => e.row.session_id === 's1')
      .sort(
        (a, b) =>
          msOf(a.row.timestamp) - msOf(b.row.timestamp) || order.indexOf(a.kind) - order.indexOf(b.kind),
      );

  it('lists every event of the session from every table in time order', async () => {
    const [frame] = await queryFrames(p, { type: 'session_timeline', sessionId: 's1', ...range() });
    const want = timeline().map((e) => ({
      time: msOf(e.row.timestamp),
      kind: e.kind,
      event_id: e.row.event_id,
      url: e.row.url,
    }));
    const rows = rowsOf(frame!);
    expect(rows.map(({ time, kind, event_id, url }) => ({ time, kind, event_id, url }))).toEqual(want);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(order));
    // The first event of each kind (s1 has one of each besides page views).
    const byKind = Object.fromEntries(order.map((kind) => [kind, rows.find((r) => r.kind === kind)]));
    expect(byKind.page_view).toMatchObject({ name: '/', detail: 'Shop', duration_ms: 950 });
    expect(byKind.web_vital).toMatchObject({ name: 'LCP', detail: '1800 (good)', duration_ms: null });
    expect(byKind.error).toMatchObject({
      name: 'TypeError',
      detail: 'x is undefined',
      issue_id: 'fp-type-error',
    });
    expect(rows.filter((r) => r.kind !== 'error').every((r) => r.issue_id === '')).toBe(true);
    expect(byKind.custom_event).toMatchObject({ name: 'add_to_cart', detail: '{"sku":"A1"}' });
    expect(byKind.http).toMatchObject({ name: 'GET /products/:id', duration_ms: 140 });
    expect(byKind.http!.detail).toMatch(/^201 /);
    expect(byKind.long_task).toMatchObject({ name: 'BUTTON.onclick', duration_ms: 180 });
    expect(byKind.resource).toMatchObject({
      name: 'script',
      detail: 'https://shop.example/app.js',
      duration_ms: 35,
    });
  });

  it('stops at the limit, and needs a session id', async () => {
    const [frame] = await queryFrames(p, { type: 'session_timeline', sessionId: 's1', limit: 3, ...range() });
    expect(columns(frame!).kind).toEqual(
      timeline()
        .slice(0, 3)
        .map((e) => e.kind),
    );
    const answer = await postQuery(p, { type: 'session_timeline', ...range() });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/sessionId/);
  });
});

describe('live', () => {
  const newestFirst = () =>
    [...all].sort(
      (a, b) =>
        msOf(b.row.received_at) - msOf(a.row.received_at) ||
        msOf(b.row.timestamp) - msOf(a.row.timestamp) ||
        a.kind.localeCompare(b.kind),
    );

  it('tails the newest events across every table, newest first', async () => {
    const [frame] = await queryFrames(p, { type: 'live', ...range(), limit: 5 });
    const want = newestFirst().slice(0, 5);
    expect(rowsOf(frame!).map((r) => [r.received_at, r.kind, r.session_id])).toEqual(
      want.map((e) => [msOf(e.row.received_at), e.kind, e.row.session_id]),
    );
    // The newest is a page view: its summary is its route and title.
    const newest = want[0]!.row as PageViewRow;
    expect(want[0]!.kind).toBe('page_view');
    expect(rowsOf(frame!)[0]!.summary).toBe(`${newest.route}: ${newest.title}`);
  });

  it('returns only events received after `since`', async () => {
    const since = T + 9 * MIN;
    const [frame] = await queryFrames(p, { type: 'live', ...range(), since });
    const want = newestFirst().filter((e) => msOf(e.row.received_at) > since);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(all.length);
    expect(rowsOf(frame!).map((r) => [r.received_at, r.kind])).toEqual(
      want.map((e) => [msOf(e.row.received_at), e.kind]),
    );
    const [later] = await queryFrames(p, {
      type: 'live',
      ...range(),
      since: msOf(newestFirst()[0]!.row.received_at),
    });
    expect(later!.data.values[0]).toEqual([]);
  });

  it('caps the limit at 500', async () => {
    const answer = await postQuery(p, { type: 'live', ...range(), limit: 501 });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/limit/);
  });
});
