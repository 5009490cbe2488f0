/**
 * The long_tasks and resources query types against a real processor: rows seeded straight into
 * the signal tables, expected answers computed here from the same rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { LongTaskRow, ResourceRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, queryFrames } from './helpers/query';
import { groupRows, longTask, minuteAgo, resource, rowsOf, sum, type At } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T = minuteAgo(90);
const MIN = 60_000;
const range = () => ({ project, from: T, to: T + 60 * MIN });

const tasks: LongTaskRow[] = [];
const resources: ResourceRow[] = [];

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const at = (minute: number, extra: Partial<At> = {}): At => ({
    atMs: T + minute * MIN + 1234,
    project_id: project,
    browser_name: minute % 2 ? 'Firefox' : 'Chrome',
    release: minute < 30 ? '1.0.0' : '1.1.0',
    ...extra,
  });
  const script = (route: string, minute: number, duration: number, own: Partial<LongTaskRow> = {}) =>
    longTask(at(minute, { route }), { duration_ms: duration, blocking_duration_ms: duration - 50, ...own });
  tasks.push(
    script('/', 1, 120),
    script('/', 12, 300),
    script('/', 40, 90, { script_url: 'https://cdn.example/vendor.js', invoker: 'TimerHandler:setTimeout' }),
    script('/cart', 3, 200),
    script('/cart', 33, 200),
    script('/cart', 50, 200, {
      script_url: 'https://cdn.example/vendor.js',
      invoker: 'TimerHandler:setTimeout',
    }),
  );
  await insertRows(p, 'long_tasks', [...tasks, script('/', 9, 999, { is_bot: 1 })]);

  // [minute, type, URL, duration ms, transfer size, decoded body size]: a transfer of 0 with a
  // body is a cache hit; 0 and 0 is a cross-origin entry without Timing-Allow-Origin.
  const seeded: Array<[number, string, string, number, number, number]> = [
    [1, 'script', 'https://shop.example/app.js', 80, 30_000, 90_000],
    [2, 'script', 'https://shop.example/app.js', 5, 0, 90_000],
    [3, 'script', 'https://shop.example/app.js', 4, 0, 90_000],
    [4, 'script', 'https://cdn.example/vendor.js', 120, 50_000, 150_000],
    [5, 'css', 'https://shop.example/app.css', 30, 8_000, 20_000],
    [6, 'img', 'https://img.example/a.png', 60, 0, 0],
    [7, 'img', 'https://img.example/b.png', 90, 12_000, 12_000],
  ];
  for (const [minute, type, url, duration, transfer, decoded] of seeded)
    resources.push(
      resource(at(minute), {
        resource_type: type,
        resource_url: url,
        duration_ms: duration,
        transfer_size: transfer,
        decoded_body_size: decoded,
      }),
    );
  await insertRows(p, 'resources', resources);
});
afterAll(() => p.stop());

describe('long_tasks', () => {
  it('totals blocking time per group-by value, worst first', async () => {
    const [frame] = await queryFrames(p, {
      type: 'long_tasks',
      view: 'table',
      groupBy: ['route'],
      ...range(),
    });
    const want = [...groupRows(tasks, (t) => t.route).entries()]
      .map(([route, rows]) => ({
        route,
        count: rows.length,
        total: sum(rows.map((r) => r.blocking_duration_ms)),
      }))
      .sort((a, b) => b.total - a.total);
    const rows = rowsOf(frame!);
    expect(rows.map((r) => ({ route: r.route, count: r.count, total: r.total_blocking_ms }))).toEqual(want);
    // Every /cart task took 200 ms: both percentiles are exactly that.
    const cart = rows.find((r) => r.route === '/cart')!;
    expect([cart.p75_ms, cart.p95_ms]).toEqual([200, 200]);
    expect(frame!.schema.fields.find((f) => f.name === 'total_blocking_ms')?.config?.unit).toBe('ms');
  });

  it('ranks scripts by total blocking time', async () => {
    const [frame] = await queryFrames(p, { type: 'long_tasks', view: 'by_script', ...range() });
    const want = [...groupRows(tasks, (t) => `${t.script_url} ${t.invoker}`).values()]
      .map((rows) => [
        rows[0]!.script_url,
        rows[0]!.invoker,
        rows.length,
        sum(rows.map((r) => r.blocking_duration_ms)),
      ])
      .sort((a, b) => (b[3] as number) - (a[3] as number));
    expect(rowsOf(frame!).map((r) => [r.script_url, r.invoker, r.count, r.total_blocking_ms])).toEqual(want);
  });

  it('counts tasks over time, without the bot', async () => {
    const frames = await queryFrames(p, { type: 'long_tasks', ...range(), intervalMs: 60 * MIN });
    expect(frames).toHaveLength(1);
    const c = columns(frames[0]!);
    expect(sum(c.count as number[])).toBe(tasks.length);
    expect(sum(c.total_blocking_ms as number[])).toBe(sum(tasks.map((t) => t.blocking_duration_ms)));
  });
});

describe('resources', () => {
  const measures = (rows: ResourceRow[]) => ({
    count: rows.length,
    avg_duration_ms: sum(rows.map((r) => r.duration_ms)) / rows.length,
    avg_transfer_size: sum(rows.map((r) => r.transfer_size)) / rows.length,
    total_transfer_size: sum(rows.map((r) => r.transfer_size)),
    cache_hit_share:
      rows.filter((r) => r.transfer_size === 0 && r.decoded_body_size > 0).length / rows.length,
  });
  const pick = (r: Record<string, unknown>) => ({
    count: r.count,
    avg_duration_ms: r.avg_duration_ms,
    avg_transfer_size: r.avg_transfer_size,
    total_transfer_size: r.total_transfer_size,
    cache_hit_share: r.cache_hit_share,
  });

  it('summarises each resource type: duration, bytes and cache hits', async () => {
    const [frame] = await queryFrames(p, { type: 'resources', view: 'by_type', ...range() });
    const rows = rowsOf(frame!);
    const byCount = [...groupRows(resources, (r) => r.resource_type)].sort(
      (a, b) => b[1].length - a[1].length,
    );
    expect(rows.map((r) => r.resource_type)).toEqual(byCount.map(([type]) => type));
    for (const r of rows)
      expect(pick(r)).toEqual(measures(resources.filter((x) => x.resource_type === r.resource_type)));
    // A cross-origin image without Timing-Allow-Origin (both sizes 0) is no cache hit.
    expect(rows.find((r) => r.resource_type === 'img')!.cache_hit_share).toBe(0);
    expect(frame!.schema.fields.find((f) => f.name === 'total_transfer_size')?.config?.unit).toBe('bytes');
  });

  it('lists the most loaded URLs of the types asked for', async () => {
    const [frame] = await queryFrames(p, {
      type: 'resources',
      view: 'top_urls',
      resourceTypes: ['script'],
      limit: 1,
      ...range(),
    });
    const appJs = resources.filter((r) => r.resource_url === 'https://shop.example/app.js');
    expect(rowsOf(frame!).map((r) => ({ url: r.resource_url, ...pick(r) }))).toEqual([
      { url: 'https://shop.example/app.js', ...measures(appJs) },
    ]);
  });
});
