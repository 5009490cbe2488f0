/**
 * Alert delivery end to end on loopback (docs/alerting.md "Receivers and delivery"): a real
 * processor on embedded ClickHouse, receivers made through the API, notifications enqueued in its
 * outbox as the ruler does, delivered by its loop to real HTTP servers: a webhook that fails N
 * times then succeeds (backoff, signature, one delivery), a limit below N (dead letter in the API),
 * a permanent 4xx, Retry-After, a Slack-shaped receiver (valid Block Kit), secrets never answered
 * or logged.
 */
import pino from 'pino';
import { blockKitProblems } from '../src/alerting/notify/block-kit';
import { backoffCapMs } from '../src/alerting/notify/backoff';
import { verifySignature } from '../src/alerting/notify/signature';
import { alert, notification } from '../src/alerting/notify/testkit';
import { ClickHouseOutbox } from '../src/alerting/notify';
import type { Notification } from '../src/alerting/types';
import { loadConfig } from '../src/config/config';
import { api } from '../src/issues/testkit';
import { startProcessor, type RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, tempDataDir, until } from './helpers/processor';
import { startTarget, type Target } from './helpers/receivers';

jest.setTimeout(120_000);
const WRITE = 'test-write-token';
const TICK_MS = 150;
const SECRET = 'whsec_s3cr3t-signing-key-0123';
const HOOK_PATH = '/services/T0001/B0002/sl4ck-p4th-s3cr3t';
const logLines: string[] = [];
let p: RunningProcessor;
let project: string;
const targets: Target[] = [];

beforeAll(async () => {
  const config = loadConfig({
    PULSETRACE_PORT: '0',
    PULSETRACE_HOST: '127.0.0.1',
    PULSETRACE_DATA_DIR: tempDataDir(),
    PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
    PULSETRACE_WRITE_TOKEN: WRITE,
    PULSETRACE_INSIGHTS_INTERVAL_MS: '0',
    PULSETRACE_ALERTS_DELIVERY_MS: String(TICK_MS),
  });
  // Every log line at the most verbose level, to prove no secret ever reaches one.
  p = await startProcessor(config, pino({ level: 'trace' }, { write: (s: string) => void logLines.push(s) }));
  project = (await createProject(p.url)).id;
});
afterAll(async () => {
  await p.stop();
  await Promise.all(targets.map((t) => t.close()));
});

const target = async (...args: Parameters<typeof startTarget>) => {
  const t = await startTarget(...args);
  targets.push(t);
  return t;
};
const put = (name: string, body: unknown) =>
  api(p.url, WRITE, 'PUT', `/projects/${project}/receivers/${name}`, body);
const delivery = async (key: string) =>
  (
    await api<{
      state: string;
      attemptLog: Array<{ error: string | null; nextDelayMs: number | null }>;
      lastError: string | null;
    }>(p.url, WRITE, 'GET', `/projects/${project}/alert-deliveries/${encodeURIComponent(key)}`)
  ).body;
const note = (receiver: string, key: string, over: Partial<Notification> = {}) =>
  notification({
    key,
    receiver,
    alerts: [alert({ projectId: project, labels: { ...alert().labels, project } })],
    createdAt: Date.now(),
    ...over,
  });

describe('webhook receiver', () => {
  it('retries a failing target with growing backoff, signs every attempt, delivers once', async () => {
    const FAILS = 3;
    const t = await target((_r, i) => ({ status: i < FAILS ? 500 : 200 }));
    const created = await put('ops-hook', {
      type: 'webhook',
      url: `${t.url}/hook?token=${SECRET}x`,
      secret: SECRET,
      headers: { 'X-Api-Key': 'hdr-s3cr3t' },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toMatch(/s3cr3t|token=/);
    expect(created.body).toMatchObject({
      url: `${t.url}/…(set)`,
      secretSet: true,
      headers: { 'X-Api-Key': '(set)' },
      maxAttempts: 8,
    });

    const n = note('ops-hook', `k-retry-${Date.now()}`);
    // Two replicas deciding the same notification: one row, one delivery.
    await Promise.all([p.notify.outbox.enqueue([n]), new ClickHouseOutbox(p.store.client).enqueue([n, n])]);
    await until(async () => (await delivery(n.key)).state === 'delivered', 60_000, 'delivered');
    expect(t.received).toHaveLength(FAILS + 1);

    for (const r of t.received) {
      expect(r.headers['x-pulsetrace-delivery']).toBe(n.key);
      const v = verifySignature(r.headers['x-pulsetrace-signature'] as string, r.body, SECRET);
      expect(v.ok).toBe(true);
      expect(r.headers['x-api-key']).toBe('hdr-s3cr3t');
      expect(JSON.parse(r.body)).toMatchObject({
        version: '1',
        key: n.key,
        status: 'firing',
        receiver: 'ops-hook',
      });
    }
    // Full jitter: the k-th wait is between 0 and its cap (1 s, 2 s, 4 s), plus a loop tick and the
    // request's own time. The caps grow; the recorded planned delays stay within them.
    const gaps = t.received.slice(1).map((r, i) => r.at - t.received[i]!.at);
    gaps.forEach((g, i) => expect(g).toBeLessThanOrEqual(backoffCapMs(i + 1) + 2 * TICK_MS + 500));
    const d = await delivery(n.key);
    expect(d.attemptLog.map((a) => a.error)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500', null]);
    d.attemptLog
      .slice(0, FAILS)
      .forEach((a, i) => expect(a.nextDelayMs ?? 0).toBeLessThan(backoffCapMs(i + 1)));
    expect(backoffCapMs(1)).toBeLessThan(backoffCapMs(2));
    expect(backoffCapMs(2)).toBeLessThan(backoffCapMs(3));

    // Enqueued again later (a ruler repeating itself): still delivered once.
    await p.notify.outbox.enqueue([n]);
    await new Promise((r) => setTimeout(r, 5 * TICK_MS));
    expect(t.received).toHaveLength(FAILS + 1);
    const list = await api<{ deliveries: Array<{ key: string; attempts: number }> }>(
      p.url,
      WRITE,
      'GET',
      `/projects/${project}/alert-deliveries?state=delivered`,
    );
    expect(list.body.deliveries.filter((x) => x.key === n.key)).toEqual([
      expect.objectContaining({ attempts: FAILS + 1 }),
    ]);
  });

  it('dead-letters after maxAttempts below the failures, visible in the API', async () => {
    const t = await target(() => ({ status: 503 }));
    expect(
      (await put('flaky', { type: 'webhook', url: `${t.url}/h`, secret: SECRET, maxAttempts: 2 })).status,
    ).toBe(201);
    const n = note('flaky', `k-dead-${Date.now()}`);
    await p.notify.outbox.enqueue([n]);
    await until(async () => (await delivery(n.key)).state === 'dead', 30_000, 'dead');
    expect(t.received).toHaveLength(2);
    const dead = await api<{ deliveries: Array<Record<string, unknown>> }>(
      p.url,
      WRITE,
      'GET',
      `/projects/${project}/alert-deliveries?state=dead`,
    );
    expect(dead.body.deliveries).toContainEqual(
      expect.objectContaining({
        key: n.key,
        state: 'dead',
        attempts: 2,
        lastStatus: 503,
        lastError: 'HTTP 503 after 2 attempts',
      }),
    );
  });

  it('dead-letters a permanent 4xx at once, honours Retry-After on 429', async () => {
    const gone = await target(() => ({ status: 410 }));
    await put('gone', { type: 'webhook', url: `${gone.url}/h` });
    const limited = await target((_r, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 },
    );
    await put('limited', { type: 'webhook', url: `${limited.url}/h` });
    const a = note('gone', `k-410-${Date.now()}`);
    const b = note('limited', `k-429-${Date.now()}`);
    await p.notify.outbox.enqueue([a, b]);
    await until(
      async () => (await delivery(a.key)).state === 'dead' && (await delivery(b.key)).state === 'delivered',
      30_000,
    );
    expect(gone.received).toHaveLength(1);
    expect((await delivery(a.key)).lastError).toBe('HTTP 410 (permanent: not retried)');
    expect(limited.received[1]!.at - limited.received[0]!.at).toBeGreaterThanOrEqual(2000);
  });
});

describe('slack receiver', () => {
  it('gets a valid Block Kit message for firing and resolved, and a test notification', async () => {
    const slack = await target();
    expect(
      (await put('slack-ops', { type: 'slack', url: `${slack.url}${HOOK_PATH}`, channel: '#web-alerts' }))
        .status,
    ).toBe(201);
    const firing = note('slack-ops', `k-slack-f-${Date.now()}`);
    const resolved = note('slack-ops', `k-slack-r-${Date.now()}`, {
      status: 'resolved',
      alerts: [alert({ projectId: project, endsAt: Date.now() })],
    });
    await p.notify.outbox.enqueue([firing, resolved]);
    await until(() => slack.received.length >= 2, 30_000, 'two Slack messages');
    const [f, r] = slack.received.map(
      (x) => JSON.parse(x.body) as { text: string; channel: string; blocks: unknown[] },
    );
    expect(slack.received[0]!.path).toBe(HOOK_PATH);
    for (const m of [f!, r!]) expect(blockKitProblems(m)).toEqual([]);
    // In order: the resolve never overtakes its firing.
    expect(f!.text).toMatch(/^🔴 Firing/);
    expect(r!.text).toMatch(/^✅ Resolved/);
    expect(f!.channel).toBe('#web-alerts');

    const test = await api(p.url, WRITE, 'POST', `/projects/${project}/receivers/slack-ops/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({
      receiver: 'slack-ops',
      ok: true,
      httpStatus: 200,
      key: expect.stringMatching(/^test:/),
    });
    const t = JSON.parse(slack.received[2]!.body);
    expect(blockKitProblems(t)).toEqual([]);
    expect(t.text).toMatch(/^🧪 Test/);
  });
});

describe('receiver API', () => {
  it('lists masked receivers, keeps secrets a PUT leaves out, sets defaults, deletes', async () => {
    const t = await target();
    await put('keep', { type: 'webhook', url: `${t.url}/k`, secret: SECRET });
    const changed = await put('keep', { type: 'webhook', maxAttempts: 3 });
    expect(changed).toMatchObject({ status: 200, body: { secretSet: true, maxAttempts: 3 } });
    expect(await p.notify.receivers.get(project, 'keep')).toMatchObject({
      url: `${t.url}/k`,
      secret: SECRET,
      maxAttempts: 3,
    });

    expect(
      (
        await api(p.url, WRITE, 'PUT', `/projects/${project}/default-receivers`, {
          receivers: ['keep', 'nope'],
        })
      ).status,
    ).toBe(400);
    expect(
      (await api(p.url, WRITE, 'PUT', `/projects/${project}/default-receivers`, { receivers: ['keep'] }))
        .body,
    ).toEqual({ receivers: ['keep'] });
    expect(await p.notify.receivers.defaultReceivers(project)).toEqual(['keep']);

    const list = await api<{ receivers: Array<{ name: string }>; defaultReceivers: string[] }>(
      p.url,
      undefined,
      'GET',
      `/projects/${project}/receivers`,
    );
    expect(list.status).toBe(401);
    const listed = await api<{ receivers: Array<{ name: string }>; defaultReceivers: string[] }>(
      p.url,
      WRITE,
      'GET',
      `/projects/${project}/receivers`,
    );
    expect(listed.body.defaultReceivers).toEqual(['keep']);
    expect(listed.body.receivers.map((r) => r.name)).toEqual(
      expect.arrayContaining(['keep', 'ops-hook', 'slack-ops']),
    );
    expect(JSON.stringify(listed.body)).not.toMatch(/s3cr3t|sl4ck|T0001|token=/);

    expect((await api(p.url, WRITE, 'DELETE', `/projects/${project}/receivers/keep`)).status).toBe(204);
    expect((await api(p.url, WRITE, 'GET', `/projects/${project}/receivers/keep`)).status).toBe(404);
    expect((await api(p.url, WRITE, 'DELETE', `/projects/${project}/receivers/keep`)).status).toBe(404);
  });

  it('answers 400 with what to fix', async () => {
    const bad = await put('x', { type: 'webhook', url: 'not-a-url' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: expect.stringContaining('url') });
    expect((await put('x', { type: 'pager' })).status).toBe(400);
    expect((await put('Bad Name', { type: 'slack', url: 'https://hooks.slack.com/x' })).status).toBe(400);
    expect(
      (await put('x', { type: 'slack', name: 'y', url: 'https://hooks.slack.com/x' })).body,
    ).toMatchObject({
      error: expect.stringContaining('differs from the path'),
    });
    const q = await api(p.url, WRITE, 'GET', `/projects/${project}/alert-deliveries?state=lost`);
    expect(q).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('state is one of pending, delivered, dead') },
    });
  });

  it('never logs a secret', () => {
    const all = logLines.join('\n');
    // The dead letters above were logged (with their errors): the lines that could carry a secret.
    expect(all).toContain('alert notification dead-lettered');
    for (const secret of [SECRET, 'hdr-s3cr3t', 'sl4ck-p4th-s3cr3t', 'T0001'])
      expect(all).not.toContain(secret);
  });
});
