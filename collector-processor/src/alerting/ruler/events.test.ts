import type { AlertEvent } from '../types';
import { decideEvent, parseErrorRows } from './events';
import type { Silence } from './silence';
import { eventRule } from './testkit';

const event: AlertEvent = {
  name: 'issue.new',
  projectId: 'shop',
  at: 1_000,
  subject: 'fp1',
  title: 'TypeError: x is undefined',
  labels: { fingerprint: 'fp1', level: 'fatal', release: '1.2' },
  value: 3,
  appPath: '/a/pulsetrace-app/issues/fp1?project=shop',
};
const opts = {
  receivers: ['hook'],
  silences: [] as Silence[],
  ctx: { appUrl: 'http://g' },
  retentionDays: 30,
  now: 2_000,
};

describe('event rules', () => {
  it('an event fires once: endsAt = startsAt, keyed by the issue, linking to it', () => {
    const d = decideEvent(eventRule(), event, opts)!;
    expect(d.alert).toMatchObject({
      startsAt: 1_000,
      endsAt: 1_000,
      generatorUrl: 'http://g/a/pulsetrace-app/issues/fp1?project=shop',
    });
    expect(d.alert.annotations.summary).toBe('New issue: TypeError: x is undefined');
    expect(d.notifications.map((n) => n.key)).toEqual(['hook|new-issue|shop|issue.new|fp1']);
    expect(d.history).toMatchObject({
      state: 'firing',
      kind: 'event',
      startsAt: 1_000,
      endsAt: 1_000,
      silenced: false,
    });
  });

  it.each([
    ['another event name', eventRule({ event: 'issue.regressed' }), false],
    ['a disabled rule', eventRule({ enabled: false }), false],
    ['levels: not among them', eventRule({ levels: ['error'] }), false],
    ['levels: among them', eventRule({ levels: ['error', 'fatal'] }), true],
  ])('%s', (_what, rule, fires) => {
    expect(decideEvent(rule, event, opts) !== null).toBe(fires);
  });

  it('templates see the event: {{ $labels.title }} and {{ $labels.release }} as the built-ins write them', () => {
    const rule = eventRule({
      annotations: {
        summary: 'Regressed: {{ $labels.title }}',
        description: 'in release {{ $labels.release }}',
      },
    });
    const d = decideEvent(rule, event, opts)!;
    expect(d.alert.annotations.summary).toBe('Regressed: TypeError: x is undefined');
    expect(d.alert.annotations.description).toBe('in release 1.2');
    expect(d.alert.labels.title).toBe('TypeError: x is undefined');
  });

  it('silenced: recorded, not notified', () => {
    const silence: Silence = {
      id: 's',
      projectId: 'shop',
      matchers: [{ name: 'alertname', op: '=', value: 'New issue' }],
      startsAt: 0,
      endsAt: 10_000,
      createdBy: '',
      comment: '',
      createdAt: 0,
    };
    const d = decideEvent(eventRule(), event, { ...opts, silences: [silence] })!;
    expect(d.notifications).toEqual([]);
    expect(d.history.silenced).toBe(true);
  });
});

describe('stored error rows', () => {
  it('project, fingerprint, received time, handled; rows without a fingerprint are skipped', () => {
    const text =
      '{"project_id":"shop","fingerprint":"a","received_at":"1700000000.250","handled":1}\n' +
      '{"project_id":"shop","fingerprint":"b","received_at":"1700000001.000"}\n' +
      '{"project_id":"shop","received_at":"1700000001.000"}\n';
    expect(parseErrorRows(Buffer.from(text))).toEqual([
      { project: 'shop', fingerprint: 'a', receivedAt: 1_700_000_000_250, unhandled: false },
      { project: 'shop', fingerprint: 'b', receivedAt: 1_700_000_001_000, unhandled: true },
    ]);
  });
});
