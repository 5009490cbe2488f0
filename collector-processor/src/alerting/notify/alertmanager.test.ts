import {
  alertmanagerHeaders,
  alertmanagerPayload,
  alertsUrl,
  resendDelayMs,
  TEST_ALERTNAME,
} from './alertmanager';
import { alert, notification, T0 } from './testkit';

const NOW = T0 + 10 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('alertmanagerPayload', () => {
  const cases: Array<[string, Parameters<typeof alertmanagerPayload>[0], string]> = [
    // Firing: kept active for 4 resends, as Prometheus sets endsAt.
    ['firing: endsAt = now + 4 × resendDelay', notification(), iso(NOW + 4 * 60_000)],
    [
      'resolved: endsAt = the alert’s end',
      notification({ status: 'resolved', alerts: [alert({ endsAt: T0 + 5000 })] }),
      iso(T0 + 5000),
    ],
    ['resolved without an end: now', notification({ status: 'resolved' }), iso(NOW)],
    // An event alert (endsAt = startsAt) sent with its own, past end would reach Alertmanager already
    // resolved, and Alertmanager never notifies an alert it did not see firing: active for 4 resends.
    [
      'firing event alert: active for 4 resends, not its past end',
      notification({ alerts: [alert({ endsAt: T0 + 1 })] }),
      iso(NOW + 4 * 60_000),
    ],
  ];
  it.each(cases)('%s', (_n, n, endsAt) => {
    const [a] = alertmanagerPayload(n, NOW, 60_000);
    expect(a).toEqual({
      labels: { alertname: 'LCP p75 over 2.5 s', project: 'shop', severity: 'high', route: '/checkout' },
      annotations: n.alerts[0]!.annotations,
      startsAt: iso(T0),
      endsAt,
      generatorURL: n.alerts[0]!.generatorUrl,
    });
  });

  it('makes labels Prometheus labels and drops empty values', () => {
    const [a] = alertmanagerPayload(
      notification({
        alerts: [
          alert({
            labels: { 'http.route': '/a', '1x': 'y', empty: '' },
            annotations: { summary: 's', description: '' },
          }),
        ],
      }),
      NOW,
      60_000,
    );
    expect(a!.labels).toEqual({ alertname: 'LCP p75 over 2.5 s', http_route: '/a', _1x: 'y' });
    expect(a!.annotations).toEqual({ summary: 's' });
  });

  it('sends a recognisable test alert', () => {
    const [a] = alertmanagerPayload(notification({ status: 'test', alerts: [] }), NOW, 30_000);
    expect(a).toMatchObject({
      labels: { alertname: TEST_ALERTNAME, receiver: 'ops' },
      endsAt: iso(NOW + 120_000),
    });
  });
});

describe('alertmanager receiver', () => {
  const base = { type: 'alertmanager' as const, name: 'am', url: 'http://am:9093/' };
  it.each([
    [{ ...base }, {}],
    [{ ...base, bearerToken: 'tok' }, { authorization: 'Bearer tok' }],
    [
      { ...base, basicAuth: { username: 'u', password: 'p' } },
      { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
    ],
  ])('headers %#', (r, h) => expect(alertmanagerHeaders(r)).toEqual(h));
  it('posts to <url>/api/v2/alerts and resends every 1m unless told', () => {
    expect(alertsUrl('http://am:9093/')).toBe('http://am:9093/api/v2/alerts');
    expect(alertsUrl('http://am:9093/prefix')).toBe('http://am:9093/prefix/api/v2/alerts');
    expect(resendDelayMs({})).toBe(60_000);
    expect(resendDelayMs({ resendDelay: '15s' })).toBe(15_000);
  });
});
