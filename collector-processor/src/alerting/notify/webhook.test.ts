import { sign, verifySignature } from './signature';
import { alert, notification, T0 } from './testkit';
import { webhookHeaders, webhookPayload } from './webhook';

const SECRET = 'whsec_0123456789abcdef';

describe('webhookPayload', () => {
  it('is versioned and carries status, receiver, group labels and the alerts', () => {
    const n = notification({
      alerts: [alert(), alert({ fingerprint: 'fp-2', labels: { ...alert().labels, route: '/cart' } })],
    });
    const p = webhookPayload(n);
    expect(p).toMatchObject({
      version: '1',
      key: n.key,
      status: 'firing',
      receiver: 'ops',
      groupLabels: { alertname: 'LCP p75 over 2.5 s', project: 'shop' },
      commonLabels: { alertname: 'LCP p75 over 2.5 s', project: 'shop', severity: 'high' },
      createdAt: new Date(T0 + 60_000).toISOString(),
    });
    expect(p.alerts).toHaveLength(2);
    expect(p.alerts[1]).toMatchObject({
      status: 'firing',
      fingerprint: 'fp-2',
      labels: { route: '/cart' },
      endsAt: null,
      value: 3100,
    });
  });

  const cases: Array<[string, Parameters<typeof webhookPayload>[0], string[]]> = [
    ['firing', notification(), ['firing']],
    ['resolved', notification({ status: 'resolved', alerts: [alert({ endsAt: T0 + 1000 })] }), ['resolved']],
    // An event alert ends when it happens: it is resolved in the alert list even in a firing message.
    ['event alert with its own end', notification({ alerts: [alert({ endsAt: T0 })] }), ['resolved']],
    ['test, no alerts', notification({ status: 'test', alerts: [] }), []],
  ];
  it.each(cases)('%s: alert statuses', (_n, n, statuses) => {
    expect(webhookPayload(n).alerts.map((a) => a.status)).toEqual(statuses);
  });

  it('gives the same bytes for the same notification (whichever replica sends it)', () => {
    expect(JSON.stringify(webhookPayload(notification()))).toBe(
      JSON.stringify(webhookPayload(notification())),
    );
  });
});

describe('signature', () => {
  const body = JSON.stringify(webhookPayload(notification()));
  const t = 1_777_636_800;

  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const h = sign(SECRET, body, t);
    expect(h).toMatch(/^t=1777636800,v1=[0-9a-f]{64}$/);
    const headers = webhookHeaders({ secret: SECRET, headers: { 'X-Team': 'web' } }, 'k1', body, t);
    expect(headers).toEqual({ 'X-Team': 'web', 'X-PulseTrace-Delivery': 'k1', 'X-PulseTrace-Signature': h });
    expect(webhookHeaders({}, 'k1', body, t)).toEqual({ 'X-PulseTrace-Delivery': 'k1' });
  });

  const cases: Array<[string, string | undefined, string, string, number, string | true]> = [
    ['valid', sign(SECRET, body, t), body, SECRET, t + 10, true],
    [
      'valid during a key rotation',
      `${sign('another-secret-000', body, t)},v1=${sign(SECRET, body, t).split('v1=')[1]}`,
      body,
      SECRET,
      t,
      true,
    ],
    ['body changed', sign(SECRET, body, t), `${body} `, SECRET, t, 'does not match'],
    ['wrong secret', sign(SECRET, body, t), body, 'not-the-secret-0000', t, 'does not match'],
    ['replayed after the window', sign(SECRET, body, t), body, SECRET, t + 301, 'replay window'],
    [
      'timestamp edited',
      sign(SECRET, body, t).replace(`t=${t}`, `t=${t + 200}`),
      body,
      SECRET,
      t + 200,
      'does not match',
    ],
    ['no header', undefined, body, SECRET, t, 'no signature'],
    ['garbage', 'v1=abc', body, SECRET, t, 'no timestamp'],
  ];
  it.each(cases)('%s', (_n, header, b, secret, now, expected) => {
    const v = verifySignature(header, b, secret, now);
    if (expected === true) expect(v).toEqual({ ok: true, t });
    else expect(v).toEqual({ ok: false, reason: expect.stringContaining(expected) });
  });
});
