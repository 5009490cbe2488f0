/**
 * What the engine adds to cards, read back: migration 0016 over 0015 rows, and the `insights`
 * query type's detail fields and `count` view (what a Grafana alert rule asks) through the query
 * API, on cards a real engine wrote from a test detector's candidates.
 */
import pino from 'pino';
import { createInsightEngine } from '../src/insights/engine';
import { candidate as baseCandidate, fixedDetector } from '../src/insights/engine/testkit';
import type { InsightCandidate } from '../src/insights/engine/types';
import type { Insight } from '../src/insights/store/insight';
import { getInsight, insightRow } from '../src/insights/store/insight-store';
import { card } from '../src/insights/store/testkit';
import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, queryFrames } from './helpers/query';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const log = pino({ level: process.env.PULSETRACE_TEST_LOG ?? 'silent' });
let p: RunningProcessor;

beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p.stop());

const candidate = (overrides: Partial<InsightCandidate> = {}) =>
  baseCandidate({ startedAt: T + 5 * MIN, ...overrides });
const fixed = fixedDetector;
const newProject = async () => (await createProject(p.url)).id;

describe('migration 0016', () => {
  it('a card written without the new columns (0015) reads with defaults', async () => {
    const project = await newProject();
    const old = { ...card({ projectId: project, insightId: 'old', updatedAt: T + MIN }) };
    const {
      next_step: _n,
      links: _l,
      last_active_at: _a,
      summary_source: _s,
      summary_prompt_version: _v,
      ...row
    } = insightRow(old);
    await p.store.client.insert({ table: 'insights', values: [row], format: 'JSONEachRow' });
    expect(await getInsight(p.store.client, project, 'old')).toMatchObject({
      summarySource: 'template',
      summaryPromptVersion: '',
      nextStep: '',
      links: { deploys: [], issues: [] },
      lastActiveAt: T + MIN,
    });
  });
});

describe('insights query type', () => {
  let project: string;
  let opened: Insight[];
  beforeAll(async () => {
    project = await newProject();
    const { detector, proposals } = fixed();
    const engine = createInsightEngine({
      client: p.store.client,
      projects: p.projects,
      detectors: [detector],
      log,
    });
    proposals.set(project, [candidate()]);
    opened = (await engine.runOnce(T + 10 * MIN, [project])).opened;
    proposals.set(project, [
      candidate(),
      candidate({ kind: 'release_regression', metric: 'error_rate', scope: {}, severity: 'critical' }),
    ]);
    opened.push(...(await engine.runOnce(T + 20 * MIN, [project])).opened);
  });

  const countView = (from: number, to: number, extra: Record<string, unknown> = {}) =>
    queryFrames(p, { type: 'insights', view: 'count', project, from, to, ...extra }).then((f) => {
      const c = columns(f[0]!);
      return Object.fromEntries(
        c.kind!.map((k, i) => [`${String(k)}/${String(c.severity![i])}`, c.count![i]]),
      );
    });

  it('count: cards opened in [from, to) by kind and severity, zeros included', async () => {
    expect(opened).toHaveLength(2);
    const all = await countView(T, T + HOUR);
    expect(Object.keys(all)).toHaveLength(8);
    expect(all).toMatchObject({ 'anomaly/high': 1, 'release_regression/critical': 1, 'anomaly/critical': 0 });
    expect(await countView(T + 15 * MIN, T + HOUR, { severities: ['critical'] })).toEqual({
      'anomaly/critical': 0,
      'release_regression/critical': 1,
    });
    // [from, to): a card detected exactly at `to` is the next window's.
    expect(
      await countView(T, T + 20 * MIN, { kinds: ['release_regression'], severities: ['critical'] }),
    ).toEqual({
      'release_regression/critical': 0,
    });
  });

  it('detail: next step, links and last activity', async () => {
    const frames = await queryFrames(p, {
      type: 'insights',
      view: 'detail',
      project,
      from: T,
      to: T + HOUR,
      insightId: opened[0]!.insightId,
    });
    const summary = columns(frames.find((f) => f.schema.name === 'summary')!);
    expect(summary.next_step).toEqual([candidate().nextStep]);
    expect(summary.links).toEqual([candidate().links]);
    expect(summary.last_active_at).toEqual([T + 20 * MIN]);
  });
});

describe('the summary’s source and the list’s deltas', () => {
  it('a narrated card: detail and list say llm and its prompt version; the list carries the deltas', async () => {
    const project = await newProject();
    const { detector, proposals } = fixed();
    const engine = createInsightEngine({
      client: p.store.client,
      projects: p.projects,
      detectors: [detector],
      log,
      narrator: async (c) => ({
        summary: `Model: ${c.title}.`,
        source: 'llm',
        promptVersion: 'narrative-v1',
      }),
    });
    proposals.set(project, [candidate()]);
    const [card] = (await engine.runOnce(T + 10 * MIN, [project])).opened;
    const range = { project, from: T, to: T + HOUR };
    const detail = await queryFrames(p, {
      type: 'insights',
      view: 'detail',
      insightId: card!.insightId,
      ...range,
    });
    const summary = columns(detail.find((f) => f.schema.name === 'summary')!);
    expect([summary.summary, summary.summary_source, summary.summary_prompt_version]).toEqual([
      ['Model: LCP p75 up on /checkout.'],
      ['llm'],
      ['narrative-v1'],
    ]);
    const list = columns((await queryFrames(p, { type: 'insights', view: 'list', ...range }))[0]!);
    expect(list.summary_source).toEqual(['llm']);
    expect(list.deltas).toEqual([candidate().deltas]);
  });
});

describe('the processor’s engine', () => {
  it('runs the default detectors on a project without data: no cards, no failures', async () => {
    const project = await newProject();
    const started = Date.now();
    const result = await p.insights.runOnce(Date.now(), [project]);
    expect(result).toEqual({ opened: [], updated: [], resolved: [] });
    const text = await p.metrics.registry.metrics();
    expect(text).not.toMatch(/pulsetrace_insights_evaluation_failures_total\{/);
    expect(text).toMatch(/pulsetrace_insights_evaluation_duration_seconds_count 1/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
