/**
 * `issue_detail` against a real processor: one issue's errors seeded with stack frames and
 * breadcrumbs (the issues and issue_releases tables fill through their materialized views),
 * expected frames computed here from the seeded rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { ErrorRow } from '../src/store/rows';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows, queryFrames } from './helpers/query';
import {
  errorRow,
  grouping,
  HOUR,
  issueAggregate,
  MINUTE,
  msOf,
  records,
  type Frame,
} from './helpers/seed-errors';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const NOW = Date.now();
const range = { from: NOW - 6 * HOUR, to: NOW + HOUR };
const TITLE = 'TypeError: cart_total is undefined';
const CULPRIT = 'checkout/pay.ts in pay';
const errors: ErrorRow[] = [];

const crumbs = (n: number) =>
  JSON.stringify([
    { category: 'navigation', timestamp: NOW - 2 * HOUR, message: '/cart', level: 'info' },
    {
      category: 'http',
      timestamp: NOW - 2 * HOUR + n,
      data: { method: 'POST', status: 500 },
      level: 'error',
    },
  ]);
const causes = (n: number) =>
  JSON.stringify([
    { type: 'Error', message: `order ${n} missing`, stacktrace: 'Error: order missing\n    at load' },
    { type: 'TypeError', message: 'fetch failed', stacktrace: '' },
  ]);
const stack = (n: number): Frame[] => [
  {
    function: 'pay',
    filename: 'src/checkout/pay.ts',
    lineno: 40 + n,
    colno: 7,
    context: JSON.stringify({ pre: ['a'], line: `const total = cart_total(${n});`, post: [] }),
    raw: { url: 'https://shop.example/app.min.js', line: 1, column: 900 + n, fn: 'p' },
  },
  { function: 'dispatch', filename: 'node_modules/lib/index.js', lineno: 3, colno: 1, in_app: 0 },
];

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000' });
  project = (await createProject(p.url)).id;
  for (let i = 0; i < 5; i++)
    errors.push(
      errorRow(project, {
        at: NOW - 5 * HOUR + i * 30 * MINUTE,
        event_id: `ev${i}`,
        fingerprint: 'fp-checkout',
        grouping: grouping(TITLE, CULPRIT),
        exception_message: 'cart_total is undefined',
        release: i < 2 ? '1.0.0' : '1.1.0',
        user_id: `u${i % 3}`,
        session_id: `s${i}`,
        browser_name: i % 2 ? 'Firefox' : 'Chrome',
        country: i === 4 ? 'DE' : 'FR',
        handled: i % 2,
        trace_id: `t${i}`,
        frames: stack(i),
        causes: causes(i),
        breadcrumbs: crumbs(i),
      }),
    );
  // Another issue's event, later than all of the above: never part of this issue's frames.
  errors.push(
    errorRow(project, { at: NOW - HOUR, fingerprint: 'fp-other', event_id: 'other', frames: stack(9) }),
  );
  await insertRows(p, 'errors', errors);
  const res = await fetch(`${p.url}/api/v1/projects/${project}/issues/fp-checkout`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'ignored' }),
  });
  expect(res.status).toBe(200);
});
afterAll(() => p.stop());

const detail = async (q: Record<string, unknown>) => {
  const frames = await queryFrames(p, {
    project,
    ...range,
    type: 'issue_detail',
    issueId: 'fp-checkout',
    ...q,
  });
  return Object.fromEntries(frames.map((f) => [f.schema.name!, { frame: f, rows: records(f) }]));
};
/** This issue's rows, newest first. */
const checkout = () =>
  errors.filter((r) => r.fingerprint === 'fp-checkout').sort((a, b) => msOf(b.timestamp) - msOf(a.timestamp));

describe('issue_detail', () => {
  it('names its frames and gives the issue list row as the summary', async () => {
    const d = await detail({});
    expect(Object.keys(d)).toEqual([
      'summary',
      'events',
      'stack',
      'breadcrumbs',
      'tags',
      'releases',
      'causes',
      'sessions',
    ]);
    expect(d.summary!.rows).toEqual([
      {
        id: 'fp-checkout',
        title: TITLE,
        culprit: CULPRIT,
        status: 'ignored',
        substatus: 'forever',
        assignee: null,
        ...issueAggregate(checkout()),
        // Every event is in range and matches (no filters): the in-range counts equal the lifetime's.
        events_in_range: issueAggregate(checkout()).events,
        users_in_range: issueAggregate(checkout()).users,
        sessions_in_range: issueAggregate(checkout()).sessions,
      },
    ]);
  });

  it('lists the latest events in range that match the filters', async () => {
    const d = await detail({ limit: 2, filters: { browser: 'Chrome' } });
    const expected = checkout()
      .filter((r) => r.browser_name === 'Chrome')
      .slice(0, 2)
      .map((r) => ({
        time: msOf(r.timestamp),
        event_id: r.event_id,
        message: r.exception_message,
        type: r.exception_type,
        release: r.release,
        environment: r.environment,
        browser: r.browser_name,
        os: r.os_name,
        device: r.device_type,
        country: r.country,
        url: r.url,
        user: r.user_id,
        session_id: r.session_id,
        trace_id: r.trace_id,
        handled: r.handled === 1,
      }));
    expect(d.events!.rows).toEqual(expected);
  });

  it.each([
    ['the latest event in range', {}, 4],
    ['the latest event matching the filters', { filters: { browser: 'Firefox' } }, 3],
    ['a chosen event', { eventId: 'ev1' }, 1],
  ])('shows the stack and breadcrumbs of %s', async (_what, q, n) => {
    const d = await detail(q);
    expect(d.stack!.frame.schema.meta?.custom?.eventId).toBe(`ev${n}`);
    expect(d.stack!.rows).toEqual(
      stack(n).map((f) => ({
        function: f.function,
        filename: f.filename,
        lineno: f.lineno,
        colno: f.colno,
        in_app: (f.in_app ?? 1) === 1,
        symbolicated: f.raw !== undefined,
        context_line: f.context ? JSON.parse(f.context).line : '',
        context_pre: f.context ? JSON.parse(f.context).pre.join('\n') : '',
        context_post: f.context ? JSON.parse(f.context).post.join('\n') : '',
        raw_function: f.raw?.fn ?? f.function,
        raw_position: f.raw
          ? `${f.raw.url}:${f.raw.line}:${f.raw.column}`
          : `${f.filename}:${f.lineno}:${f.colno}`,
      })),
    );
    expect(d.causes!.frame.schema.meta?.custom?.eventId).toBe(`ev${n}`);
    expect(d.causes!.rows).toEqual(
      JSON.parse(causes(n)).map((c: Record<string, unknown>, i: number) => ({ depth: i + 1, ...c })),
    );
    expect(d.breadcrumbs!.rows).toEqual(
      JSON.parse(crumbs(n)).map((c: Record<string, unknown>) => ({
        time: c.timestamp,
        category: c.category,
        level: c.level,
        message: c.message ?? '',
        data: c.data === undefined ? '' : JSON.stringify(c.data),
      })),
    );
  });

  it('says so when the chosen event is not in the issue', async () => {
    const d = await detail({ eventId: 'other' });
    expect(d.stack!.rows).toEqual([]);
    expect(d.stack!.frame.schema.meta?.notices?.[0]?.text).toBe('no event other in issue fp-checkout');
  });

  it('breaks events down by tag and counts them per release', async () => {
    const d = await detail({});
    const rows = checkout();
    const tags: Array<[string, keyof ErrorRow]> = [
      ['browser', 'browser_name'],
      ['country', 'country'],
      ['device', 'device_type'],
      ['environment', 'environment'],
      ['os', 'os_name'],
      ['release', 'release'],
      ['route', 'route'],
    ];
    const expected = tags.flatMap(([tag, column]) => {
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(String(r[column]), (counts.get(String(r[column])) ?? 0) + 1);
      return [...counts]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([value, count]) => ({ tag, value, count, share: count / rows.length }));
    });
    expect(d.tags!.rows).toEqual(expected);
    const releases = ['1.0.0', '1.1.0'].map((release) => {
      const times = rows.filter((r) => r.release === release).map((r) => msOf(r.received_at));
      return { release, events: times.length, first_seen: Math.min(...times), last_seen: Math.max(...times) };
    });
    expect(d.releases!.rows).toEqual(releases);
  });

  it.each([
    ['browser', { browser: 'Chrome' }, (r: ErrorRow) => r.browser_name === 'Chrome'],
    // A release filter on the column the sessions frame also names `release` (an alias clash in ClickHouse).
    ['release', { release: '1.1.0' }, (r: ErrorRow) => r.release === '1.1.0'],
  ])(
    'lists the sessions of the events in range that match a %s filter, latest first',
    async (_f, filters, keep) => {
      const d = await detail({ filters });
      const expected = checkout()
        .filter(keep)
        .map((r) => ({
          session_id: r.session_id,
          user: r.user_id,
          events: 1,
          first_seen: msOf(r.timestamp),
          last_seen: msOf(r.timestamp),
          release: r.release,
          browser: r.browser_name,
        }));
      expect(d.sessions!.rows).toEqual(expected);
    },
  );

  it('answers an unknown issue with empty frames and a notice', async () => {
    const d = await detail({ issueId: 'fp-nope' });
    expect(Object.values(d).map((x) => x.rows.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(d.summary!.frame.schema.meta?.notices?.[0]?.text).toBe(`no issue fp-nope in project ${project}`);
  });
});
