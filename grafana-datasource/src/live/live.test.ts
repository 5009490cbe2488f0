import { DataQueryResponse, LoadingState } from '@grafana/data';
import { frameJSON, makeDataSource, makeRequest } from '../testing/datasource';
import { Answer, fakeBackend, fakeTemplateSrv } from '../testing/grafana';
import { mergeLiveFrames, newestReceivedAt } from './live';

const FIELDS = [
  { name: 'received_at', type: 'time' as const },
  { name: 'event', type: 'string' as const },
];
const T0 = Date.UTC(2025, 10, 21, 12, 0, 0);

const events = (rows: Array<[number, string]>) =>
  frameJSON(FIELDS, [rows.map((r) => r[0]), rows.map((r) => r[1])], 'live');

describe('mergeLiveFrames', () => {
  it('puts new rows with the old ones, newest first, at most `limit`', () => {
    const old = [
      events([
        [T0 + 1, 'b'],
        [T0, 'a'],
      ]),
    ];
    const merged = mergeLiveFrames(old, [events([[T0 + 2, 'c']])], 2);
    expect(merged).toEqual([
      events([
        [T0 + 2, 'c'],
        [T0 + 1, 'b'],
      ]),
    ]);
  });

  it('replaces a frame whose fields changed, and adds frames it did not have', () => {
    const other = frameJSON([{ name: 'n', type: 'number' }], [[1]], 'other');
    const changed = frameJSON([{ name: 'received_at', type: 'time' }], [[T0 + 5]], 'live');
    expect(mergeLiveFrames([events([[T0, 'a']])], [changed, other], 10)).toEqual([changed, other]);
  });

  it.each([
    ['no frames', [], undefined],
    [
      'received_at',
      [
        events([
          [T0, 'a'],
          [T0 + 9, 'b'],
        ]),
      ],
      T0 + 9,
    ],
    ['the first time field otherwise', [frameJSON([{ name: 't', type: 'time' }], [[T0 + 3, null]])], T0 + 3],
    ['nothing to go by', [frameJSON([{ name: 'x', type: 'string' }], [['a']])], undefined],
  ])('finds the newest receive time: %s', (_name, frames, expected) => {
    expect(newestReceivedAt(frames as never)).toBe(expected);
  });
});

describe('live query', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    fakeTemplateSrv();
  });
  afterEach(() => jest.useRealTimers());

  it('polls every second with since = newest received_at, streams merged rows, stops on unsubscribe', async () => {
    const batches: Answer[] = [
      {
        status: 200,
        data: {
          results: {
            A: {
              status: 200,
              frames: [
                events([
                  [T0 - 500, 'a'],
                  [T0 - 900, 'z'],
                ]),
              ],
            },
          },
        },
      },
      { status: 200, data: { results: { A: { status: 200, frames: [events([[T0 + 700, 'b']])] } } } },
      { status: 502, data: { message: 'Bad Gateway' } },
      { status: 200, data: { results: { A: { status: 200, frames: [] } } } },
    ];
    const backend = fakeBackend(
      () => batches.shift() ?? { status: 200, data: { results: { A: { status: 200, frames: [] } } } }
    );
    const ds = makeDataSource();
    const packets: DataQueryResponse[] = [];
    const subscription = ds
      .query(makeRequest([{ refId: 'A', type: 'live', filters: { environment: ['prod'] }, limit: 10 }]))
      .subscribe((p) => packets.push(p));

    await jest.advanceTimersByTimeAsync(0);
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ key: 'pulsetrace-live-A', state: LoadingState.Streaming });
    expect(packets[0].data[0].fields[1].values).toEqual(['a', 'z']);
    const first = backend.requests[0].data as Record<string, unknown>;
    expect(first).toMatchObject({
      type: 'live',
      project: 'shop',
      filters: { environment: ['prod'] },
      to: T0,
      limit: 10,
    });
    expect(first.since).toBeUndefined();

    // The next poll, a second later, asks only for what came after the newest row.
    await jest.advanceTimersByTimeAsync(1000);
    expect(backend.requests[1].data).toMatchObject({ since: T0 - 500, to: T0 + 1000 });
    expect(packets).toHaveLength(2);
    expect(packets[1].data[0].fields[1].values).toEqual(['b', 'a', 'z']);
    expect(packets[1].key).toBe(packets[0].key);

    // A failed poll keeps the rows, says what happened, and polling goes on.
    await jest.advanceTimersByTimeAsync(1000);
    expect(packets[2].errors).toEqual([
      { refId: 'A', message: expect.stringMatching(/could not reach the PulseTrace processor/) },
    ]);
    expect(packets[2].data[0].fields[1].values).toEqual(['b', 'a', 'z']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(backend.requests[3].data).toMatchObject({ since: T0 + 700 });
    expect(packets).toHaveLength(4);

    subscription.unsubscribe();
    const polls = backend.requests.length;
    await jest.advanceTimersByTimeAsync(5000);
    expect(backend.requests).toHaveLength(polls);
  });

  it('does not start a poll while the previous one is still waiting', async () => {
    let release: (answer: Answer) => void = () => undefined;
    const backend = fakeBackend(() => new Promise<Answer>((resolve) => (release = resolve)));
    const subscription = makeDataSource()
      .query(makeRequest([{ refId: 'A', type: 'live' }]))
      .subscribe(() => undefined);
    await jest.advanceTimersByTimeAsync(3500);
    expect(backend.requests).toHaveLength(1);
    release({ status: 200, data: { results: { A: { status: 200, frames: [] } } } });
    await jest.advanceTimersByTimeAsync(1000);
    expect(backend.requests).toHaveLength(2);
    subscription.unsubscribe();
  });
});
