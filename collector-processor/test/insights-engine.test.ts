/**
 * The insight engine on a real processor (embedded ClickHouse): test detectors propose fixed
 * candidates (real inputs), the engine reconciles them with the stored cards and writes versions;
 * everything is read back from ClickHouse with FINAL or through the query API.
 */
import pino from 'pino';
import { createInsightEngine, startInsightEngine, type InsightEvent } from '../src/insights/engine';
import { candidate as baseCandidate, fixedDetector } from '../src/insights/engine/testkit';
import type { Detector, InsightCandidate } from '../src/insights/engine/types';
import { insightId } from '../src/insights/store/insight';
import { getInsight } from '../src/insights/store/insight-store';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor } from './helpers/processor';

const WRITE = 'test-write-token';
const MIN = 60_000;
const HOUR = 60 * MIN;
// Two hours ago on a minute: the engine's versions (evaluation minute in µs) stay below a
// person's (wall time in µs), as they do live.
const T = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const log = pino({ level: process.env.PULSETRACE_TEST_LOG ?? 'silent' });
let p: RunningProcessor;

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE });
});
afterAll(() => p.stop());

/** The test's candidate: an LCP regression that started at T + 5 min. */
const candidate = (overrides: Partial<InsightCandidate> = {}) =>
  baseCandidate({ startedAt: T + 5 * MIN, ...overrides });
const fixed = fixedDetector;

async function count(project: string): Promise<number> {
  const rs = await p.store.client.query({
    query: 'SELECT count() AS n FROM insights FINAL WHERE project_id = {p:String}',
    query_params: { p: project },
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ n: string }>())[0]!.n);
}

const newProject = async (retentionDays = 30) =>
  (
    await createProject(p.url, {
      name: `engine-${Math.random().toString(36).slice(2)}`,
      allowedOrigins: ['http://localhost:3000'],
      retentionDays,
    })
  ).id;

describe('engine', () => {
  it('opens, keeps, escalates and resolves a card; events, metrics, retention', async () => {
    const project = await newProject(7);
    const { detector, proposals } = fixed();
    const engine = createInsightEngine({
      client: p.store.client,
      projects: p.projects,
      detectors: [detector],
      log,
      metrics: p.metrics,
    });
    const events: Array<[string, string]> = [];
    engine.on('insight', (e: InsightEvent) => events.push([e.change, e.insight.severity]));
    const c = candidate();
    const id = insightId({ projectId: project, ...c });
    proposals.set(project, [c]);

    const first = await engine.runOnce(T + 10 * MIN + 17_000, [project]);
    expect(first.opened.map((i) => i.insightId)).toEqual([id]);
    expect(await getInsight(p.store.client, project, id)).toMatchObject({
      status: 'open',
      version: (T + 10 * MIN) * 1000,
      detectedAt: T + 10 * MIN,
      retentionDays: 7,
      nextStep: c.nextStep,
      links: c.links,
    });
    // Same numbers a minute later: nothing to write.
    expect(await engine.runOnce(T + 11 * MIN, [project])).toEqual({ opened: [], updated: [], resolved: [] });
    proposals.set(project, [candidate({ severity: 'critical', startedAt: T - 3 * MIN })]);
    const escalated = await engine.runOnce(T + 12 * MIN, [project]);
    expect(escalated.updated.map((i) => [i.insightId, i.severity, i.startedAt])).toEqual([
      [id, 'critical', c.startedAt],
    ]);
    proposals.set(project, []);
    expect((await engine.runOnce(T + 26 * MIN, [project])).resolved).toEqual([]);
    const resolved = await engine.runOnce(T + 27 * MIN, [project]);
    expect(resolved.resolved.map((i) => i.insightId)).toEqual([id]);
    expect(await getInsight(p.store.client, project, id)).toMatchObject({
      status: 'resolved',
      resolvedAt: T + 12 * MIN,
      updatedBy: 'engine',
    });
    expect(events).toEqual([
      ['opened', 'high'],
      ['escalated', 'critical'],
      ['resolved', 'critical'],
    ]);
    expect(await count(project)).toBe(1);
    const text = await p.metrics.registry.metrics();
    expect(text).toMatch(/pulsetrace_insights_opened_total\{kind="anomaly",severity="high"\} [1-9]/);
    expect(text).toMatch(/pulsetrace_insights_resolved_total\{kind="anomaly"\} [1-9]/);
    expect(text).toMatch(/pulsetrace_insights_evaluation_duration_seconds_count [1-9]/);
  });

  it('an incident both detectors see is one card; seen again after the engine resolved it, reopened', async () => {
    const project = await newProject();
    const { detector: anomalies, proposals: a } = fixed('anomaly');
    const { detector: releases, proposals: r } = fixed('release');
    const engine = createInsightEngine({
      client: p.store.client,
      projects: p.projects,
      detectors: [anomalies, releases],
      log,
    });
    // At first the anomaly's onset is the start of its lookback (no step found yet): last hour.
    const early = candidate({ startedAt: T - 50 * MIN });
    const anomaly = candidate();
    const regression = candidate({
      kind: 'release_regression',
      scope: { release: anomaly.release },
      startedAt: T,
      hypotheses: [{ title: 'New img hero.jpg', score: 0.95, evidence: [], queries: [] }],
    });
    a.set(project, [early]);
    const [card] = (await engine.runOnce(T + 10 * MIN, [project])).opened;
    expect(card!.insightId).toBe(insightId({ projectId: project, ...early }));
    // The release detector sees it 9 minutes later: it joins the anomaly's card, whose onset is
    // now the change point found.
    a.set(project, [anomaly]);
    r.set(project, [regression]);
    const joined = await engine.runOnce(T + 19 * MIN, [project]);
    expect(joined.opened).toEqual([]);
    expect(joined.updated.map((i) => [i.insightId, i.startedAt, i.hypotheses.map((h) => h.title)])).toEqual([
      [card!.insightId, anomaly.startedAt, ['New img hero.jpg', 'LCP element img.hero']],
    ]);
    // Nobody proposes it for 15 minutes: resolved. Then the anomaly again, its onset (another
    // hour than the card's id) before the card was resolved: it never ended, the card reopens.
    a.set(project, []);
    r.set(project, []);
    expect((await engine.runOnce(T + 34 * MIN, [project])).resolved).toHaveLength(1);
    a.set(project, [anomaly]);
    const back = await engine.runOnce(T + 70 * MIN, [project]);
    expect(back.opened.map((i) => [i.insightId, i.status])).toEqual([[card!.insightId, 'open']]);
    expect(await count(project)).toBe(1);
  });

  it('two engines on one store, evaluating the same minutes: one card per incident', async () => {
    const project = await newProject();
    const { detector, proposals } = fixed();
    const engines = [0, 1].map(() =>
      createInsightEngine({ client: p.store.client, projects: p.projects, detectors: [detector], log }),
    );
    let opened = 0;
    const versions = new Set<string>();
    for (let m = 0; m < 50; m++) {
      // Two incidents; the LCP one's onset estimate drifts back across the hour boundary.
      proposals.set(
        project,
        m < 30
          ? [
              candidate({
                startedAt: T + (5 - m) * MIN,
                deltas: [{ ...candidate().deltas[0]!, value: 3200 + 100 * m }],
              }),
              candidate({
                kind: 'release_regression',
                metric: 'error_rate',
                scope: { browser: 'Safari' },
                severity: 'critical',
              }),
            ]
          : [],
      );
      const now = T + (10 + m) * MIN;
      // Same minute, at once, and a few seconds apart.
      const results = await Promise.all(engines.map((e, i) => e.runOnce(now + i * 7_000, [project])));
      opened += results.reduce((n, r) => n + r.opened.length, 0);
      for (const r of results)
        for (const i of [...r.opened, ...r.updated, ...r.resolved])
          versions.add(`${i.insightId}/${i.version}`);
    }
    expect(await count(project)).toBe(2);
    const rs = await p.store.client.query({
      query: `SELECT status, count() AS n FROM insights FINAL WHERE project_id = {p:String} GROUP BY status`,
      query_params: { p: project },
      format: 'JSONEachRow',
    });
    expect((await rs.json<{ status: string; n: string }>()).map((r) => [r.status, Number(r.n)])).toEqual([
      ['resolved', 2],
    ]);
    // Each replica reports what it wrote: both may open the same card in the same minute.
    expect(opened).toBeGreaterThanOrEqual(2);
    expect(opened).toBeLessThanOrEqual(4);
    // Versions written: tens, not one per minute per replica (100), and the replicas' are the same
    // ones. (Counted from what the engines answer: merges drop older versions from the table.)
    expect(versions.size).toBeGreaterThan(4);
    expect(versions.size).toBeLessThan(30);
  });

  it('an acknowledge between the engine’s read and write survives; the next pass keeps it', async () => {
    const project = await newProject();
    const { detector, proposals } = fixed();
    const c = candidate();
    const id = insightId({ projectId: project, ...c });
    let acks = 0;
    const engine = createInsightEngine({
      client: p.store.client,
      projects: p.projects,
      detectors: [detector],
      log,
      // Runs after the engine read the card and before it writes: a person acts right then.
      narrator: async (cand) => {
        if (cand.severity === 'critical' && acks++ === 0)
          expect(
            (
              await api(
                p.url,
                WRITE,
                'POST',
                `/projects/${project}/insights/${id}/acknowledge`,
                undefined,
                'alice',
              )
            ).status,
          ).toBe(200);
        return { summary: `narrated ${cand.severity}`, source: 'template', promptVersion: 'test' };
      },
    });
    proposals.set(project, [c]);
    await engine.runOnce(T + 10 * MIN, [project]);
    proposals.set(project, [candidate({ severity: 'critical' })]);
    await engine.runOnce(T + 11 * MIN, [project]);
    expect(await getInsight(p.store.client, project, id)).toMatchObject({
      status: 'acknowledged',
      updatedBy: expect.stringContaining('alice'),
    });
    await engine.runOnce(T + 12 * MIN, [project]);
    expect(await getInsight(p.store.client, project, id)).toMatchObject({
      status: 'acknowledged',
      severity: 'critical',
      summary: 'narrated critical',
      updatedBy: 'engine',
    });
  });

  it('a failing project is logged and skipped; a failing detector resolves nothing', async () => {
    const [bad, good] = [await newProject(), await newProject()];
    const { detector, proposals } = fixed();
    const failing: Detector = {
      name: 'failing',
      detect: async ({ projectId }) => {
        if (projectId === good) throw new Error('boom');
        return [];
      },
    };
    const projects = {
      list: () => p.projects.list(),
      get: (id: string) => {
        if (id === bad) throw new Error('project store down');
        return p.projects.get(id);
      },
    };
    const engine = createInsightEngine({
      client: p.store.client,
      projects,
      detectors: [detector, failing],
      log,
      metrics: p.metrics,
    });
    proposals.set(bad, [candidate()]);
    proposals.set(good, [candidate()]);
    const r = await engine.runOnce(T + 10 * MIN, [bad, good]);
    expect(r.opened.map((i) => i.projectId)).toEqual([good]);
    proposals.set(good, []);
    expect((await engine.runOnce(T + HOUR, [bad, good])).resolved).toEqual([]);
    const text = await p.metrics.registry.metrics();
    expect(text).toMatch(/pulsetrace_insights_evaluation_failures_total\{detector="engine"\} [1-9]/);
    expect(text).toMatch(/pulsetrace_insights_evaluation_failures_total\{detector="failing"\} [1-9]/);
  });

  it('startInsightEngine: ticks, never two passes at once, stop waits for the running one', async () => {
    const project = await newProject();
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const slow: Detector = {
      name: 'slow',
      detect: async () => {
        calls++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 80));
        inFlight--;
        return [];
      },
    };
    const projects = {
      list: () => p.projects.list().filter((x) => x.id === project),
      get: (id: string) => p.projects.get(id),
    };
    const engine = startInsightEngine({
      client: p.store.client,
      projects,
      detectors: [slow],
      log,
      intervalMs: 20,
    });
    await new Promise((r) => setTimeout(r, 400));
    await engine.stop();
    expect(inFlight).toBe(0);
    const after = calls;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(after);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(maxInFlight).toBe(1);
  });

  it('stop during a pass: ends after the project being evaluated', async () => {
    const ids = [await newProject(), await newProject(), await newProject()];
    const seen: string[] = [];
    const slow: Detector = {
      name: 'slow',
      detect: async ({ projectId }) => {
        seen.push(projectId);
        await new Promise((r) => setTimeout(r, 100));
        return [];
      },
    };
    const engine = startInsightEngine({
      client: p.store.client,
      projects: p.projects,
      detectors: [slow],
      log,
      intervalMs: 0,
    });
    const pass = engine.runOnce(Date.now(), ids);
    await new Promise((r) => setTimeout(r, 30));
    await engine.stop();
    await pass;
    expect(seen).toEqual([ids[0]]);
  });
});
