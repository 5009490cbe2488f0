/**
 * The custom_events query type against a real processor: tracked events seeded with users,
 * visitors and sessions; expected counts computed here from the same rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { CustomEventRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, postQuery, queryFrames } from './helpers/query';
import { customEventRow, groupRows, minuteAgo, rowsOf, sum, type At } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T = minuteAgo(90);
const MIN = 60_000;
const range = () => ({ project, from: T, to: T + 60 * MIN });
const events: CustomEventRow[] = [];

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const at = (minute: number, extra: Partial<At>): At => ({
    atMs: T + minute * MIN + 1234,
    project_id: project,
    ...extra,
  });
  const ev = (minute: number, name: string, who: Partial<At>, properties: Record<string, string> = {}) =>
    customEventRow(at(minute, who), { name, properties });
  events.push(
    ev(1, 'checkout', { user_id: 'u1', session_id: 's1' }, { plan: 'pro' }),
    ev(2, 'checkout', { user_id: 'u2', session_id: 's2' }, { plan: 'free' }),
    ev(11, 'checkout', { user_id: 'u1', session_id: 's1' }, { plan: 'pro' }),
    ev(21, 'checkout', { visitor_id: 'v3', session_id: 's3' }, { plan: 'pro', coupon: 'X' }),
    ev(31, 'checkout', { visitor_hash: 'h4', session_id: 's4' }, {}),
    ev(3, 'signup', { visitor_hash: 'h4', session_id: 's4' }, { plan: 'free' }),
    ev(42, 'signup', { user_id: 'u5', session_id: 's5' }, { plan: 'pro' }),
  );
  await insertRows(p, 'custom_events', [
    ...events,
    ev(4, 'checkout', { is_bot: 1, user_id: 'bot' }, { plan: 'bot' }),
  ]);
});
afterAll(() => p.stop());

describe('custom_events', () => {
  const who = (e: CustomEventRow) => e.user_id || e.visitor_id || e.visitor_hash;

  it('counts events, users and sessions per name, without the bot', async () => {
    const [frame] = await queryFrames(p, { type: 'custom_events', view: 'by_name', ...range() });
    const want = [...groupRows(events, (e) => e.name).entries()]
      .map(([name, rows]) => ({
        name,
        count: rows.length,
        users: new Set(rows.map(who)).size,
        sessions: new Set(rows.map((r) => r.session_id)).size,
      }))
      .sort((a, b) => b.count - a.count);
    expect(rowsOf(frame!)).toEqual(want);
  });

  it('counts the values of one property among the named events', async () => {
    const [frame] = await queryFrames(p, {
      type: 'custom_events',
      view: 'properties',
      propertyKey: 'plan',
      names: ['checkout'],
      ...range(),
    });
    const carrying = events.filter((e) => e.name === 'checkout' && 'plan' in e.properties);
    const want = [...groupRows(carrying, (e) => e.properties.plan!).entries()]
      .map(([value, rows]) => ({ value, count: rows.length, users: new Set(rows.map(who)).size }))
      .sort((a, b) => b.count - a.count);
    expect(rowsOf(frame!)).toEqual(want);
  });

  it('draws one series per event name', async () => {
    const frames = await queryFrames(p, { type: 'custom_events', ...range(), intervalMs: 60 * MIN });
    const got = Object.fromEntries(
      frames.map((f) => [f.schema.fields[1]!.labels!.name, sum(columns(f).count as number[])]),
    );
    expect(got).toEqual(
      Object.fromEntries([...groupRows(events, (e) => e.name)].map(([n, r]) => [n, r.length])),
    );
  });
});

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('custom_events measures of a numeric property', () => {
  let shop: string;
  // Purchases with a numeric revenue and cart size: two routes, two releases, over two hours.
  const purchases: Array<{ minute: number; route: string; release: string; revenue: number; items: number }> =
    [
      { minute: 1, route: '/checkout', release: '1.0', revenue: 10, items: 1 },
      { minute: 2, route: '/checkout', release: '1.0', revenue: 20, items: 2 },
      { minute: 3, route: '/checkout', release: '1.1', revenue: 30, items: 3 },
      { minute: 4, route: '/checkout', release: '1.1', revenue: 40, items: 4 },
      { minute: 5, route: '/cart', release: '1.1', revenue: 5.5, items: 1 },
      { minute: 65, route: '/cart', release: '1.0', revenue: 100, items: 10 },
      { minute: 66, route: '/checkout', release: '1.0', revenue: 0.25, items: 1 },
    ];
  const shopRange = () => ({ project: shop, from: T, to: T + 120 * MIN, names: ['purchase'] });

  beforeAll(async () => {
    shop = (await createProject(p.url)).id;
    const row = (x: (typeof purchases)[number], own: Partial<CustomEventRow> = {}) =>
      customEventRow(
        { atMs: T + x.minute * MIN, project_id: shop, route: x.route, release: x.release, session_id: 's' },
        {
          name: 'purchase',
          properties: { revenue: String(x.revenue), items: String(x.items) },
          properties_num: { revenue: x.revenue, items: x.items },
          ...own,
        },
      );
    await insertRows(p, 'custom_events', [
      ...purchases.map((x) => row(x)),
      // Not counted: a purchase whose revenue was sent as text, another event, a bot.
      row(purchases[0]!, { properties: { revenue: '999' }, properties_num: {} }),
      row(purchases[0]!, { name: 'refund' }),
      row(purchases[0]!, { is_bot: 1 }),
    ]);
  });

  it.each([
    // Hand-computed from the seven purchases: revenue 10, 20, 30, 40, 5.5, 100, 0.25.
    ['sum', 205.75],
    ['avg', 205.75 / 7],
    ['min', 0.25],
    ['max', 100],
    // Sorted 0.25, 5.5, 10, 20, 30, 40, 100: position (n-1)·q, interpolated.
    ['p50', 20],
    ['p75', 35],
    ['p90', 64],
    ['p95', 82],
    ['p99', 96.4],
  ])('%s of revenue over the range', async (aggregation, want) => {
    const [frame] = await queryFrames(p, {
      type: 'custom_events',
      view: 'measure',
      propertyKey: 'revenue',
      aggregation,
      ...shopRange(),
    });
    const [row] = rowsOf(frame!);
    expect(row!.name).toBe('purchase');
    expect(row![aggregation]).toBeCloseTo(want, 9);
    expect(row!.count).toBe(7);
  });

  it('revenue per route, largest first', async () => {
    const [frame] = await queryFrames(p, {
      type: 'custom_events',
      view: 'measure',
      propertyKey: 'revenue',
      groupBy: ['route'],
      ...shopRange(),
    });
    expect(rowsOf(frame!)).toEqual(
      [
        { route: '/checkout', name: 'purchase', sum: 100.25, count: 5 },
        { route: '/cart', name: 'purchase', sum: 105.5, count: 2 },
      ].sort((a, b) => b.sum - a.sum),
    );
  });

  it('average cart size per release, per hour', async () => {
    const frames = await queryFrames(p, {
      type: 'custom_events',
      view: 'measure_timeseries',
      propertyKey: 'items',
      aggregation: 'avg',
      groupBy: ['release'],
      intervalMs: 60 * MIN,
      ...shopRange(),
    });
    const series = Object.fromEntries(
      frames.map((f) => {
        const c = columns(f);
        return [f.schema.fields[1]!.labels!.release, { time: c.time, avg: c.avg, count: c.count }];
      }),
    );
    // Expected from the purchases themselves: items per release and per hour bucket.
    const bucketOf = (minute: number) => Math.floor((T + minute * MIN) / (60 * MIN)) * 60 * MIN;
    const want: Record<string, { time: number[]; avg: number[]; count: number[] }> = {};
    for (const [release, rows] of groupRows(purchases, (x) => x.release)) {
      const buckets = [...groupRows(rows, (x) => String(bucketOf(x.minute)))].sort(([a], [b]) => +a - +b);
      want[release] = {
        time: buckets.map(([t]) => Number(t)),
        avg: buckets.map(([, b]) => b.reduce((n, x) => n + x.items, 0) / b.length),
        count: buckets.map(([, b]) => b.length),
      };
    }
    expect(Object.keys(series).sort()).toEqual(['1.0', '1.1']);
    for (const release of ['1.0', '1.1']) {
      expect(series[release]!.time).toEqual(want[release]!.time);
      expect(series[release]!.count).toEqual(want[release]!.count);
      want[release]!.avg.forEach((v, i) => expect(series[release]!.avg[i]).toBeCloseTo(v, 9));
    }
  });

  it('numbers sent through OTLP ingest are summable; the same values sent as text are not', async () => {
    const { id, ingestKey } = await createProject(p.url);
    const at = `${BigInt(T + 10 * MIN) * 1_000_000n}`;
    const event = (revenue: { doubleValue: number } | { intValue: number } | { stringValue: string }) => ({
      timeUnixNano: at,
      eventName: 'pulsetrace.event',
      attributes: [{ key: 'pulsetrace.event.name', value: { stringValue: 'purchase' } }],
      body: { kvlistValue: { values: [{ key: 'revenue', value: revenue }] } },
    });
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
          scopeLogs: [
            {
              logRecords: [
                event({ doubleValue: 12.5 }),
                event({ intValue: 30 }),
                event({ stringValue: '1000' }),
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${p.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey, 'user-agent': BROWSER },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    await p.drained();
    const [frame] = await queryFrames(p, {
      type: 'custom_events',
      view: 'measure',
      propertyKey: 'revenue',
      ...{ project: id, from: T, to: T + 120 * MIN, names: ['purchase'] },
    });
    expect(rowsOf(frame!)).toEqual([{ name: 'purchase', sum: 42.5, count: 2 }]);
  });

  it.each([
    [{ view: 'measure' }, /measure view needs propertyKey/],
    [{ view: 'measure_timeseries', aggregation: 'sum' }, /measure_timeseries view needs propertyKey/],
    [{ view: 'measure', propertyKey: 'revenue', aggregation: 'median' }, /aggregation is one of sum, avg/],
    [{ view: 'measure', propertyKey: '' }, /propertyKey/],
  ])('rejects %j with a clear error', async (query, message) => {
    const answer = await postQuery(p, { type: 'custom_events', ...shopRange(), ...query });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(message);
  });
});
