import type { AlertEvent } from '../types';
import { buildAlert, eventIdentity, fillTemplate, groupNotifications, type GroupChange } from './alerts';
import type { Silence } from './silence';
import { thresholdRule } from './testkit';

const ctx = { appUrl: 'http://grafana.test/' };
const rule = thresholdRule({ labels: { team: 'web' }, repeatInterval: '1h' });
const alert = (route: string, startsAt: number, endsAt?: number) =>
  buildAlert(rule, 'shop', `fp-${route}`, { route }, 3000, { startsAt, endsAt }, ctx);

describe('alerts', () => {
  it.each([
    ['{{ $labels.route }} at {{ $value }}', { route: '/a' }, 2.345678, '/a at 2.346'],
    ['{{$labels.missing}}|{{ $value }}', {}, null, '|'],
    ['plain', {}, 1, 'plain'],
  ])('fills %s', (text, labels, value, expected) => {
    expect(fillTemplate(text, labels, value)).toBe(expected);
  });

  it('labels: the rule’s, the series’, alertname, rule, project, severity; an absolute link', () => {
    const a = alert('/a', 5);
    expect(a.labels).toEqual({
      team: 'web',
      route: '/a',
      alertname: rule.name,
      rule_id: 'lcp',
      project: 'shop',
      severity: 'medium',
    });
    expect(a.annotations.summary).toBe('LCP p75 is 3000 ms on /a');
    expect(a.generatorUrl).toBe('http://grafana.test/a/pulsetrace-app/alerts/lcp?project=shop');
  });
});

describe('group notifications', () => {
  const base: GroupChange = {
    rule,
    projectId: 'shop',
    now: 600_000,
    fired: [],
    resolved: [],
    firing: [],
    previousAt: 540_000,
    repeatMs: 3600_000,
  };

  it('newly firing: one message per receiver listing every firing alert, keyed by the instant', () => {
    const old = alert('/old', 0);
    const fresh = alert('/a', 600_000);
    const n = groupNotifications({ ...base, fired: [fresh], firing: [old, fresh] }, ['hook', 'slack'], []);
    expect(n.map((x) => x.key)).toEqual([
      'hook|lcp|shop|firing|600000|r0',
      'slack|lcp|shop|firing|600000|r0',
    ]);
    expect(n[0]!.alerts.map((a) => a.labels.route)).toEqual(['/old', '/a']);
  });

  it('the same decision gives the same keys (replicas, a re-run): nothing depends on the clock', () => {
    const g = { ...base, fired: [alert('/a', 600_000)], firing: [alert('/a', 600_000)] };
    expect(groupNotifications(g, ['hook'], [])).toEqual(groupNotifications(g, ['hook'], []));
  });

  it.each([
    ['no repeat before the interval', 3_000_000, 3_060_000, 0],
    ['a repeat when the interval boundary passes', 3_590_000, 3_650_000, 1],
    ['only once per boundary', 3_650_000, 3_710_000, 0],
    ['the second repeat', 7_190_000, 7_250_000, 1],
  ])('%s', (_what, previousAt, now, count) => {
    const firing = [alert('/a', 50_000)];
    const n = groupNotifications({ ...base, now, previousAt, firing }, ['hook'], []);
    expect(n).toHaveLength(count);
    if (count) expect(n[0]!.key).toMatch(/^hook\|lcp\|shop\|firing\|50000\|r\d$/);
  });

  it('resolved: the alerts that ended, their endsAt set', () => {
    const done = alert('/a', 50_000, 600_000);
    const [n] = groupNotifications({ ...base, resolved: [done] }, ['hook'], []);
    expect(n).toMatchObject({ status: 'resolved', key: 'hook|lcp|shop|resolved|600000|fp-/a' });
    expect(n!.alerts[0]!.endsAt).toBe(600_000);
  });

  it('silenced alerts are left out; a message left empty is not sent', () => {
    const silence: Silence = {
      id: 's',
      projectId: 'shop',
      matchers: [{ name: 'route', op: '=', value: '/a' }],
      startsAt: 0,
      endsAt: 700_000,
      createdBy: 't',
      comment: '',
      createdAt: 0,
    };
    const a = alert('/a', 600_000);
    const b = alert('/b', 600_000);
    expect(groupNotifications({ ...base, fired: [a], firing: [a] }, ['hook'], [silence])).toEqual([]);
    const [n] = groupNotifications({ ...base, fired: [a, b], firing: [a, b] }, ['hook'], [silence]);
    expect(n!.alerts.map((x) => x.labels.route)).toEqual(['/b']);
    // Expired: notified again.
    expect(
      groupNotifications({ ...base, now: 700_000, fired: [a], firing: [a] }, ['hook'], [silence]),
    ).toHaveLength(1);
  });

  it('no receivers: nothing to send', () => {
    expect(
      groupNotifications({ ...base, fired: [alert('/a', 1)], firing: [alert('/a', 1)] }, [], []),
    ).toEqual([]);
  });
});

describe('event identity', () => {
  const e = (over: Partial<AlertEvent>): AlertEvent => ({
    name: 'issue.new',
    projectId: 'shop',
    at: 1000,
    subject: 'fp1',
    title: 't',
    labels: {},
    value: 1,
    appPath: '/',
    ...over,
  });
  it.each([
    ['a new issue: its fingerprint, whatever time a replica saw', e({ at: 5 }), 'fp1'],
    ['an opened insight: its id', e({ name: 'insight.opened', subject: 'ins1' }), 'ins1'],
    [
      'a regression: the issue state version',
      e({ name: 'issue.regressed', labels: { issue_version: '7' } }),
      'fp1@v7',
    ],
    ['a spike: the hour', e({ name: 'issue.spike', at: 3600_000 }), 'fp1@3600000'],
  ])('%s', (_what, event, id) => {
    expect(eventIdentity(event)).toBe(id);
  });
});
