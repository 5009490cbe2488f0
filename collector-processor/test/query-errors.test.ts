/**
 * `errors` and `error_rate` against a real processor: rows seeded straight into `errors` and
 * `page_views`, expected answers computed here from those rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { DataFrameJSON } from '../src/query/types';
import type { ErrorRow, PageViewRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, postQuery, queryFrames } from './helpers/query';
import {
  distinct,
  errorRow,
  groupBy,
  HOUR,
  MINUTE,
  msOf,
  pageViewRow,
  visitorOf,
} from './helpers/seed-errors';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const range = { from: T0, to: T0 + 2 * HOUR, intervalMs: HOUR };
const errors: ErrorRow[] = [];
const pageViews: PageViewRow[] = [];

/** Eight sessions over two hours: browsers, countries, users and visitors vary by index. */
function seed() {
  for (let i = 0; i < 8; i++) {
    const who = {
      session_id: `s${i}`,
      browser_name: i % 2 ? 'Firefox' : 'Chrome',
      country: i % 3 === 0 ? 'DE' : 'FR',
      user_id: i < 3 ? `u${i % 2}` : '',
      visitor_id: i % 2 ? `v${i}` : '',
      visitor_hash: `h${i}`,
    };
    const start = T0 + i * 13 * MINUTE;
    for (let k = 0; k <= i % 3; k++) pageViews.push(pageViewRow(project, { ...who, at: start + k * MINUTE }));
    for (let k = 0; k < i % 4; k++)
      errors.push(
        errorRow(project, {
          ...who,
          at: start + k * 2 * MINUTE + 30_000,
          fingerprint: k % 2 ? 'fp-b' : 'fp-a',
          exception_type: k % 2 ? 'RangeError' : 'TypeError',
          handled: (i + k) % 2,
        }),
      );
  }
  // An error with no session or visitor, bot rows, and rows just outside the range.
  errors.push(errorRow(project, { at: T0 + 100 * MINUTE, fingerprint: 'fp-a', browser_name: 'Chrome' }));
  errors.push(errorRow(project, { at: T0 + 5 * MINUTE, session_id: 'bot', is_bot: 1, fingerprint: 'fp-a' }));
  pageViews.push(pageViewRow(project, { at: T0 + 5 * MINUTE, session_id: 'bot', is_bot: 1 }));
  errors.push(errorRow(project, { at: T0 - MINUTE, session_id: 's0', fingerprint: 'fp-a' }));
  errors.push(errorRow(project, { at: T0 + 2 * HOUR, session_id: 's1', fingerprint: 'fp-a' }));
  pageViews.push(pageViewRow(project, { at: T0 + 2 * HOUR, session_id: 's1' }));
}

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  seed();
  await insertRows(p, 'errors', errors);
  await insertRows(p, 'page_views', pageViews);
});
afterAll(() => p.stop());

const t = (r: { timestamp: string }) => msOf(r.timestamp);
const counted = <T extends { timestamp: string; is_bot: number }>(rows: T[], bots = false) =>
  rows.filter((r) => t(r) >= range.from && t(r) < range.to && (bots || r.is_bot === 0));
const hourOf = (r: { timestamp: string }) => String(Math.floor(t(r) / HOUR) * HOUR);
const errorCounts = (rows: ErrorRow[]) => ({
  errors: rows.length,
  users: distinct(rows.map(visitorOf)),
  sessions: distinct(rows.map((r) => r.session_id)),
});

/** A time series frame as {time: {field: value}}. */
function byTime(frame: DataFrameJSON, fields: string[]) {
  const c = columns(frame);
  return Object.fromEntries(
    (c.time as number[]).map((time, i) => [
      String(time),
      Object.fromEntries(fields.map((f) => [f, c[f]![i]])),
    ]),
  );
}

const query = (q: Record<string, unknown>) => queryFrames(p, { project, ...range, ...q });

describe('errors', () => {
  it('counts errors, users and sessions per hour', async () => {
    const [frame, ...rest] = await query({ type: 'errors' });
    expect(rest).toHaveLength(0);
    expect(frame!.schema.meta?.custom).toEqual({ source: 'errors' });
    const expected = Object.fromEntries(
      [...groupBy(counted(errors), hourOf)].map(([hour, rows]) => [hour, errorCounts(rows)]),
    );
    expect(Object.keys(expected)).toHaveLength(2);
    expect(byTime(frame!, ['errors', 'users', 'sessions'])).toEqual(expected);
  });

  it('splits the series by a group-by dimension, as labels', async () => {
    const frames = await query({ type: 'errors', groupBy: ['browser'] });
    const got = Object.fromEntries(
      frames.map((f) => [f.schema.fields[1]!.labels!.browser, byTime(f, ['errors'])]),
    );
    const expected = Object.fromEntries(
      [...groupBy(counted(errors), (r) => r.browser_name)].map(([browser, rows]) => [
        browser,
        Object.fromEntries([...groupBy(rows, hourOf)].map(([h, list]) => [h, { errors: list.length }])),
      ]),
    );
    expect(got).toEqual(expected);
  });

  it('tables by dimension, narrowed to issues and handled-ness, most errors first', async () => {
    const [frame] = await query({
      type: 'errors',
      view: 'table',
      groupBy: ['country'],
      issueIds: ['fp-a'],
      handled: false,
    });
    const kept = counted(errors).filter((r) => r.fingerprint === 'fp-a' && r.handled === 0);
    const expected = [...groupBy(kept, (r) => r.country)]
      .map(([country, rows]) => ({ country, ...errorCounts(rows) }))
      .sort((a, b) => b.errors - a.errors || a.country.localeCompare(b.country));
    const c = columns(frame!);
    expect(
      c.country!.map((country, i) => ({
        country,
        errors: c.errors![i],
        users: c.users![i],
        sessions: c.sessions![i],
      })),
    ).toEqual(expected);
  });

  it('totals one row for exception types, filters and exclusions', async () => {
    const [frame] = await query({
      type: 'errors',
      view: 'table',
      exceptionTypes: ['RangeError'],
      filters: { browser: 'Firefox' },
      exclude: { country: ['DE'] },
    });
    const kept = counted(errors).filter(
      (r) => r.exception_type === 'RangeError' && r.browser_name === 'Firefox' && r.country !== 'DE',
    );
    expect(kept.length).toBeGreaterThan(0);
    const c = columns(frame!);
    expect({ errors: c.errors, users: c.users, sessions: c.sessions }).toEqual(
      Object.fromEntries(Object.entries(errorCounts(kept)).map(([k, v]) => [k, [v]])),
    );
  });

  it('counts bots only when asked to', async () => {
    const [frame] = await query({ type: 'errors', view: 'table', includeBots: true });
    expect(columns(frame!).errors).toEqual([counted(errors, true).length]);
  });

  it('answers an empty range with well-formed frames', async () => {
    const empty = { from: T0 - 10 * HOUR, to: T0 - 9 * HOUR };
    const [series] = await queryFrames(p, { project, type: 'errors', ...empty });
    expect(series!.data.values).toEqual([[], [], [], []]);
    const [table] = await queryFrames(p, { project, type: 'errors', view: 'table', ...empty });
    expect(columns(table!)).toEqual({ errors: [0], users: [0], sessions: [0] });
  });

  it('refuses unknown options with the field named', async () => {
    const answer = await postQuery(p, { project, ...range, type: 'errors', view: 'pie' });
    expect(answer.status).toBe(400);
    expect(answer.body.issues?.[0]?.path).toBe('view');
  });
});

describe('error_rate', () => {
  it('divides errors by page views per hour', async () => {
    const [frame] = await query({ type: 'error_rate' });
    const pvs = groupBy(counted(pageViews), hourOf);
    const expected = Object.fromEntries(
      [...groupBy(counted(errors), hourOf)].map(([hour, rows]) => {
        const views = pvs.get(hour)?.length ?? 0;
        return [hour, { errors: rows.length, page_views: views, error_rate: rows.length / views }];
      }),
    );
    expect(byTime(frame!, ['errors', 'page_views', 'error_rate'])).toEqual(expected);
  });

  it('divides by page views per dimension, with the same filters on both', async () => {
    const [frame] = await query({
      type: 'error_rate',
      view: 'table',
      groupBy: ['browser'],
      exclude: { country: 'DE' },
    });
    const keep = <T extends { country: string }>(rows: T[]) => rows.filter((r) => r.country !== 'DE');
    const views = groupBy(keep(counted(pageViews)), (r) => r.browser_name);
    const expected = [...groupBy(keep(counted(errors)), (r) => r.browser_name)]
      .map(([browser, rows]) => {
        const pv = views.get(browser)!.length;
        return { browser, errors: rows.length, page_views: pv, error_rate: rows.length / pv };
      })
      .sort((a, b) => b.page_views - a.page_views);
    const c = columns(frame!);
    expect(
      c.browser!.map((browser, i) => ({
        browser,
        errors: c.errors![i],
        page_views: c.page_views![i],
        error_rate: c.error_rate![i],
      })),
    ).toEqual(expected);
  });

  it('gives the share of sessions with an error and crash-free sessions', async () => {
    const [total] = await query({ type: 'error_rate', view: 'table', per: 'session' });
    const sessions = new Set(
      [...counted(pageViews), ...counted(errors)].map((r) => r.session_id).filter(Boolean),
    );
    const withErrors = new Set(
      counted(errors)
        .map((r) => r.session_id)
        .filter(Boolean),
    );
    const share = withErrors.size / sessions.size;
    expect(columns(total!)).toEqual({
      error_rate: [share],
      crash_free_sessions: [1 - share],
      sessions: [sessions.size],
      error_sessions: [withErrors.size],
    });
    expect(total!.schema.fields.find((f) => f.name === 'error_rate')!.config!.unit).toBe('percentunit');
  });

  it('counts a session in each hour it was active in', async () => {
    const [frame] = await query({ type: 'error_rate', per: 'session' });
    const all = [
      ...counted(pageViews).map((r) => ({ r, error: false })),
      ...counted(errors).map((r) => ({ r, error: true })),
    ];
    const expected = Object.fromEntries(
      [...groupBy(all, (x) => hourOf(x.r))].map(([hour, list]) => {
        const s = distinct(list.map((x) => x.r.session_id));
        const e = distinct(list.filter((x) => x.error).map((x) => x.r.session_id));
        return [hour, { sessions: s, error_sessions: e }];
      }),
    );
    expect(byTime(frame!, ['sessions', 'error_sessions'])).toEqual(expected);
  });
});
