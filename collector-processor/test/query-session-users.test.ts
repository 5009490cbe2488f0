/**
 * Who a session belongs to, against a real processor: a visitor who logs in mid-session, whose
 * later page views and errors carry no user id (each written as its own insert, so its own part of
 * the `sessions` pre-aggregate), is still that user's session; web analytics count them once as a
 * visitor and once as a logged-in user. Rows aggregated before migration 0011 (no last_user_id
 * state) keep the user of their old column.
 */
import type { RunningProcessor } from '../src/processor';
import { toDateTime64 } from '../src/store/time';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows, queryFrames } from './helpers/query';
import { errorEvent, minuteAgo, pageView, rowsOf, type At } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T = minuteAgo(120);
const MIN = 60_000;
const range = () => ({ project, from: T, to: T + 90 * MIN });
/** A filter no row matches: forces the raw page_views+errors path. */
const RAW = { exclude: { urlPrefix: ['https://never.example/'] } };

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const at = (session: string, visitor: string, minute: number, extra: Partial<At> = {}): At => ({
    atMs: T + minute * MIN,
    project_id: project,
    session_id: session,
    visitor_id: visitor,
    browser_name: session === 'anon' ? 'Firefox' : 'Chrome',
    ...extra,
  });
  // One insert per step, as the SDK's batches arrive: anonymous, login, then views without the id.
  await insertRows(p, 'page_views', [pageView(at('login', 'v-login', 1))]);
  await insertRows(p, 'page_views', [pageView(at('login', 'v-login', 2, { user_id: 'u-login' }))]);
  await insertRows(p, 'page_views', [
    pageView(at('login', 'v-login', 3)),
    pageView(at('login', 'v-login', 4)),
  ]);
  await insertRows(p, 'errors', [errorEvent(at('login', 'v-login', 5))]);
  await insertRows(p, 'page_views', [pageView(at('anon', 'v-anon', 10)), pageView(at('anon', 'v-anon', 11))]);

  // A session aggregated before migration 0011: its row has the old column only (the new state is
  // empty, as ALTER ADD COLUMN leaves old parts); a later page view without a user id follows.
  const started = toDateTime64(T + 20 * MIN);
  await p.store.client.insert({
    table: 'sessions',
    format: 'JSONEachRow',
    values: [
      {
        project_id: project,
        retention_days: 30,
        session_date: new Date(T + 20 * MIN).toISOString().slice(0, 10),
        session_id: 'old',
        first_seen: started,
        last_seen: started,
        page_views: 1,
        errors: 0,
        user_id: 'u-old',
        visitor_id: 'v-old',
        browser_name: 'Chrome',
      },
    ],
  });
  await insertRows(p, 'page_views', [pageView(at('old', 'v-old', 21))]);
});
afterAll(() => p.stop());

const sessions = async (extra: Record<string, unknown> = {}) => {
  const [frame] = await queryFrames(p, { type: 'sessions', ...range(), ...extra });
  return {
    source: frame!.schema.meta?.custom?.source,
    users: Object.fromEntries(rowsOf(frame!).map((r) => [r.session_id, r.user])),
  };
};

describe('sessions by user', () => {
  it('a session is its last non-empty user id, however its parts merge', async () => {
    const all = await sessions();
    expect(all.source).toBe('sessions');
    expect(all.users).toEqual({ login: 'u-login', anon: '', old: 'u-old' });
  });

  it('filtering by user finds the session whose later page views and errors had no id', async () => {
    const login = await sessions({ filters: { user: ['u-login'] } });
    expect(login.source).toBe('sessions');
    expect(login.users).toEqual({ login: 'u-login' });
    expect((await sessions({ filters: { user: ['u-old'] } })).users).toEqual({ old: 'u-old' });
    expect(Object.keys((await sessions({ exclude: { user: ['u-login'] } })).users).sort()).toEqual([
      'anon',
      'old',
    ]);
  });

  it('the raw path agrees for sessions it has the rows of', async () => {
    const raw = await sessions(RAW);
    expect(raw.source).toBe('page_views+errors');
    expect([raw.users.login, raw.users.anon]).toEqual(['u-login', '']);
  });
});

describe('web analytics: visitors and logged-in users apart', () => {
  it('a visitor who logs in mid-session is one visitor and one user', async () => {
    const [frame] = await queryFrames(p, {
      type: 'web_analytics',
      ...range(),
      view: 'total',
      metrics: ['page_views', 'visitors', 'users', 'sessions'],
    });
    // login: 4 views; anon: 2; old: 1 (its pre-migration part is not a page_views row).
    expect(rowsOf(frame!)).toEqual([{ page_views: 7, visitors: 3, users: 1, sessions: 3 }]);
  });

  it('per browser too, and as a series', async () => {
    const [table] = await queryFrames(p, {
      type: 'web_analytics',
      ...range(),
      view: 'table',
      groupBy: ['browser'],
      metrics: ['visitors', 'users'],
    });
    expect(rowsOf(table!)).toEqual([
      { browser: 'Chrome', visitors: 2, users: 1 },
      { browser: 'Firefox', visitors: 1, users: 0 },
    ]);
    const series = await queryFrames(p, {
      type: 'web_analytics',
      ...range(),
      view: 'timeseries',
      intervalMs: 3_600_000,
      metrics: ['users'],
    });
    const total = series.flatMap((f) => rowsOf(f)).reduce((n, r) => n + Number(r.users), 0);
    expect(total).toBe(1);
  });
});
