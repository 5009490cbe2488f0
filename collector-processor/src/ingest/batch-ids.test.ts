import { BATCH_ID_MAX_LENGTH, batchIdProblem, batchIdRows, RecentBatches } from './batch-ids';

describe('batchIdProblem', () => {
  it.each([
    ['32 hex chars (the SDK)', true, '0123456789abcdef0123456789abcdef'],
    ['a UUID', true, '2f1c9a4e-7b3d-4c2a-9e8f-1a2b3c4d5e6f'],
    ['letters, digits, _ and -', true, 'Batch_01-x'],
    ['one character', true, 'a'],
    [`${BATCH_ID_MAX_LENGTH} characters`, true, 'x'.repeat(BATCH_ID_MAX_LENGTH)],
    ['empty', false, ''],
    [`${BATCH_ID_MAX_LENGTH + 1} characters`, false, 'x'.repeat(BATCH_ID_MAX_LENGTH + 1)],
    ['a space', false, 'abc def'],
    ['a slash (the index key separator)', false, 'abc/def'],
    ['a repeated header joined by Node', false, 'abc, abc'],
    ['non-ASCII', false, 'abcé'],
    ['a dot', false, 'abc.def'],
  ])('%s → valid: %s', (_name, valid, id) => {
    const problem = batchIdProblem(id);
    if (valid) expect(problem).toBeUndefined();
    else expect(problem).toMatch(/^invalid batch id .*x-pulsetrace-batch.*1-64 characters of A-Z/);
  });

  it('quotes a long id only up to the limit', () => {
    expect(batchIdProblem('y'.repeat(10_000))!.length).toBeLessThan(250);
  });
});

describe('batchIdRows', () => {
  it('one row per distinct project, with the receive time as DateTime64(3)', () => {
    expect(batchIdRows(['p1', 'p2', 'p1'], 'b1', 1_763_780_000_123)).toEqual([
      { project_id: 'p1', batch_id: 'b1', received_at: '1763780000.123' },
      { project_id: 'p2', batch_id: 'b1', received_at: '1763780000.123' },
    ]);
  });
});

function index(maxEntries = 3, windowMs = 1000) {
  let now = 10_000;
  const batches = new RecentBatches({ windowMs, maxEntries, now: () => now });
  return { batches, advance: (ms: number) => (now += ms), at: () => now };
}

describe('RecentBatches index', () => {
  type Step = ['add', string, string, number?] | ['advance', number];
  it.each<[string, Step[], Record<string, boolean>, number]>([
    ['remembers an added id for its project only', [['add', 'p1', 'a']], { 'p1/a': true, 'p2/a': false }, 1],
    [
      'forgets an id once it is older than the window',
      [
        ['add', 'p1', 'a'],
        ['advance', 1000],
      ],
      { 'p1/a': false },
      1,
    ],
    [
      'keeps an id just inside the window',
      [
        ['add', 'p1', 'a'],
        ['advance', 999],
      ],
      { 'p1/a': true },
      1,
    ],
    [
      'evicts the oldest past maxEntries',
      [
        ['add', 'p1', 'a'],
        ['add', 'p1', 'b'],
        ['add', 'p2', 'c'],
        ['add', 'p2', 'd'],
      ],
      { 'p1/a': false, 'p1/b': true, 'p2/c': true, 'p2/d': true },
      3,
    ],
    [
      'drops expired entries when adding, not only on lookup',
      [
        ['add', 'p1', 'a'],
        ['add', 'p1', 'b'],
        ['advance', 1500],
        ['add', 'p1', 'c'],
      ],
      { 'p1/a': false, 'p1/b': false, 'p1/c': true },
      1,
    ],
    [
      'ignores an id already older than the window (start-up load)',
      [['add', 'p1', 'old', 8_000]],
      { 'p1/old': false },
      0,
    ],
    [
      'adding the same id again keeps one entry',
      [
        ['add', 'p1', 'a'],
        ['add', 'p1', 'a'],
      ],
      { 'p1/a': true },
      1,
    ],
  ])('%s', (_name, steps, expected, size) => {
    const { batches, advance } = index();
    for (const step of steps) {
      if (step[0] === 'advance') advance(step[1]);
      else batches.add(step[1], step[2], step[3]);
    }
    for (const [key, has] of Object.entries(expected)) {
      const [project, id] = key.split('/');
      expect([key, batches.has(project, id)]).toEqual([key, has]);
    }
    expect(batches.size).toBe(size);
  });
});

describe('RecentBatches.claim', () => {
  it('a settled claim marks the batch stored for its fresh projects only when it stored', async () => {
    const { batches } = index(10);
    const failed = await batches.claim(['p1'], 'a');
    expect(failed.fresh).toEqual(['p1']);
    failed.settle(false);
    expect(batches.has('p1', 'a')).toBe(false);
    const ok = await batches.claim(['p1'], 'a');
    ok.settle(true);
    ok.settle(false); // ignored: settled once
    expect(batches.has('p1', 'a')).toBe(true);
    const again = await batches.claim(['p1', 'p2'], 'a');
    expect(again).toMatchObject({ fresh: ['p2'], stored: ['p1'] });
    again.settle(true);
    expect(batches.has('p2', 'a')).toBe(true);
  });

  it('a concurrent claim waits, then sees the batch stored', async () => {
    const { batches } = index(10);
    const first = await batches.claim(['p1'], 'a');
    let second: { fresh: string[]; stored: string[] } | undefined;
    const waiting = batches.claim(['p1'], 'a').then((c) => (second = c));
    await new Promise((r) => setImmediate(r));
    expect(second).toBeUndefined();
    first.settle(true);
    await waiting;
    expect(second).toMatchObject({ fresh: [], stored: ['p1'] });
  });

  it('after a failed first request exactly one waiter takes the batch over', async () => {
    const { batches } = index(10);
    const first = await batches.claim(['p1'], 'a');
    const waiters = [1, 2, 3].map(() => batches.claim(['p1'], 'a'));
    first.settle(false);
    const order: string[] = [];
    const outcomes = waiters.map(async (w, i) => {
      const claim = await w;
      order.push(`${i}:${claim.fresh.join(',') || 'duplicate'}`);
      await new Promise((r) => setImmediate(r));
      claim.settle(claim.fresh.length > 0);
    });
    await Promise.all(outcomes);
    expect(order.filter((o) => o.endsWith(':p1'))).toHaveLength(1);
    expect(order.filter((o) => o.endsWith(':duplicate'))).toHaveLength(2);
  });

  it('other ids and other projects do not wait', async () => {
    const { batches } = index(10);
    await batches.claim(['p1'], 'a'); // never settled
    await expect(batches.claim(['p1'], 'b')).resolves.toMatchObject({ fresh: ['p1'] });
    await expect(batches.claim(['p2'], 'a')).resolves.toMatchObject({ fresh: ['p2'] });
  });
});

describe('RecentBatches with a shared lookup (replicas)', () => {
  const options = { windowMs: 60_000, maxEntries: 100 };

  it('asks only on a local miss, once for concurrent requests, and remembers the answer', async () => {
    const asked: string[][] = [];
    const batches = new RecentBatches({
      ...options,
      // Another replica stored the batch for p1, not for p2.
      lookup: async (projects) => (asked.push(projects), new Set(projects.filter((p) => p === 'p1'))),
    });
    const firstP = batches.claim(['p1', 'p2'], 'b');
    const secondP = batches.claim(['p1', 'p2'], 'b'); // waits for the first to settle
    const first = await firstP;
    expect([first.fresh, first.stored]).toEqual([['p2'], ['p1']]);
    first.settle(true);
    const second = await secondP;
    expect([second.fresh, second.stored]).toEqual([[], ['p1', 'p2']]);
    second.settle(true);
    expect(asked).toEqual([['p1', 'p2']]); // the second found both in the local index
    const third = await batches.claim(['p1', 'p2'], 'b');
    expect([third.fresh, third.stored]).toEqual([[], ['p1', 'p2']]);
    expect(asked).toHaveLength(1);
  });

  it('stores the batch when the lookup fails (ingest does not wait on a ClickHouse outage)', async () => {
    const batches = new RecentBatches({
      ...options,
      lookup: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const claim = await batches.claim(['p1'], 'b');
    expect(claim.fresh).toEqual(['p1']);
  });
});
