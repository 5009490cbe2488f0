/**
 * The processor's Alertmanager notifier against Debian's prometheus-alertmanager on loopback:
 * a receiver made through the API, a firing then a resolved notification through the outbox and
 * the delivery loop; Alertmanager routes them to its own webhook receiver, served by this test,
 * which gets both. While firing, the loop resends (endsAt moves forward in Alertmanager).
 */
import { alert, notification } from '../src/alerting/notify/testkit';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { startAlertmanager, type RunningAlertmanager } from './helpers/alertmanager';
import { createProject, startTestProcessor, until } from './helpers/processor';
import { startTarget, type Target } from './helpers/receivers';

jest.setTimeout(120_000);
const WRITE = 'test-write-token';
let p: RunningProcessor;
let am: RunningAlertmanager;
let hook: Target;
let project: string;

beforeAll(async () => {
  hook = await startTarget();
  am = await startAlertmanager(`${hook.url}/am-webhook`);
  p = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE, PULSETRACE_ALERTS_DELIVERY_MS: '200' });
  project = (await createProject(p.url)).id;
});
afterAll(async () => {
  await p?.stop();
  await am?.stop();
  await hook?.close();
});

interface AmWebhook {
  version: string;
  status: string;
  receiver: string;
  alerts: Array<{
    status: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    generatorURL: string;
    endsAt: string;
  }>;
}
const messages = () => hook.received.map((r) => JSON.parse(r.body) as AmWebhook);
const amAlerts = async () =>
  (await (
    await fetch(`${am.url}/api/v2/alerts?active=true&silenced=false&inhibited=false`)
  ).json()) as Array<{
    labels: Record<string, string>;
    endsAt: string;
  }>;

it('delivers firing then resolved through Alertmanager to its webhook, resending while firing', async () => {
  const put = await api(p.url, WRITE, 'PUT', `/projects/${project}/receivers/am`, {
    type: 'alertmanager',
    url: am.url,
    resendDelay: '2s',
  });
  expect(put.status).toBe(201);
  expect(put.body).toMatchObject({ url: `${am.url}/…(set)`, resendDelay: '2s', bearerTokenSet: false });

  const a = alert({
    projectId: project,
    startsAt: Date.now() - 60_000,
    labels: { ...alert().labels, project },
  });
  const firing = notification({
    key: `am-f-${Date.now()}`,
    receiver: 'am',
    alerts: [a],
    createdAt: Date.now(),
  });
  await p.notify.outbox.enqueue([firing]);
  await until(() => messages().some((m) => m.status === 'firing'), 30_000, 'Alertmanager webhook: firing');
  const f = messages().find((m) => m.status === 'firing')!;
  expect(f.alerts).toEqual([
    expect.objectContaining({
      status: 'firing',
      labels: { alertname: a.ruleName, project, severity: 'high', route: '/checkout' },
      annotations: a.annotations,
      generatorURL: a.generatorUrl,
    }),
  ]);

  // Resent every 2 s with endsAt = now + 8 s: Alertmanager's endsAt moves forward.
  const first = Date.parse((await amAlerts())[0]!.endsAt);
  await until(async () => Date.parse((await amAlerts())[0]!.endsAt) > first, 15_000, 'resend extends endsAt');

  const resolved = notification({
    key: `am-r-${Date.now()}`,
    receiver: 'am',
    status: 'resolved',
    alerts: [{ ...a, endsAt: Date.now() }],
    createdAt: Date.now(),
  });
  await p.notify.outbox.enqueue([resolved]);
  await until(
    () => messages().some((m) => m.status === 'resolved'),
    30_000,
    'Alertmanager webhook: resolved',
  );
  const r = messages().find((m) => m.status === 'resolved')!;
  expect(r.alerts).toEqual([
    expect.objectContaining({ status: 'resolved', labels: expect.objectContaining({ route: '/checkout' }) }),
  ]);
  expect(await amAlerts()).toEqual([]);

  // Resolved alerts are not resent: no new firing message afterwards.
  const count = messages().length;
  await new Promise((res) => setTimeout(res, 3000));
  expect(
    messages()
      .slice(count)
      .filter((m) => m.status === 'firing'),
  ).toEqual([]);

  const test = await api(p.url, WRITE, 'POST', `/projects/${project}/receivers/am/test`);
  expect(test.body).toMatchObject({ ok: true, httpStatus: 200 });
  await until(
    () => messages().some((m) => m.alerts.some((x) => x.labels.alertname === 'PulseTraceTestNotification')),
    30_000,
    'test alert',
  );
});
