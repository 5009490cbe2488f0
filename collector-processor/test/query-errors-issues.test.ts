/**
 * `issues` against a real processor: errors seeded into `errors` (the issues table fills through
 * its materialized view), states set through the issue API, expected answers computed here from
 * the seeded rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { ErrorRow } from '../src/store/rows';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows, queryFrames } from './helpers/query';
import { DAY, errorRow, grouping, HOUR, issueAggregate, MINUTE, msOf, records } from './helpers/seed-errors';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const NOW = Date.now();
const range = { from: NOW - 6 * HOUR, to: NOW + HOUR };
const errors: ErrorRow[] = [];

const ISSUES = {
  'fp-checkout': { title: 'TypeError: cart_total is undefined', culprit: 'checkout/pay.ts in pay' },
  'fp-old': { title: 'RangeError: Invalid array length', culprit: 'lib/grid.ts in render' },
  'fp-search': { title: 'Error: search 100% failed', culprit: 'search/index.ts in query' },
  'fp-flaky': { title: 'Error: socket closed', culprit: 'live/socket.ts in onClose' },
  'fp-gone': { title: 'Error: gone', culprit: 'gone.ts in gone' },
} as const;
type Fp = keyof typeof ISSUES;

/** What the test did to each issue's state, through the API, and what the list should say. */
const EXPECTED_STATE: Record<Fp, { status: string; substatus: string | null; assignee: string | null }> = {
  'fp-checkout': { status: 'unresolved', substatus: 'new', assignee: 'alice' },
  'fp-old': { status: 'unresolved', substatus: 'ongoing', assignee: null }, // first seen 10 days ago
  'fp-search': { status: 'resolved', substatus: null, assignee: null },
  'fp-flaky': { status: 'unresolved', substatus: 'ongoing', assignee: null }, // unresolved by hand
  'fp-gone': { status: 'unresolved', substatus: 'new', assignee: null },
};

function add(fp: Fp, at: number, o: Partial<ErrorRow> = {}) {
  const [type, message] = ISSUES[fp].title.split(': ');
  const g = grouping(ISSUES[fp].title, ISSUES[fp].culprit);
  errors.push(
    errorRow(project, {
      at,
      fingerprint: fp,
      exception_type: type,
      exception_message: message,
      grouping: g,
      ...o,
    }),
  );
}

function seed() {
  for (let i = 0; i < 5; i++)
    add('fp-checkout', NOW - 5 * HOUR + i * 30 * MINUTE, {
      release: i < 2 ? '1.0.0' : '1.1.0',
      user_id: `u${i % 3}`,
      session_id: `s${i}`,
      browser_name: i % 2 ? 'Firefox' : 'Chrome',
      country: i === 4 ? 'DE' : 'FR',
    });
  add('fp-old', NOW - 10 * DAY, { release: '0.9.0', environment: 'staging', visitor_hash: 'h1' });
  for (let i = 0; i < 2; i++)
    add('fp-old', NOW - 4 * HOUR + i * MINUTE, { release: '1.1.0', visitor_id: `v${i}` });
  for (let i = 0; i < 6; i++)
    add('fp-search', NOW - 3 * HOUR + i * MINUTE, {
      release: '1.1.0',
      browser_name: 'Safari',
      user_id: 'u9',
    });
  add('fp-flaky', NOW - 2 * HOUR, { release: '', session_id: 's9' });
  add('fp-gone', NOW - 2 * DAY, { release: '1.0.0' });
}

async function patch(fp: Fp, body: object) {
  const res = await fetch(`${p.url}/api/v1/projects/${project}/issues/${fp}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`PATCH ${fp}: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000' });
  project = (await createProject(p.url)).id;
  seed();
  await insertRows(p, 'errors', errors);
  await patch('fp-checkout', { assignee: 'alice' });
  await patch('fp-search', { status: 'resolved' });
  await patch('fp-flaky', { status: 'resolved' });
  await patch('fp-flaky', { status: 'unresolved' });
});
afterAll(() => p.stop());

const rowsOf = (fp: string) => errors.filter((r) => r.fingerprint === fp);
const expectedIssue = (fp: Fp) => ({
  id: fp,
  ...ISSUES[fp],
  ...EXPECTED_STATE[fp],
  ...issueAggregate(rowsOf(fp)),
});
type Expected = ReturnType<typeof expectedIssue>;

const listed = async (q: Record<string, unknown> = {}) =>
  records((await queryFrames(p, { project, ...range, type: 'issues', ...q }))[0]!);
const ids = async (q: Record<string, unknown>) => (await listed(q)).map((i) => i.id);
/** Every issue but fp-gone, last seen two days ago. */
const inRange = () => (Object.keys(ISSUES) as Fp[]).filter((fp) => fp !== 'fp-gone').map(expectedIssue);
const sorted = (key: keyof Expected) =>
  inRange()
    .sort((a, b) => Number(b[key]) - Number(a[key]) || a.id.localeCompare(b.id))
    .map((i) => i.id);

describe('issues', () => {
  it('lists the issues seen in the range, last seen first, with state and lifetime counts', async () => {
    const [frame] = await queryFrames(p, { project, ...range, type: 'issues' });
    expect(frame!.schema.meta?.custom).toEqual({ source: 'issues', total: inRange().length });
    expect(frame!.schema.fields.filter((f) => f.type === 'time').map((f) => f.name)).toEqual([
      'first_seen',
      'last_seen',
    ]);
    expect(records(frame!)).toEqual(inRange().sort((a, b) => b.last_seen - a.last_seen));
  });

  it.each([
    ['newest', 'first_seen'],
    ['frequent', 'events'],
    ['users', 'users'],
  ] as const)('sorts by %s', async (sort, key) => {
    expect(await ids({ sort })).toEqual(sorted(key));
  });

  it('filters by status and limits', async () => {
    expect(await ids({ statuses: ['resolved'] })).toEqual(['fp-search']);
    const open = inRange()
      .filter((i) => i.status === 'unresolved')
      .map((i) => i.id);
    expect(await ids({ statuses: ['unresolved', 'regressed'], sort: 'frequent' })).toEqual(
      sorted('events').filter((id) => open.includes(id)),
    );
    expect(await ids({ limit: 1, sort: 'frequent' })).toEqual(sorted('events').slice(0, 1));
  });

  it.each([
    ['CART_TOTAL', ['fp-checkout']],
    ['_', ['fp-checkout']], // a literal underscore, not a wildcard
    ['100%', ['fp-search']],
    ['GRID.ts', ['fp-old']],
    ['fp-fla', ['fp-flaky']],
  ])('searches titles, culprits and ids for %j', async (search, expected) => {
    expect(await ids({ search })).toEqual(expected);
  });

  it('filters by release and environment on the issue, other dimensions on its errors in range', async () => {
    const frequent = (q: Record<string, unknown>) => ids({ sort: 'frequent', ...q });
    const having = (match: (r: ErrorRow) => boolean) =>
      sorted('events').filter((fp) => rowsOf(fp).some(match));
    expect(await frequent({ filters: { release: '0.9.0' } })).toEqual(having((r) => r.release === '0.9.0'));
    expect(await frequent({ filters: { environment: 'staging' } })).toEqual(['fp-old']);
    // Kept when some error of the issue has another release ('' included, as errors filters do).
    expect(await frequent({ exclude: { release: ['1.1.0'] } })).toEqual(having((r) => r.release !== '1.1.0'));
    expect(await frequent({ filters: { browser: ['Safari', 'Firefox'] } })).toEqual(
      having((r) => ['Safari', 'Firefox'].includes(r.browser_name) && msOf(r.timestamp) >= range.from),
    );
    expect(await frequent({ filters: { country: 'DE' }, exclude: { release: '1.0.0' } })).toEqual([
      'fp-checkout',
    ]);
  });

  it('pages with offset, counting every matching issue in meta.custom.total', async () => {
    const all = sorted('events');
    const page = async (offset: number) => {
      const [frame] = await queryFrames(p, {
        project,
        ...range,
        type: 'issues',
        sort: 'frequent',
        limit: 2,
        offset,
      });
      return [
        records(frame!).map((i) => i.id),
        (frame!.schema.meta?.custom as { total: number | null }).total,
      ];
    };
    expect(await page(0)).toEqual([all.slice(0, 2), all.length]);
    expect(await page(2)).toEqual([all.slice(2, 4), all.length]);
    expect(await page(4)).toEqual([[], null]); // past the end: no row carries the count
    const [resolved] = await queryFrames(p, { project, ...range, type: 'issues', statuses: ['resolved'] });
    expect((resolved!.schema.meta?.custom as { total: number }).total).toBe(1);
  });

  it('filters by assignee', async () => {
    expect(await ids({ assignee: 'alice' })).toEqual(['fp-checkout']);
    expect(await ids({ assignee: 'nobody' })).toEqual([]);
  });

  it('adds each issue’s events per bucket over the range with `trend`', async () => {
    const hourly = { ...range, intervalMs: HOUR };
    const [frame] = await queryFrames(p, {
      project,
      ...hourly,
      type: 'issues',
      trend: true,
      sort: 'frequent',
    });
    expect(frame!.schema.fields.at(-1)).toEqual({ name: 'trend', type: 'other' });
    expect(frame!.schema.meta?.custom).toMatchObject({
      trend: { from: range.from, intervalMs: HOUR, buckets: 7 },
    });
    const expected = (fp: string) => {
      const buckets = new Array(7).fill(0);
      for (const r of rowsOf(fp)) {
        const at = msOf(r.timestamp);
        if (at >= range.from && at < range.to) buckets[Math.floor((at - range.from) / HOUR)]++;
      }
      return buckets;
    };
    const trends = Object.fromEntries(records(frame!).map((i) => [i.id, i.trend]));
    expect(trends).toEqual(Object.fromEntries(sorted('events').map((fp) => [fp, expected(fp)])));
    expect(trends['fp-search']!.reduce((a: number, b: number) => a + b, 0)).toBe(6);
  });
});
