/**
 * Numbers shown side by side must agree (issue #13): `issue_detail`'s summary counts under the
 * query's range and filters equal what its events frame lists, and `/stats` says which of its
 * counts include bots, each equal to what the query API returns with and without bots. Real
 * processor and embedded ClickHouse; expectations computed from the seeded rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { ErrorRow, PageViewRow } from '../src/store/rows';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, queryFrames } from './helpers/query';
import {
  distinct,
  errorRow,
  grouping,
  HOUR,
  MINUTE,
  msOf,
  pageViewRow,
  records,
  visitorOf,
} from './helpers/seed-errors';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const NOW = Date.now();
const range = { from: NOW - 6 * HOUR, to: NOW + HOUR };
const errors: ErrorRow[] = [];
const pageViews: PageViewRow[] = [];

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000' });
  project = (await createProject(p.url)).id;
  for (let i = 0; i < 12; i++) {
    const common = {
      at: i < 10 ? NOW - 5 * HOUR + i * 20 * MINUTE : NOW - 30 * HOUR, // two outside the range
      browser_name: i % 3 === 0 ? 'Firefox' : 'Chrome',
      release: i % 2 ? '2.0.0' : '1.0.0',
      is_bot: i % 4 === 1 ? 1 : 0, // crawlers: stored, counted in lifetime totals, not in analytics
      session_id: `s${i % 5}`,
      user_id: i % 3 === 2 ? '' : `u${i % 4}`,
      visitor_id: `v${i % 6}`,
    };
    errors.push(
      errorRow(project, {
        ...common,
        event_id: `e${i}`,
        fingerprint: 'fp-counts',
        grouping: grouping('TypeError: x is undefined', 'cart.ts in pay'),
      }),
    );
    pageViews.push(pageViewRow(project, { ...common, page_view_id: `pv${i}` }));
  }
  await insertRows(p, 'errors', errors);
  await insertRows(p, 'page_views', pageViews);
});
afterAll(() => p.stop());

const inRange = (r: { timestamp: string }) => msOf(r.timestamp) >= range.from && msOf(r.timestamp) < range.to;

describe('issue_detail: the summary counts what the events frame lists', () => {
  it.each([
    ['no filters', {}, (r: ErrorRow) => r.is_bot === 0],
    [
      'browser Chrome',
      { filters: { browser: 'Chrome' } },
      (r: ErrorRow) => r.is_bot === 0 && r.browser_name === 'Chrome',
    ],
    [
      'release 2.0.0',
      { filters: { release: '2.0.0' } },
      (r: ErrorRow) => r.is_bot === 0 && r.release === '2.0.0',
    ],
    ['bots included', { includeBots: true }, () => true],
  ])('%s', async (_name, q, keep) => {
    const frames = await queryFrames(p, {
      project,
      ...range,
      type: 'issue_detail',
      issueId: 'fp-counts',
      limit: 100,
      ...q,
    });
    const byName = Object.fromEntries(frames.map((f) => [f.schema.name!, records(f)]));
    const expected = errors.filter((r) => inRange(r) && keep(r));
    const [summary] = byName.summary!;
    expect(byName.events).toHaveLength(expected.length);
    expect(summary).toMatchObject({
      events_in_range: expected.length,
      users_in_range: distinct(expected.map(visitorOf)),
      sessions_in_range: distinct(expected.map((r) => r.session_id)),
      events: errors.length, // lifetime, bots included, whatever the filters
    });
  });
});

describe('/stats and the query API agree on bots', () => {
  it('counts every stored row, and separately the rows analytics count (bots left out)', async () => {
    const res = await fetch(`${p.url}/api/v1/projects/${project}/stats`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as {
      counts: Record<string, number>;
      botCounts: Record<string, number>;
      countsExcludingBots: Record<string, number>;
    };
    const bots = (rows: Array<{ is_bot: number }>) => rows.filter((r) => r.is_bot === 1).length;
    expect(stats.counts).toMatchObject({ pageViews: pageViews.length, errors: errors.length });
    expect(stats.botCounts).toMatchObject({ pageViews: bots(pageViews), errors: bots(errors) });
    expect(stats.countsExcludingBots).toMatchObject({
      pageViews: pageViews.length - bots(pageViews),
      errors: errors.length - bots(errors),
    });

    // The query API over all time: the default leaves bots out, includeBots counts them.
    const allTime = {
      project,
      from: NOW - 40 * HOUR,
      to: NOW + HOUR,
      type: 'web_breakdown',
      dimension: 'browser',
    };
    const total = async (q: Record<string, unknown>) => {
      const [frame] = await queryFrames(p, { ...allTime, ...q });
      return (columns(frame!).page_views as number[]).reduce((a, b) => a + b, 0);
    };
    expect(await total({})).toBe(stats.countsExcludingBots.pageViews);
    expect(await total({ includeBots: true })).toBe(stats.counts.pageViews);
  });
});
