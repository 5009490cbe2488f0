/**
 * The demo seeder and the load test against a real processor (in this process, on its embedded
 * ClickHouse), read back through the query API: every signal stored, bugs grouped into one issue
 * per bug across browsers, the regressed release measurably worse, stacks symbolicated through
 * the uploaded maps, a rerun (through the CLI, another process) storing nothing new; then the
 * load test's report and its failing --max-reject exit.
 */
import { ADMIN_TOKEN, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import { columns, postQuery } from '../../collector-processor/test/helpers/query';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { seedDemo, type DemoSeedResult } from '../src/demo/seed';
import { runCli } from './helpers/cli';

jest.setTimeout(120_000);

const DAYS = 1;
const SCALE = 0.2;
const NOW = new Date();

let processor: RunningProcessor;
let seeded: DemoSeedResult;
const range = { from: NOW.getTime() - 2 * 86_400_000, to: NOW.getTime() + 3_600_000 };

async function query(body: Record<string, unknown>): Promise<Array<Record<string, unknown[]>>> {
  const answer = await postQuery(processor, { refId: 'A', project: seeded.projectId, ...range, ...body });
  const result = answer.body.results?.A;
  if (!result?.frames) throw new Error(`query failed: ${JSON.stringify(answer.body).slice(0, 500)}`);
  return result.frames.map(columns);
}

async function stats(): Promise<Record<string, number>> {
  const res = await fetch(`${processor.url}/api/v1/projects/${seeded.projectId}/stats`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return ((await res.json()) as { counts: Record<string, number> }).counts;
}

beforeAll(async () => {
  processor = await startTestProcessor();
  seeded = await seedDemo({
    url: processor.url,
    adminToken: ADMIN_TOKEN,
    days: DAYS,
    scale: SCALE,
    now: NOW,
  });
  await processor.drained();
});
afterAll(async () => {
  await processor?.stop();
});

describe('demo seed', () => {
  it('reports what it sent, all of it accepted', () => {
    expect(seeded).toMatchObject({
      environment: 'production',
      releases: ['demo-shop@1.4.0', 'demo-shop@1.5.0', 'demo-shop@1.6.0'],
      baselineRelease: 'demo-shop@1.5.0',
      regressedRelease: 'demo-shop@1.6.0',
      rejected: 0,
    });
    expect(seeded.spansSent).toBeGreaterThan(500);
    expect(seeded.requests).toBeGreaterThan(5);
  });

  it('stores rows in every signal table', async () => {
    const counts = await stats();
    for (const signal of ['pageViews', 'webVitals', 'errors', 'events', 'http', 'longTasks', 'resources'])
      expect([signal, counts[signal]]).toEqual([signal, expect.any(Number)]);
    for (const [signal, n] of Object.entries(counts)) expect([signal, n > 0]).toEqual([signal, true]);
    // Countries come from the resource (a collector's geo hop), custom events carry numbers.
    const [byCountry] = await query({ type: 'web_breakdown', dimension: 'country' });
    expect(new Set(Object.values(byCountry!)[0]).size).toBeGreaterThanOrEqual(4);
    const [measure] = await query({
      type: 'custom_events',
      view: 'measure',
      names: ['purchase'],
      propertyKey: 'value',
      aggregation: 'sum',
    });
    expect(Number(Object.values(measure!).at(-1)![0])).toBeGreaterThan(0);
  });

  it('groups each bug into one issue whatever the browser, with symbolicated frames', async () => {
    const [issues] = await query({ type: 'issues' });
    const ids = issues!.id as string[];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // One issue per bug: the culprits (original function and file) never repeat.
    const culprits = issues!.culprit as string[];
    expect(new Set(culprits).size).toBe(ids.length);
    expect(culprits.every((c) => /\(src\/\w+\.js\)$/.test(c))).toBe(true);
    let crossEngine = 0;
    for (const id of ids) {
      const [byBrowser] = await query({
        type: 'errors',
        view: 'table',
        issueIds: [id],
        groupBy: ['browser'],
      });
      const browsers = byBrowser!.browser as string[];
      const v8 = browsers.some((b) => /Chrome|Edge/.test(b));
      if (v8 && browsers.some((b) => /Firefox|Safari/.test(b))) crossEngine++;
    }
    expect(crossEngine).toBeGreaterThanOrEqual(1);
    const detail = await postQuery(processor, {
      refId: 'A',
      type: 'issue_detail',
      project: seeded.projectId,
      ...range,
      issueId: ids[0],
    });
    const stack = detail.body.results!.A!.frames!.find((f) => f.schema.name === 'stack')!;
    const frames = columns(stack);
    expect(frames.symbolicated).toEqual(frames.symbolicated!.map(() => true));
    expect(frames.filename!.every((f) => /^src\/\w+\.js$/.test(String(f)))).toBe(true);
    expect(String(frames.context_line![0])).not.toHaveLength(0);
  });

  it('makes the regressed release worse than the baseline on /checkout', async () => {
    const [cmp] = await query({
      type: 'release_comparison',
      baseRelease: seeded.baselineRelease,
      targetRelease: seeded.regressedRelease,
      filters: { route: '/checkout' },
    });
    const row = (metric: string) => {
      const i = (cmp!.metric as string[]).indexOf(metric);
      return { base: Number(cmp!.base![i]), target: Number(cmp!.target![i]) };
    };
    for (const metric of ['lcp_p75', 'inp_p75', 'errors_per_page_view']) {
      const { base, target } = row(metric);
      expect([metric, target > base]).toEqual([metric, true]);
    }
    // The new error exists only from the regressed release on.
    const [issues] = await query({ type: 'issues', search: 'discount' });
    expect(issues!.first_release).toEqual([seeded.regressedRelease]);
  });

  it('stores nothing new when run again (the CLI, from another process)', async () => {
    const before = await stats();
    const r = await runCli([
      'demo',
      'seed',
      '--url',
      processor.url,
      '--admin-token',
      ADMIN_TOKEN,
      '--days',
      String(DAYS),
      '--scale',
      String(SCALE),
      '--now',
      NOW.toISOString(),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`id ${seeded.projectId}`);
    expect(r.stdout).toContain('/d/pulsetrace-release-comparison');
    await processor.drained();
    expect(await stats()).toEqual(before);
  });
});

describe('loadtest', () => {
  it('reports acknowledged requests and latency, and fails --max-reject on a refused key', async () => {
    const res = await fetch(`${processor.url}/api/v1/projects/${seeded.projectId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const key = ((await res.json()) as { ingestKeys: Array<{ key: string }> }).ingestKeys[0]!.key;
    const args = [
      'loadtest',
      '--url',
      processor.url,
      '--rate',
      '8',
      '--duration',
      '3',
      '--spans-per-request',
      '5',
    ];
    const [good, bad] = await Promise.all([
      runCli([...args, '--token', key, '--json']),
      runCli([...args, '--token', 'pt_not_a_key']),
    ]);
    expect(good.code).toBe(0);
    const report = JSON.parse(good.stdout);
    expect(report.sent).toBeGreaterThanOrEqual(20);
    expect(report.sent).toBeLessThanOrEqual(24);
    expect(report).toMatchObject({ rejected: 0, errors: 0, acknowledged: report.sent });
    expect(report.spansAcknowledged).toBe(report.sent * 5);
    const { p50, p90, p99, max } = report.latencyMs;
    expect(0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max).toBe(true);
    expect(report.achievedRate).toBeGreaterThan(4);
    expect(report.achievedRate).toBeLessThanOrEqual(9);

    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/rejected: +\d+ \((401|403): \d+\)/);
    expect(bad.stderr).toMatch(/100\.0% of requests were rejected.*--max-reject 0\.01.*--token/s);
  });
});
