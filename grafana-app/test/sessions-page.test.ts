/**
 * Every query of the Sessions pages (src/pages/sessions/queries.ts), through the data source's
 * request builder against the seeded processor: the search with the page's variables as a user
 * sets them, and the rich session's summary and timeline (test/helpers/seed-sessions.ts), with
 * the answers computed from the seeded rows.
 */
import { sessionsQuery, sessionSummaryQuery, sessionTimelineQuery, SESSION_ROWS } from '../src/pages/sessions/queries';
import { AppProcessor, columnsOf, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';
import { ISSUES } from './helpers/seed';
import { RICH_EVENTS, RICH_ISSUE, RICH_SESSION, richSessionStart } from './helpers/seed-sessions';

jest.setTimeout(120_000);
let app: AppProcessor;
beforeAll(async () => {
  app = await startAppProcessor();
});
afterAll(() => app?.stop());

/** The search variables as the page starts: empty text boxes, every route, any errors, newest first. */
const SEARCH_DEFAULTS = { user: '', visitor: '', route: '*', hadError: 'any', sort: 'newest' };
/** The rich session is six days old (seed-sessions.ts): the page's range must reach it. */
const WEEK = 7 * 86_400_000;
const search = (vars: Partial<typeof SEARCH_DEFAULTS> = {}, from = app.now - WEEK) =>
  runPanelQuery(app, sessionsQuery(), { from, vars: { ...SEARCH_DEFAULTS, ...vars } });

const SESSION_FIELDS = [
  'session_id',
  'start',
  'end',
  'duration_s',
  'page_views',
  'errors',
  'entry_url',
  'exit_url',
  'user',
  'visitor',
  'release',
  'browser',
  'os',
  'device',
  'country',
];

/** The rich session's row, from the seed: its page views and its one error (the last event of the list). */
function richRow() {
  const start = richSessionStart(app.now);
  const pageViews = RICH_EVENTS.filter((e) => e.table === 'page_views');
  return {
    session_id: RICH_SESSION.id,
    start,
    end: start + RICH_SESSION.errorAfterMs,
    duration_s: RICH_SESSION.errorAfterMs / 1000,
    page_views: pageViews.length,
    errors: 1,
    entry_url: 'https://shop.example/',
    exit_url: 'https://shop.example/checkout',
    user: RICH_SESSION.user,
    visitor: RICH_SESSION.visitor,
    release: RICH_SESSION.release,
    browser: RICH_SESSION.browser,
    os: RICH_SESSION.os,
  };
}

const rowsOf = (frame: Parameters<typeof columnsOf>[0]) => {
  const columns = columnsOf(frame);
  return Array.from({ length: shapeOf(frame).rows }, (_, i) =>
    Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v[i]]))
  );
};

describe('Sessions search', () => {
  it('lists the newest sessions of the page’s default range (24 h), at most a page of them', async () => {
    const from = app.now - 86_400_000;
    const [frame] = await search({}, from);
    const { fields, rows: count } = shapeOf(frame!);
    expect(fields).toEqual(SESSION_FIELDS);
    // The release traffic alone is 60 sessions in the last five hours.
    expect(count).toBeGreaterThanOrEqual(60);
    expect(count).toBeLessThanOrEqual(SESSION_ROWS);
    const rows = rowsOf(frame!);
    const ends = rows.map((r) => r.end as number);
    expect(ends.every((t) => t >= from)).toBe(true);
    const starts = rows.map((r) => r.start as number);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(rows.map((r) => r.session_id)).not.toContain(RICH_SESSION.id);
  });

  it('finds the rich session by its visitor over the week, as the seed wrote it', async () => {
    const [frame] = await search({ visitor: RICH_SESSION.visitor });
    const whole = [{ ...richRow(), device: 'desktop', country: 'DE' }];
    expect(rowsOf(frame!)).toEqual(whole);
    // A route picks sessions that visited it, listed whole (all three page views, the error).
    const [onRoute] = await search({ visitor: RICH_SESSION.visitor, route: '/products/:id' });
    expect(rowsOf(onRoute!)).toEqual(whole);
  });

  it.each([
    ['a user and a visitor', { user: RICH_SESSION.user, visitor: RICH_SESSION.visitor }, [RICH_SESSION.id]],
    ['a visitor with errors', { visitor: RICH_SESSION.visitor, hadError: 'yes' }, [RICH_SESSION.id]],
    ['a visitor without errors', { visitor: RICH_SESSION.visitor, hadError: 'no' }, []],
    ['a visitor on a route', { visitor: RICH_SESSION.visitor, route: '/products/:id' }, [RICH_SESSION.id]],
    ['a visitor on a route they never opened', { visitor: RICH_SESSION.visitor, route: '/help' }, []],
  ])('finds sessions by %s', async (_name, vars, ids) => {
    const [frame] = await search(vars);
    expect(columnsOf(frame!).session_id).toEqual(ids);
  });

  it('splits sessions with errors (every session of a seeded issue event among them) from those without', async () => {
    const [frame] = await search({ hadError: 'yes', sort: 'most_errors' });
    const rows = rowsOf(frame!);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.errors as number) > 0)).toBe(true);
    const errors = rows.map((r) => r.errors as number);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    // Every session with a seeded issue event is one of them (fewer than a page of them).
    expect(rows.length).toBeLessThan(SESSION_ROWS);
    const listed = new Set(rows.map((r) => r.session_id));
    const withIssue = [RICH_SESSION.id, ...ISSUES.flatMap((i) => i.events.map((e) => e.session))];
    expect(withIssue.filter((id) => !listed.has(id))).toEqual([]);
    const [none] = await search({ hadError: 'no' });
    const clean = rowsOf(none!);
    expect(clean.length).toBeGreaterThan(0);
    expect(clean.every((r) => r.errors === 0)).toBe(true);
    expect(clean.filter((r) => listed.has(r.session_id))).toEqual([]);
  });

  it('sorts by length', async () => {
    const [frame] = await search({ sort: 'longest' });
    const durations = columnsOf(frame!).duration_s as number[];
    expect(durations.length).toBeGreaterThan(1);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
  });
});

describe('Session page', () => {
  it('reads the session’s row for its header', async () => {
    const [frame] = await runPanelQuery(app, sessionSummaryQuery(RICH_SESSION.id), {
      from: app.now - WEEK,
      vars: { release: '1.1.0' },
    });
    // Not scoped to the page's release: the header shows the session whatever release is picked.
    expect(shapeOf(frame!)).toEqual({ fields: SESSION_FIELDS, rows: 1 });
    expect(rowsOf(frame!)[0]).toMatchObject(richRow());
  });

  it('lists every event of the rich session in order, the error linked to its issue', async () => {
    const [frame] = await runPanelQuery(app, sessionTimelineQuery(RICH_SESSION.id), {
      from: app.now - WEEK,
      vars: { release: '1.1.0' },
    });
    expect(shapeOf(frame!)).toEqual({
      fields: ['time', 'kind', 'name', 'detail', 'url', 'duration_ms', 'event_id', 'trace_id', 'issue_id'],
      rows: RICH_EVENTS.length + 1,
    });
    const start = richSessionStart(app.now);
    const want = [
      ...RICH_EVENTS.map((e) => ({ offset: e.offsetMs, kind: e.kind })),
      { offset: RICH_SESSION.errorAfterMs, kind: 'error' },
    ].sort((a, b) => a.offset - b.offset);
    const rows = rowsOf(frame!);
    expect(rows.map((r) => ({ offset: (r.time as number) - start, kind: r.kind }))).toEqual(want);

    const error = rows.find((r) => r.kind === 'error')!;
    expect(error).toMatchObject({
      name: RICH_ISSUE.type,
      detail: RICH_ISSUE.message,
      issue_id: RICH_ISSUE.id,
      trace_id: RICH_SESSION.traceId,
    });
    const failed = rows.find((r) => r.kind === 'http' && String(r.detail).startsWith('503'))!;
    expect(failed).toMatchObject({ name: 'POST /api/checkout', duration_ms: 1250, trace_id: RICH_SESSION.traceId });
    const clicks = rows.filter((r) => r.name === 'browser.user_action.click').map((r) => JSON.parse(String(r.detail)));
    expect(clicks.map((p) => p['browser.css_selector'])).toEqual([
      'a.product-card',
      'button#add-to-cart',
      'button#pay',
    ]);
    expect(rows.filter((r) => r.kind === 'web_vital').map((r) => [r.name, r.detail])).toEqual([
      ['FCP', '900 (good)'],
      ['LCP', '1800 (good)'],
      ['INP', '380 (needs-improvement)'],
      ['CLS', '0.31 (poor)'],
    ]);
    expect(rows.find((r) => r.kind === 'long_task')).toMatchObject({ name: 'BUTTON.onclick', duration_ms: 240 });
  });
});
