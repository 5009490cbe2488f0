/**
 * Insights storage, the `insights` query type and the REST actions, against the real processor
 * (embedded ClickHouse, migrations applied on a fresh data dir).
 */
import { insightId, type Insight } from '../src/insights/store/insight';
import { getInsight, listFeedback, writeInsights } from '../src/insights/store/insight-store';
import { card } from '../src/insights/store/testkit';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { loadMigrations, migrate } from '../src/store/migrations';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, postQuery, queryFrames } from './helpers/query';

const READ = 'test-read-token';
const WRITE = 'test-write-token';
const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.now();
let p: RunningProcessor;

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_READ_TOKEN: READ, PULSETRACE_WRITE_TOKEN: WRITE });
});
afterAll(() => p.stop());

/** A card of `project` with its deterministic id. */
function insight(project: string, overrides: Partial<Insight>): Insight {
  const c = card({
    projectId: project,
    startedAt: NOW - 3 * HOUR,
    detectedAt: NOW - 3 * HOUR + MIN,
    updatedAt: NOW - MIN,
    ...overrides,
  });
  return { ...c, insightId: insightId(c) };
}

async function sql<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await p.store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

const list = (project: string, extra: Record<string, unknown> = {}) =>
  queryFrames(p, { type: 'insights', project, from: NOW - 24 * HOUR, to: NOW, ...extra }).then((f) =>
    columns(f[0]!),
  );

describe('migration 0015', () => {
  it('applied on the fresh store, and again is a no-op', async () => {
    const [row] = await sql<{ v: number }>('SELECT max(version) AS v FROM schema_migrations FINAL');
    expect(Number(row!.v)).toBeGreaterThanOrEqual(15);
    expect(loadMigrations().some((m) => m.version === 15 && m.name === 'insights')).toBe(true);
    expect(await migrate(p.store.client)).toEqual([]);
  });

  it.each([
    ['insights', 'ReplacingMergeTree(version)', 'ORDER BY (project_id, insight_id)'],
    ['insight_feedback', 'ReplacingMergeTree', 'ORDER BY (project_id, insight_id, at, id)'],
  ])('%s: versioned, keyed, with a retention TTL', async (table, engine, order) => {
    const [row] = await sql<{ create: string }>(
      'SELECT create_table_query AS create FROM system.tables WHERE database = currentDatabase() AND name = {t:String}',
      { t: table },
    );
    expect(row!.create).toContain(`ENGINE = ${engine}`);
    expect(row!.create).toContain(order);
    expect(row!.create).toMatch(/TTL toDateTime\(\w+\) \+ toIntervalDay\(retention_days\)/);
  });
});

describe('insights store and query', () => {
  let project: string;
  let regression: Insight;
  let old: Insight;

  beforeAll(async () => {
    project = (await createProject(p.url)).id;
    regression = insight(project, {
      kind: 'release_regression',
      metric: 'error_rate',
      scope: { browser: 'Safari' },
      title: 'Errors up in Safari since 2.0.0',
      severity: 'critical',
      release: '2.0.0',
      affectedSessions: 120,
      deltas: [
        { metric: 'error_rate', value: 0.08, baseline: 0.01, interval: [0.06, 0.1], unit: 'percentunit' },
      ],
      hypotheses: [
        {
          title: 'TypeError in checkout.js, new in 2.0.0',
          score: 0.9,
          evidence: [{ share: 0.85 }],
          queries: [{ type: 'errors' }],
        },
        { title: 'Safari 17 only', score: 0.4, evidence: [], queries: [] },
      ],
      summary: 'Safari sessions fail at checkout.',
    });
    // Resolved before the range: outside it however its status is filtered.
    old = insight(project, {
      metric: 'lcp_p75',
      startedAt: NOW - 40 * HOUR,
      resolvedAt: NOW - 30 * HOUR,
      status: 'resolved',
      severity: 'low',
    });
    const lcp = insight(project, {
      metric: 'lcp_p75',
      severity: 'medium',
      scope: { route: '/checkout' },
      startedAt: NOW - 2 * HOUR,
    });
    // Two versions of the regression card, as two replicas (or two evaluations) write them.
    await writeInsights(p.store.client, [{ ...regression, version: 1, affectedSessions: 50 }, old, lcp]);
    await writeInsights(p.store.client, [{ ...regression, version: 2 }]);
  });

  it('two versions of one card read as one row, the newest', async () => {
    const [raw] = await sql<{ n: number }>(
      'SELECT count() AS n FROM insights WHERE project_id = {p:String} AND insight_id = {id:String}',
      { p: project, id: regression.insightId },
    );
    expect(Number(raw!.n)).toBe(2);
    expect(await getInsight(p.store.client, project, regression.insightId)).toEqual({
      ...regression,
      version: 2,
    });
    const cols = await list(project);
    expect(cols.id!.filter((id) => id === regression.insightId)).toHaveLength(1);
    expect(cols.affected_sessions![cols.id!.indexOf(regression.insightId)]).toBe(120);
  });

  it('lists cards overlapping the range, newest first, with their top hypothesis', async () => {
    const cols = await list(project);
    expect(cols.title).toEqual(['LCP p75 up on /checkout', 'Errors up in Safari since 2.0.0']);
    const i = cols.id!.indexOf(regression.insightId);
    expect([
      cols.kind![i],
      cols.severity![i],
      cols.status![i],
      cols.release![i],
      cols.started_at![i],
    ]).toEqual(['release_regression', 'critical', 'open', '2.0.0', regression.startedAt]);
    expect(cols.top_hypothesis![i]).toBe('TypeError in checkout.js, new in 2.0.0');
    expect((await list(project, { from: NOW - 48 * HOUR })).id).toContain(old.insightId);
  });

  it.each([
    ['statuses', { statuses: ['resolved'], from: NOW - 48 * HOUR }, ['old']],
    ['kinds', { kinds: ['release_regression'] }, ['regression']],
    ['severities', { severities: ['medium', 'low'], from: NOW - 48 * HOUR }, ['lcp', 'old']],
    ['a scope filter', { filters: { route: '/checkout' } }, ['lcp']],
    ['a release filter', { filters: { release: '2.0.0' } }, ['regression']],
    ['an exclusion', { exclude: { browser: 'Safari' } }, ['lcp']],
    ['a range before every card', { from: NOW - 60 * HOUR, to: NOW - 50 * HOUR }, []],
  ])('filters by %s', async (_what, extra, expected) => {
    const names: Record<string, string> = {};
    const cols = await list(project, extra);
    for (const [i, id] of (cols.id ?? []).entries())
      names[String(id)] =
        cols.metric![i] === 'error_rate' ? 'regression' : cols.status![i] === 'resolved' ? 'old' : 'lcp';
    expect(Object.values(names).sort()).toEqual(expected);
  });

  it('detail: the card, its deltas and ranked hypotheses as named frames', async () => {
    const frames = await queryFrames(p, {
      type: 'insights',
      view: 'detail',
      insightId: regression.insightId,
      project,
      from: NOW - HOUR,
      to: NOW,
    });
    expect(frames.map((f) => f.schema.name)).toEqual(['summary', 'deltas', 'hypotheses', 'feedback']);
    const [summary, deltas, hypotheses] = frames.map(columns);
    expect(summary!.summary).toEqual(['Safari sessions fail at checkout.']);
    expect(summary!.scope).toEqual([{ browser: 'Safari' }]);
    expect(deltas).toMatchObject({
      metric: ['error_rate'],
      value: [0.08],
      baseline: [0.01],
      low: [0.06],
      high: [0.1],
    });
    expect(hypotheses!.rank).toEqual([1, 2]);
    expect(hypotheses!.queries![0]).toEqual([{ type: 'errors' }]);
  });

  it('detail: an unknown card is empty frames with a notice; the view needs insightId', async () => {
    const frames = await queryFrames(p, {
      type: 'insights',
      view: 'detail',
      insightId: 'nope',
      project,
      from: NOW - HOUR,
      to: NOW,
    });
    expect(frames.every((f) => f.data.values.every((v) => v.length === 0))).toBe(true);
    expect(frames[0]!.schema.meta?.notices?.[0]?.text).toMatch(/no insight nope/);
    const bad = await postQuery(p, { type: 'insights', view: 'detail', project, from: NOW - HOUR, to: NOW });
    expect(JSON.stringify(bad.body)).toMatch(/insightId/);
  });
});

describe('insight actions (REST)', () => {
  let project: string;
  let c: Insight;
  const path = (verb: string, id = c.insightId) => `/projects/${project}/insights/${id}/${verb}`;

  beforeAll(async () => {
    project = (await createProject(p.url)).id;
    c = insight(project, {});
    await writeInsights(p.store.client, [c]);
  });

  it('refuses a read token, an unknown card and a bad verdict', async () => {
    expect((await api(p.url, READ, 'POST', path('acknowledge'))).status).toBe(403);
    expect((await api(p.url, undefined, 'POST', path('resolve'))).status).toBe(401);
    expect((await api(p.url, WRITE, 'POST', path('acknowledge', 'nope'))).status).toBe(404);
    expect((await api(p.url, WRITE, 'POST', path('feedback'), { verdict: 'meh' })).status).toBe(400);
    expect((await getInsight(p.store.client, project, c.insightId))!.status).toBe('open');
  });

  it('acknowledge, feedback and resolve change the status and store who did what', async () => {
    const ack = await api<Record<string, unknown>>(
      p.url,
      WRITE,
      'POST',
      path('acknowledge'),
      undefined,
      'alice',
    );
    expect([ack.status, ack.body.status, ack.body.updatedBy]).toEqual([
      200,
      'acknowledged',
      'write-token (claimed: alice)',
    ]);
    const useful = await api(
      p.url,
      WRITE,
      'POST',
      path('feedback'),
      { verdict: 'useful', comment: 'right cause' },
      'bob',
    );
    expect([useful.status, useful.body.status]).toEqual([200, 'acknowledged']);
    const resolved = await api<Record<string, unknown>>(p.url, WRITE, 'POST', path('resolve'), {
      comment: 'rolled back',
    });
    expect([resolved.status, resolved.body.status, typeof resolved.body.resolvedAt]).toEqual([
      200,
      'resolved',
      'string',
    ]);
    expect((await api(p.url, WRITE, 'POST', path('acknowledge'))).status).toBe(409);
    const notUseful = await api(p.url, WRITE, 'POST', path('feedback'), { verdict: 'not_useful' });
    expect(notUseful.body.status).toBe('not_useful');

    const stored = await getInsight(p.store.client, project, c.insightId);
    expect(stored).toMatchObject({ status: 'not_useful', title: c.title, hypotheses: c.hypotheses });
    const feedback = await listFeedback(p.store.client, project, c.insightId);
    expect(feedback.map((f) => [f.action, f.verdict, f.actor, f.comment])).toEqual([
      ['acknowledge', '', 'write-token (claimed: alice)', ''],
      ['feedback', 'useful', 'write-token (claimed: bob)', 'right cause'],
      ['resolve', '', 'write-token', 'rolled back'],
      ['feedback', 'not_useful', 'write-token', ''],
    ]);
    const frames = await queryFrames(p, {
      type: 'insights',
      view: 'detail',
      insightId: c.insightId,
      project,
      from: NOW - HOUR,
      to: NOW,
    });
    expect(columns(frames[3]!).action).toEqual(['acknowledge', 'feedback', 'resolve', 'feedback']);
    expect((await list(project, { statuses: ['not_useful'] })).id).toEqual([c.insightId]);
  });
});
