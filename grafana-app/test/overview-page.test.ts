/**
 * Every query of the Overview page (src/pages/overview/queries.ts), as its scene issues them,
 * through the data source's request builder against the seeded processor: each answers non-empty
 * frames of the fields its panel reads, with the numbers the seed implies. The range is the last
 * five hours (the shop's release traffic); the comparison runs the same query over the five hours
 * before, as the page's "compare with: previous period" does.
 */
import type { ErrorRow, PageViewRow, WebVitalRow } from '../../collector-processor/src/store/rows';
import { initialState } from '../../collector-processor/src/issues/state';
import { stateRow } from '../../collector-processor/src/issues/issue-store';
import { insertRows } from '../../collector-processor/test/helpers/query';
import {
  counted,
  distinct,
  HOUR,
  MINUTE,
  releaseCounts,
  releaseTraffic,
  msOf,
} from '../../collector-processor/test/helpers/seed-errors';
import { DAY, pageViewRow, VISITS, vitalRows } from '../../collector-processor/test/helpers/seed-web';
import { relativeChange } from '../src/pages/overview/change';
import { CORE_VITALS, overviewQueries, VITAL_BANDS } from '../src/pages/overview/queries';
import { AppProcessor, columnsOf, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';
import { issueRows } from './helpers/seed';

jest.setTimeout(120_000);
let app: AppProcessor;
let range: { from: number; to: number };
let previous: { from: number; to: number };
let rows: { page_views: PageViewRow[]; errors: ErrorRow[]; web_vitals: WebVitalRow[] };

beforeAll(async () => {
  app = await startAppProcessor();
  range = { from: app.now - 5 * HOUR, to: app.now + MINUTE };
  previous = { from: range.from - (range.to - range.from), to: range.from };
  // Everything the shop seeded, regenerated the way seedShop wrote it, to compute expectations from.
  const id = app.project.id;
  const traffic = releaseTraffic(id, app.now);
  const dayStart = Math.floor(app.now / DAY) * DAY - 3 * DAY;
  rows = {
    page_views: [...traffic.page_views, ...VISITS.flatMap((v) => v.pages.map((p) => pageViewRow(id, dayStart, v, p)))],
    errors: [...traffic.errors, ...issueRows(id, app.now)],
    web_vitals: [...traffic.web_vitals, ...vitalRows(id, dayStart)],
  };
  // The search issue came back after being resolved (what the lifecycle writes on a regression).
  await insertRows(app.processor, 'issue_states', [
    stateRow({
      ...initialState(id, 'fp-search-range'),
      status: 'regressed',
      resolvedAt: app.now - 4 * HOUR,
      regressedAt: app.now - 3 * HOUR,
      regressedInRelease: '1.1.0',
      updatedAt: app.now - 3 * HOUR,
      updatedBy: 'system',
      version: 2,
    }),
  ]);
});
afterAll(() => app?.stop());

const queries = overviewQueries();
const run = (name: string, r = range) => runPanelQuery(app, queries[name]!, r).then((frames) => frames);

/** The one row of a one-row table frame. */
async function oneRow(name: string, r = range) {
  const frames = await run(name, r);
  expect(frames).toHaveLength(1);
  expect(shapeOf(frames[0]!).rows).toBe(1);
  return Object.fromEntries(Object.entries(columnsOf(frames[0]!)).map(([k, v]) => [k, v[0]]));
}

/**
 * Sessions that started in the range, as the sessions pre-aggregate answers: a session's start is
 * its first page view from the day before the range's first day on (web-analytics-sql.ts). The
 * web seed reuses some session ids of the release traffic (s1–s10) days earlier, so those of the
 * last two days start before the range and do not count.
 */
function sessionsStartedIn(r: { from: number; to: number }): number {
  const since = Math.floor(r.from / DAY) * DAY - DAY;
  const started = new Map<string, number>();
  for (const pv of rows.page_views) {
    const at = msOf(pv.timestamp);
    if (pv.is_bot || !pv.session_id || at < since || at >= r.to) {
      continue;
    }
    started.set(pv.session_id, Math.min(started.get(pv.session_id) ?? Infinity, at));
  }
  return [...started.values()].filter((at) => at >= r.from).length;
}

/** The exact p-th percentile (nearest rank), to check ClickHouse's t-digest estimate against. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe.each(CORE_VITALS)('%s p75 stat', (metric) => {
  it('answers p75 and the sample count of the range, and of the previous period', async () => {
    const inRange = (r: typeof range) => counted(rows.web_vitals, r).filter((v) => v.name === metric);
    const now = await oneRow(metric);
    expect(Object.keys(now)).toEqual(['p75', 'samples', 'good_share', 'needs_improvement_share', 'poor_share']);
    const samples = inRange(range);
    expect(samples).toHaveLength(120); // 60 sessions of 1–3 page views, one sample each
    expect(now.samples).toBe(samples.length);
    const exact = percentile(
      samples.map((v) => v.value),
      75
    );
    expect(Number(now.p75)).toBeGreaterThan(exact * 0.9);
    expect(Number(now.p75)).toBeLessThan(exact * 1.1);
    // The shares are of the rating each sample was stored with (the SDK's web-vitals rating).
    expect(now.good_share).toBe(samples.filter((v) => v.rating === 'good').length / samples.length);
    // The stat's bands: the seeded p75 sits in its band by web.dev's numbers.
    expect(Number(now.p75)).toBeLessThanOrEqual(VITAL_BANDS[metric].poor);

    // The previous period: one row when it has samples, none when it has not (the stat then shows no change).
    const expected = inRange(previous).length;
    const frames = await run(metric, previous);
    const before = expected ? await oneRow(metric, previous) : undefined;
    if (!expected) {
      expect(shapeOf(frames[0]!).rows).toBe(0);
    }
    expect(before?.samples ?? 0).toBe(expected);
    const change = relativeChange(Number(now.p75), before ? Number(before.p75) : null);
    expect(change).toEqual(before ? (Number(now.p75) - Number(before.p75)) / Number(before.p75) : null);
  });
});

it('sessions and page views stats: the range’s page views, sessions and visitors (bots left out)', async () => {
  const pv = counted(rows.page_views, range);
  const total = await oneRow('traffic');
  expect(pv.length).toBe(180); // releaseTraffic: 120 page loads + 60 soft navigations
  expect(total).toEqual({
    page_views: pv.length,
    sessions: sessionsStartedIn(range),
    // Browsers, not users: the SDK's visitor id, else the cookieless hash (web-analytics-sql.ts).
    visitors: distinct(pv.map((r) => r.visitor_id || r.visitor_hash)),
  });
  const before = await oneRow('traffic', previous);
  expect(before.page_views).toBe(counted(rows.page_views, previous).length);
});

it('sessions with errors stat: the share of the range’s sessions with an error', async () => {
  const pv = counted(rows.page_views, range).filter((r) => r.session_id);
  const er = counted(rows.errors, range).filter((r) => r.session_id);
  const sessions = distinct([...pv, ...er].map((r) => r.session_id));
  const withErrors = distinct(er.map((r) => r.session_id));
  const answer = await oneRow('errorRate');
  expect(answer).toMatchObject({ sessions, error_sessions: withErrors });
  expect(answer.error_rate).toBeCloseTo(withErrors / sessions);
  expect(withErrors).toBeGreaterThan(0);
});

it('new issues: unresolved, newest first, all first seen within 7 days (substatus new)', async () => {
  const [frame] = await run('newIssues');
  const c = columnsOf(frame!);
  // The checkout issue and the release traffic's default issue; the search issue regressed.
  expect(c.id).toEqual(['fp-checkout-total', 'fp-default']);
  expect(c.substatus).toEqual(['new', 'new']);
  expect(c.first_release).toEqual(['1.0.0', expect.any(String)]);
  const firstSeen = c.first_seen as number[];
  expect(firstSeen[0]).toBeGreaterThanOrEqual(firstSeen[1]!);
  expect(Object.keys(c)).toEqual(expect.arrayContaining(['title', 'events', 'users', 'first_seen', 'last_seen']));
});

it('regressed issues: the regressed one only', async () => {
  const [frame] = await run('regressedIssues');
  const c = columnsOf(frame!);
  expect(c.id).toEqual(['fp-search-range']);
  expect(c.status).toEqual(['regressed']);
  expect(c.substatus).toEqual(['regressed']);
  expect(c.events).toEqual([6]);
});

it('newest releases: newest first with sessions, errors and crash-free sessions, whatever the release filter', async () => {
  const [frame] = await runPanelQuery(app, queries.releases!, { ...range, vars: { release: ['1.0.0'] } });
  const c = columnsOf(frame!);
  expect(c.release).toEqual(['1.1.0', '1.0.0']);
  for (const [i, release] of (c.release as string[]).entries()) {
    const counts = releaseCounts({ ...rows, http_requests: [] }, release, range);
    expect(c.sessions![i]).toBe(counts.sessions);
    expect(c.errors![i]).toBe(counts.er.length);
    expect(c.crash_free_sessions![i]).toBeCloseTo(1 - counts.errorSessions / counts.sessions);
  }
});

it('the no-data probe: page views of the range, and 0 for a range with none', async () => {
  expect((await oneRow('probe')).page_views).toBe(180);
  const empty = { from: app.now - 30 * DAY, to: app.now - 29 * DAY };
  expect((await oneRow('probe', empty)).page_views).toBe(0);
});

it('covers every query the page runs', () => {
  expect(Object.keys(queries).sort()).toEqual(
    ['CLS', 'INP', 'LCP', 'errorRate', 'newIssues', 'probe', 'regressedIssues', 'releases', 'traffic'].sort()
  );
});
