/**
 * Alerting end to end with nothing driven by hand (issue #17; docs/alerting.md): a processor on
 * embedded ClickHouse with the ruler's tick and the delivery loop on their own timers, a webhook
 * receiver on 127.0.0.1 and the rules made through the REST API, traffic posted to /v1/traces as
 * @pulsetrace/web sends it. A new error notifies once, signed, within 5 s of the ingest's 200; a
 * per-route LCP rule fires for the slow route and resolves when its values recover. bench/alerting
 * measures the same path's latency.
 */
import { verifySignature } from '../src/alerting/notify/signature';
import type { RunningProcessor } from '../src/processor';
import { selectRows } from '../src/store/query';
import {
  errorSession,
  lcpSessions,
  postTraces,
  putReceiver,
  putRule,
  type WebhookBody,
} from '../../bench/alerting/traffic';
import { ADMIN_TOKEN, createProject, startTestProcessor, until } from './helpers/processor';
import { startTarget, type Received, type Target } from './helpers/receivers';

jest.setTimeout(60_000);

const SECRET = 'whsec_e2e-signing-key-0123456789';
let p: RunningProcessor;
let hook: Target;
let project: { id: string; ingestKey: string };

beforeAll(async () => {
  hook = await startTarget();
  p = await startTestProcessor({
    // The ruler's tick on (a short one for a 1 s rule); delivery and batching at their defaults,
    // so the 5 s bound is the one production gets.
    PULSETRACE_ALERTS_INTERVAL_MS: '250',
    PULSETRACE_ALERTS_DELIVERY_MS: '1000',
    PULSETRACE_BATCH_MAX_WAIT_MS: '1000',
  });
  project = await createProject(p.url);
  await putReceiver(p.url, ADMIN_TOKEN, project.id, {
    type: 'webhook',
    name: 'hook',
    url: `${hook.url}/pulsetrace`,
    secret: SECRET,
  });
  await putRule(p.url, ADMIN_TOKEN, project.id, {
    kind: 'event',
    id: 'new-issue',
    name: 'New issue',
    event: 'issue.new',
    annotations: { summary: 'New issue' },
    receivers: ['hook'],
  });
  await putRule(p.url, ADMIN_TOKEN, project.id, {
    kind: 'threshold',
    id: 'lcp-route',
    name: 'LCP p75 over 2.5 s',
    annotations: { summary: 'LCP p75 is {{ $value }} ms on {{ $labels.route }}' },
    // The p75 of every sample of the window per route (the table view, as the built-in rules).
    // includeBots makes it read the raw web_vitals table, whose times are exact: otherwise it
    // reads the minute pre-aggregate, where a 3 s window would keep a slow minute for a minute.
    query: {
      type: 'web_vitals',
      metric: 'LCP',
      percentiles: [75],
      view: 'table',
      groupBy: ['route'],
      includeBots: true,
    },
    field: 'p75',
    window: '3s',
    reducer: 'max',
    condition: { op: '>', threshold: 2500 },
    interval: '1s',
    for: '0s',
    receivers: ['hook'],
  });
});
afterAll(async () => {
  await p?.stop();
  await hook?.close();
});

const bodyOf = (r: Received) => JSON.parse(r.body) as WebhookBody;
const deliveriesOf = (ruleId: string) => hook.received.filter((r) => bodyOf(r).alerts[0]?.ruleId === ruleId);

async function issue(message: string) {
  const [row] = await selectRows(
    p.store.client,
    `SELECT fingerprint, argMaxMerge(title) AS title, sum(events) AS events FROM issues
     WHERE project_id = {p:String} GROUP BY fingerprint HAVING title LIKE {m:String}`,
    { p: project.id, m: `%${message}%` },
  );
  return row ? { fingerprint: String(row.fingerprint), events: Number(row.events) } : undefined;
}

describe('an issue.new rule', () => {
  it('notifies a new error once, signed and naming the issue, within 5 s of the ingest 200', async () => {
    const acked = await postTraces(p.url, project.ingestKey, [errorSession('alpha')]);
    await until(() => deliveriesOf('new-issue').length > 0, 15_000, 'the issue.new delivery');
    const [d] = deliveriesOf('new-issue');
    expect(d!.at - acked).toBeLessThan(5_000);

    const body = bodyOf(d!);
    expect(verifySignature(d!.headers['x-pulsetrace-signature'] as string, d!.body, SECRET)).toMatchObject({
      ok: true,
    });
    expect(d!.headers['x-pulsetrace-delivery']).toBe(body.key);
    expect(d!.path).toBe('/pulsetrace');
    const stored = await issue('Checkout step alpha failed');
    expect(stored).toBeDefined();
    expect(body).toMatchObject({ version: '1', status: 'firing', receiver: 'hook' });
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]!.labels).toMatchObject({
      alertname: 'New issue',
      fingerprint: stored!.fingerprint,
      project: project.id,
    });
    expect(body.alerts[0]!.labels.title).toContain('Checkout step alpha failed to load the basket');
    expect(body.key).toBe(`hook|new-issue|${project.id}|issue.new|${stored!.fingerprint}`);
  });

  it('does not notify again when the same issue is seen again', async () => {
    await postTraces(p.url, project.ingestKey, [errorSession('alpha')]);
    await p.drained();
    await p.ruler.idle();
    // The second event is stored in the same issue (so the check below is not vacuous)…
    await until(async () => (await issue('Checkout step alpha failed'))?.events === 2, 10_000, 'two events');
    // …and three delivery ticks later there is still only the first delivery.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(deliveriesOf('new-issue')).toHaveLength(1);
  });
});

describe('a per-route LCP threshold rule', () => {
  it('fires for the slow route, then resolves when its values recover', async () => {
    await postTraces(p.url, project.ingestKey, [
      ...lcpSessions('/checkout', 4200, 4),
      ...lcpSessions('/home', 1200, 4),
    ]);
    await until(() => deliveriesOf('lcp-route').length > 0, 20_000, 'the firing delivery');
    const firing = bodyOf(deliveriesOf('lcp-route')[0]!);
    expect(firing.status).toBe('firing');
    expect(firing.alerts.map((a) => a.labels.route)).toEqual(['/checkout']);
    expect(firing.alerts[0]!.value).toBe(4200);
    expect(firing.alerts[0]!.annotations.summary).toBe('LCP p75 is 4200 ms on /checkout');

    // Recovered traffic, as pages keep loading, until the window holds only fast loads.
    const resolved = () => deliveriesOf('lcp-route').find((r) => bodyOf(r).status === 'resolved');
    const deadline = Date.now() + 20_000;
    while (!resolved() && Date.now() < deadline) {
      await postTraces(p.url, project.ingestKey, lcpSessions('/checkout', 1500, 4));
      await new Promise((r) => setTimeout(r, 500));
    }
    const r = resolved();
    expect(r).toBeDefined();
    const body = bodyOf(r!);
    expect(body.alerts.map((a) => [a.labels.route, a.status])).toEqual([['/checkout', 'resolved']]);
    expect(body.alerts[0]!.endsAt).not.toBeNull();
    expect(verifySignature(r!.headers['x-pulsetrace-signature'] as string, r!.body, SECRET).ok).toBe(true);
    // One firing, one resolve, and /home (always fast) never in any.
    const all = deliveriesOf('lcp-route').map(bodyOf);
    expect(all.map((b) => b.status)).toEqual(['firing', 'resolved']);
    expect(all.flatMap((b) => b.alerts.map((a) => a.labels.route))).not.toContain('/home');
  });
});
