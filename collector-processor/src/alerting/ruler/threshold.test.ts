import { instanceFingerprint, type Outcome, type StoredInstance } from './evaluate';
import { thresholdRule } from './testkit';
import { decide, type ThresholdInput } from './threshold';

const rule = thresholdRule({ for: '0s', repeatInterval: '1h' });
const fp = instanceFingerprint(rule.id, 'shop', { route: '/a' });
const input = (over: Partial<ThresholdInput>): ThresholdInput => ({
  rule,
  projectId: 'shop',
  retentionDays: 30,
  at: 600_000,
  previous: [],
  previousAt: 540_000,
  receivers: ['hook'],
  silences: [],
  ctx: { appUrl: 'http://g' },
  ...over,
});
const value = (v: number): Outcome => ({ health: 'ok', series: [{ labels: { route: '/a' }, value: v }] });
const firing = (firedAt: number): StoredInstance => ({
  fingerprint: fp,
  labels: { route: '/a' },
  state: 'firing',
  activeAt: firedAt,
  firedAt,
  lastAlertingAt: firedAt,
  value: 3000,
});

describe('one evaluation’s consequences', () => {
  it.each([
    [
      'starts firing: a firing notification, a history row, the new state',
      [],
      value(3000),
      ['firing'],
      ['firing'],
      1,
    ],
    ['keeps firing: nothing to say or write', [firing(60_000)], value(3000), [], [], 0],
    [
      'recovers: a resolved notification, a history row, the inactive state',
      [firing(60_000)],
      value(100),
      ['resolved'],
      ['resolved'],
      1,
    ],
    [
      'a repeat is due: the firing list again, the state rewritten (TTL)',
      [firing(-3_000_000)],
      value(3000),
      ['firing'],
      [],
      1,
    ],
    [
      'evaluation error (onError=error): the series keeps firing, DatasourceError fires',
      [firing(60_000)],
      { health: 'error', error: 'x', series: [] } as Outcome,
      ['firing'],
      ['firing'],
      1,
    ],
  ])('%s', (_what, previous, outcome, statuses, states, written) => {
    const r = decide(input({ previous }), outcome);
    expect(r.notifications.map((n) => n.status)).toEqual(statuses);
    expect(r.history.map((h) => h.state)).toEqual(states);
    expect(r.instances).toHaveLength(written);
    expect(r.evaluation).toMatchObject({ ruleId: rule.id, evaluatedAt: 600_000, health: outcome.health });
  });

  it('the resolve notification and history carry the firing’s start and its end', () => {
    const r = decide(input({ previous: [firing(60_000)] }), value(100));
    expect(r.notifications[0]!.alerts[0]).toMatchObject({ startsAt: 60_000, endsAt: 600_000 });
    expect(r.history[0]).toMatchObject({ startsAt: 60_000, endsAt: 600_000, value: 100, kind: 'threshold' });
  });
});
