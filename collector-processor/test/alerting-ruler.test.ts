/**
 * The processor's ruler through the real OTLP ingest path, on embedded ClickHouse (issue #17,
 * docs/alerting.md "The processor's ruler"): a new issue notifies once, even when two replicas
 * see it; a resolved issue seen in a new release notifies "regressed"; a vitals regression in
 * one route fires that route's rule and resolves when values recover; a restarted ruler neither
 * repeats nor loses a notification. Delivery is off (PULSETRACE_ALERTS_DELIVERY_MS=0): these
 * tests read the outbox, the notifier tests deliver it.
 */
import { Ruler, startRuler, type RunningRuler } from '../src/alerting/ruler';
import type { Insight } from '../src/insights/store/insight';
import type { RunningProcessor } from '../src/processor';
import { api, postErrors, startSecondIngestPath } from '../src/issues/testkit';
import { selectRows } from '../src/store/query';
import { eventually, lcpSessions, outbox, postSessions, ruleFile } from './helpers/alerting';
import { ADMIN_TOKEN, createProject, startTestProcessor, tempDataDir } from './helpers/processor';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const RULES = ruleFile([
  {
    kind: 'event',
    id: 'new-issue',
    name: 'New issue',
    event: 'issue.new',
    annotations: { summary: 'New issue' },
    receivers: ['hook'],
  },
  {
    kind: 'event',
    id: 'regressed',
    name: 'Issue regressed',
    event: 'issue.regressed',
    annotations: { summary: 'Regressed' },
    receivers: ['hook'],
  },
  {
    kind: 'event',
    id: 'spike',
    name: 'Issue spiking',
    event: 'issue.spike',
    spike: { factor: 5, minEvents: 20 },
    annotations: { summary: 'Spiking' },
    receivers: ['hook'],
  },
  {
    kind: 'event',
    id: 'insight',
    name: 'New insight',
    event: 'insight.opened',
    annotations: { summary: 'New insight' },
    receivers: ['hook'],
  },
  {
    kind: 'threshold',
    id: 'lcp-route',
    name: 'LCP p75 over 2.5 s',
    annotations: { summary: 'LCP p75 is {{ $value }} ms on {{ $labels.route }}' },
    query: { type: 'web_vitals', metric: 'LCP', percentiles: [75], groupBy: ['route'] },
    field: 'p75',
    window: '5m',
    reducer: 'max',
    condition: { op: '>', threshold: 2500 },
    interval: '1m',
    for: '2m',
    receivers: ['hook'],
  },
]);

const dataDir = tempDataDir();
const env = {
  PULSETRACE_DATA_DIR: dataDir,
  PULSETRACE_ALERT_RULES_FILE: RULES,
  PULSETRACE_ALERTS_DELIVERY_MS: '0',
};
let p: RunningProcessor;

beforeAll(async () => {
  p = await startTestProcessor(env);
});
afterAll(() => p?.stop());

async function issueFingerprint(projectId: string): Promise<string> {
  return eventually(async () => {
    const [row] = await selectRows(
      p.store.client,
      'SELECT fingerprint FROM issues WHERE project_id = {p:String} LIMIT 1',
      {
        p: projectId,
      },
    );
    return row ? String(row.fingerprint) : undefined;
  });
}

async function history(projectId: string) {
  const res = await api<{
    results: {
      A: { frames: Array<{ schema: { fields: Array<{ name: string }> }; data: { values: unknown[][] } }> };
    };
  }>(p.url, ADMIN_TOKEN, 'POST', '/query', {
    type: 'alerts',
    project: projectId,
    from: 'now-2d',
    to: 'now+1h',
    limit: 1000,
  });
  expect(res.status).toBe(200);
  const [frame] = res.body.results.A.frames;
  const names = frame!.schema.fields.map((f) => f.name);
  return frame!.data.values[0]!.map((_, i) =>
    Object.fromEntries(names.map((n, j) => [n, frame!.data.values[j]![i]])),
  );
}

describe('event rules from the ingest path', () => {
  it('a new issue notifies once, within seconds; a second replica and later events add nothing', async () => {
    const project = await createProject(p.url);
    // A second replica: its own ingest path and ruler on the same ClickHouse, rules and outbox.
    const late: { second?: RunningRuler } = {};
    const replica = await startSecondIngestPath(p, ADMIN_TOKEN, {
      onStored: (t) => late.second?.onStored(t),
    });
    const second = startRuler({
      client: p.store.client,
      projects: p.projects,
      rules: p.alertRules,
      outbox: p.notify.outbox,
      receivers: p.notify.receivers,
      log: p.log,
      intervalMs: 0,
      appUrl: 'http://grafana.test',
    });
    late.second = second;
    try {
      const acked = Date.now();
      // The same new issue reaches both replicas at once.
      await Promise.all([
        postErrors(p.url, project.ingestKey, { group: 'checkout-crash', release: '1.0.0' }),
        postErrors(replica.url, project.ingestKey, { group: 'checkout-crash', release: '1.0.0' }),
      ]);
      const fp = await issueFingerprint(project.id);
      const key = `hook|new-issue|${project.id}|issue.new|${fp}`;
      await eventually(async () => (await outbox(p.store.client, project.id)).length > 0 || undefined);
      expect(Date.now() - acked).toBeLessThan(5_000);
      await p.drained();
      await replica.drained();
      await Promise.all([p.ruler.idle(), second.idle()]);
      // More events of the same issue, and ruler passes: still the one notification.
      await postErrors(p.url, project.ingestKey, { group: 'checkout-crash', release: '1.0.0', count: 3 });
      await p.drained();
      await p.ruler.idle();
      await p.ruler.runOnce();
      await p.ruler.runOnce();
      const rows = await outbox(p.store.client, project.id);
      expect(rows.map((r) => r.key)).toEqual([key]);
      expect(rows[0]!.notification.alerts[0]).toMatchObject({
        labels: { alertname: 'New issue', fingerprint: fp },
      });
      const h = await history(project.id);
      expect(h.filter((r) => r.rule_id === 'new-issue' && r.kind === 'event').length).toBeGreaterThanOrEqual(
        1,
      );
    } finally {
      await second.stop();
      await replica.stop();
    }
  });

  it('a resolved issue seen again in a new release notifies "regressed"', async () => {
    const project = await createProject(p.url);
    await postErrors(p.url, project.ingestKey, { group: 'cart-bug', release: '1.0.0' });
    await p.drained();
    const fp = await issueFingerprint(project.id);
    const resolved = await api(p.url, ADMIN_TOKEN, 'PATCH', `/projects/${project.id}/issues/${fp}`, {
      status: 'resolved',
    });
    expect(resolved.status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    await postErrors(p.url, project.ingestKey, { group: 'cart-bug', release: '1.1.0' });
    await p.drained();
    await p.lifecycle.runOnce();
    await p.ruler.idle();
    const regressed = await eventually(async () =>
      (await outbox(p.store.client, project.id)).find((r) =>
        r.key.startsWith(`hook|regressed|${project.id}|issue.regressed|${fp}@v`),
      ),
    );
    expect(regressed.notification.alerts[0]!.labels).toMatchObject({
      alertname: 'Issue regressed',
      release: '1.1.0',
    });
    // The next lifecycle pass changes nothing: no second "regressed".
    await p.lifecycle.runOnce();
    await p.ruler.idle();
    expect(
      (await outbox(p.store.client, project.id)).filter((r) => r.key.includes('issue.regressed')),
    ).toHaveLength(1);
  });
});

describe('tick-driven and engine event rules', () => {
  it('issue.spike: an issue far above its own baseline notifies once per hour, however many passes', async () => {
    const project = await createProject(p.url);
    await postErrors(p.url, project.ingestKey, { group: 'flood', release: '1.0.0', count: 30 });
    await p.drained();
    const fp = await issueFingerprint(project.id);
    const now = Date.now() + 1_000;
    await p.ruler.runOnce(now);
    await p.ruler.runOnce(now + 5_000);
    await p.ruler.runOnce(now + 2 * MINUTE);
    const spikes = (await outbox(p.store.client, project.id)).filter((r) => r.key.includes('issue.spike'));
    const hour = Math.floor(now / 3600_000) * 3600_000;
    // A clock past an hour boundary during the test makes a second hour: allow exactly that.
    expect(spikes.map((r) => r.key)[0]).toBe(`hook|spike|${project.id}|issue.spike|${fp}@${hour}`);
    expect(spikes.length).toBe(Math.floor((now + 2 * MINUTE) / 3600_000) * 3600_000 === hour ? 1 : 2);
    expect(spikes[0]!.notification.alerts[0]!.value).toBe(30);
  });

  it('insight.opened: an opened card notifies once, escalations do not', async () => {
    const project = await createProject(p.url);
    const insight = {
      projectId: project.id,
      insightId: 'ins-1',
      kind: 'anomaly',
      severity: 'high',
      title: 'LCP p75 up on /checkout',
      metric: 'web_vital.LCP.p75',
      release: '2.0',
      detectedAt: Date.now(),
      affectedSessions: 120,
    } as unknown as Insight;
    p.insights.emit('insight', { change: 'opened', insight });
    p.insights.emit('insight', { change: 'opened', insight });
    p.insights.emit('insight', { change: 'escalated', insight });
    await p.ruler.idle();
    const rows = await outbox(p.store.client, project.id);
    expect(rows.map((r) => r.key)).toEqual([`hook|insight|${project.id}|insight.opened|ins-1`]);
    expect(rows[0]!.notification.alerts[0]!.labels).toMatchObject({
      insight_kind: 'anomaly',
      metric: 'web_vital.LCP.p75',
    });
  });
});

describe('a threshold rule per route', () => {
  // Minute-aligned, half an hour ago: the ingest accepts event times up to 30 days old.
  const t0 = Math.floor((Date.now() - 40 * MINUTE) / MINUTE) * MINUTE;
  let project: { id: string; ingestKey: string };

  beforeAll(async () => {
    project = await createProject(p.url);
    // /checkout regresses from t0 for 6 minutes, /home stays fast; from t0 + 10 min both are fast.
    for (let m = 0; m < 6; m++) {
      await postSessions(p.url, project.ingestKey, lcpSessions('/checkout', 4200, t0 + m * MINUTE, 4));
      await postSessions(p.url, project.ingestKey, lcpSessions('/home', 1200, t0 + m * MINUTE, 4));
    }
    for (let m = 10; m < 20; m++)
      await postSessions(p.url, project.ingestKey, lcpSessions('/checkout', 1500, t0 + m * MINUTE, 4));
    await p.drained();
  });

  const firingKeys = async () =>
    (await outbox(p.store.client, project.id)).map(
      (r) => `${r.status} ${r.notification.alerts.map((a) => a.labels.route).join(',')}`,
    );

  it('pending for `for`, then firing for /checkout only; one notification however often evaluated', async () => {
    await p.ruler.runOnce(t0 + 2 * MINUTE + 5_000);
    expect(await firingKeys()).toEqual([]); // pending
    await p.ruler.runOnce(t0 + 3 * MINUTE + 5_000);
    await p.ruler.runOnce(t0 + 3 * MINUTE + 9_000); // same instant: already evaluated
    expect(await firingKeys()).toEqual([]);
    // Two replicas reach the firing instant at once (each its own ruler, one ClickHouse).
    const replica = new Ruler({
      client: p.store.client,
      projects: p.projects,
      rules: p.alertRules,
      outbox: p.notify.outbox,
      log: p.log,
      appUrl: 'http://grafana.test',
    });
    await Promise.all([p.ruler.runOnce(t0 + 4 * MINUTE + 5_000), replica.runOnce(t0 + 4 * MINUTE + 7_000)]);
    await p.ruler.runOnce(t0 + 5 * MINUTE + 5_000);
    expect(await firingKeys()).toEqual(['firing /checkout']);
    const [n] = await outbox(p.store.client, project.id);
    expect(n!.key).toBe(`hook|lcp-route|${project.id}|firing|${t0 + 4 * MINUTE}|r0`);
    expect(n!.notification.alerts[0]!.value).toBeGreaterThan(2500);
  });

  it('a restarted processor continues from the stored state: no second firing, then the resolve', async () => {
    await p.stop();
    p = await startTestProcessor(env);
    await p.ruler.runOnce(t0 + 6 * MINUTE + 5_000);
    expect(await firingKeys()).toEqual(['firing /checkout']);
    // The notification decided before the restart is still pending in the outbox (delivery is off).
    expect((await outbox(p.store.client, project.id))[0]!.state).toBe('pending');
    // Values recovered: the window [t0 + 11m, t0 + 16m) has only fast /checkout pages.
    await p.ruler.runOnce(t0 + 16 * MINUTE + 5_000);
    expect(await firingKeys()).toEqual(['firing /checkout', 'resolved /checkout']);
    const h = await history(project.id);
    const checkout = h
      .filter((r) => (r.labels as Record<string, string>).route === '/checkout')
      .map((r) => r.state);
    expect(checkout).toEqual(['pending', 'firing', 'resolved']);
    expect(h.some((r) => (r.labels as Record<string, string>).route === '/home')).toBe(false);
  });

  it('POST …/alert-rules/:ruleId/test answers the series, values and states, writing nothing', async () => {
    const before = await outbox(p.store.client, project.id);
    const res = await api<{
      result: { health: string; series: Array<{ labels: { route: string }; value: number; state: string }> };
    }>(p.url, ADMIN_TOKEN, 'POST', `/projects/${project.id}/alert-rules/lcp-route/test`, {});
    expect(res.status).toBe(200);
    // Now, the window holds no traffic: no data, nothing firing.
    expect(res.body.result.health).toBe('nodata');
    const tester = p.ruler.tester;
    const rule = (await p.alertRules.rulesFor(project.id)).find((r) => r.id === 'lcp-route')!;
    const at = await tester.test(project.id, rule, t0 + 3 * MINUTE + 5_000);
    expect(at.series.map((s) => [s.labels.route, s.value, s.conditionMet])).toEqual([
      ['/checkout', 4200, true],
      ['/home', 1200, false],
    ]);
    expect(await outbox(p.store.client, project.id)).toEqual(before);
  });

  it('the alerts query: nothing firing after the resolve', async () => {
    const res = await api<{ results: { A: { frames: Array<{ data: { values: unknown[][] } }> } } }>(
      p.url,
      ADMIN_TOKEN,
      'POST',
      '/query',
      { type: 'alerts', view: 'firing', project: project.id, from: 'now-1h', to: 'now' },
    );
    expect(res.status).toBe(200);
    expect(res.body.results.A.frames[0]!.data.values[0]).toEqual([]);
  });
});
