import { FieldType, toDataFrame } from '@grafana/data';
import {
  ActivityEntry,
  activityText,
  detailData,
  EventRow,
  eventPosition,
  ignorePatch,
  sessionUrl,
  tempoDataSource,
  traceUrl,
} from './model';

const events = ['e3', 'e2', 'e1'].map((event_id, i) => ({ event_id, time: 3000 - i }) as EventRow);

describe('eventPosition', () => {
  it.each([
    ['the latest when none is chosen', undefined, { index: 0, newer: undefined, older: 'e2' }],
    ['a middle one', 'e2', { index: 1, newer: 'e3', older: 'e1' }],
    ['the oldest listed', 'e1', { index: 2, newer: 'e2', older: undefined }],
    ['one not listed', 'e9', { index: -1, newer: undefined, older: undefined }],
  ])('%s', (_what, id, expected) => {
    const p = eventPosition(events, id);
    expect({ index: p.index, newer: p.newer, older: p.older }).toEqual(expected);
    expect(p.total).toBe(3);
  });

  it('has no position without events', () => {
    expect(eventPosition([], undefined)).toEqual({ index: -1, total: 0 });
  });
});

describe('ignorePatch', () => {
  const NOW = Date.parse('2026-12-07T03:00:00Z');
  it.each([
    [{ mode: 'forever', count: '', date: '' }, { patch: { status: 'ignored' } }],
    [{ mode: 'count', count: '100', date: '' }, { patch: { status: 'ignored', ignoreUntil: { count: 100 } } }],
    [{ mode: 'count', count: ' 5 ', date: '' }, { patch: { status: 'ignored', ignoreUntil: { count: 5 } } }],
    [{ mode: 'count', count: '0', date: '' }, { error: 'Enter a whole number of events, at least 1.' }],
    [{ mode: 'count', count: '2.5', date: '' }, { error: 'Enter a whole number of events, at least 1.' }],
    [{ mode: 'count', count: '', date: '' }, { error: 'Enter a whole number of events, at least 1.' }],
    [{ mode: 'count', count: '1000000000001', date: '' }, { error: 'Enter a whole number of events, at least 1.' }],
    [{ mode: 'date', count: '', date: '' }, { error: 'Pick the date and time to ignore the issue until.' }],
    [{ mode: 'date', count: '', date: 'soon' }, { error: 'Pick the date and time to ignore the issue until.' }],
    [{ mode: 'date', count: '', date: '2026-12-01T10:00Z' }, { error: 'Pick a date in the future.' }],
    [
      { mode: 'date', count: '', date: '2026-12-24T10:00Z' },
      { patch: { status: 'ignored', ignoreUntil: { date: '2026-12-24T10:00:00.000Z' } } },
    ],
  ] as const)('%j → %j', (form, expected) => {
    expect(ignorePatch(form, NOW)).toEqual(expected);
  });
});

describe('links', () => {
  it('links a session to its timeline, keeping the view’s scope', () => {
    expect(sessionUrl('s 1')).toBe('/a/pulsetrace-app/sessions/s%201');
    expect(sessionUrl('s1', { 'var-project': 'shop', from: 'now-6h', 'var-ds': '' })).toBe(
      '/a/pulsetrace-app/sessions/s1?var-project=shop&from=now-6h'
    );
  });

  it('links a trace to Tempo in Explore only with a trace id and a Tempo data source', () => {
    const tempo = tempoDataSource({ prom: { type: 'prometheus', uid: 'p' }, traces: { type: 'tempo', uid: 'tmp' } });
    expect(tempo?.uid).toBe('tmp');
    expect(tempoDataSource({ prom: { type: 'prometheus', uid: 'p' } })).toBeUndefined();
    expect(traceUrl('', 0, tempo)).toBeUndefined();
    expect(traceUrl('abc', 0, undefined)).toBeUndefined();
    const url = traceUrl('4bf92f', 7_200_000, tempo)!;
    expect(url.startsWith('/explore?schemaVersion=1&panes=')).toBe(true);
    const panes = JSON.parse(decodeURIComponent(url.split('panes=')[1]!));
    expect(panes.trace).toEqual({
      datasource: 'tmp',
      queries: [{ refId: 'A', datasource: { type: 'tempo', uid: 'tmp' }, queryType: 'traceql', query: '4bf92f' }],
      range: { from: '3600000', to: '10800000' },
    });
  });
});

describe('activityText', () => {
  const entry = (over: Partial<ActivityEntry>): ActivityEntry => ({
    id: '1',
    at: '2026-12-07T03:00:00Z',
    actor: 'ana',
    action: 'status_change',
    fromStatus: 'unresolved',
    toStatus: 'resolved',
    release: null,
    comment: null,
    details: {},
    ...over,
  });
  it.each([
    [{}, 'changed status from Unresolved to Resolved'],
    [
      { toStatus: 'resolved_in_next_release', release: '1.1.0' },
      'changed status from Unresolved to Resolved in next release (after 1.1.0)',
    ],
    [
      { toStatus: 'ignored', details: { ignoreUntil: { count: 100, users: null, date: null } } },
      'changed status from Unresolved to Ignored until 100 more events',
    ],
    [
      { toStatus: 'ignored', details: { ignoreUntil: { count: null, users: null, date: '2026-12-24T10:00:00.000Z' } } },
      'changed status from Unresolved to Ignored until 2026-12-24 10:00 UTC',
    ],
    [{ action: 'assign', details: { from: null, to: 'ana@shop.example' } }, 'assigned to ana@shop.example'],
    [{ action: 'assign', details: { from: 'ana', to: null } }, 'unassigned'],
    [{ action: 'comment', comment: 'hi' }, 'commented'],
    [{ action: 'regressed', release: '1.2.0' }, 'regressed in 1.2.0'],
    [{ action: 'unignored' }, 'came back from ignored'],
  ])('%j → %s', (over, text) => {
    expect(activityText(entry(over as Partial<ActivityEntry>))).toBe(text);
  });
});

describe('detailData', () => {
  it('reads issue_detail’s frames by name, the shown event from the stack frame', () => {
    const frames = [
      toDataFrame({ name: 'summary', fields: [{ name: 'id', type: FieldType.string, values: ['fp'] }] }),
      toDataFrame({
        name: 'stack',
        meta: { custom: { eventId: 'e2' } },
        fields: [
          { name: 'function', type: FieldType.string, values: ['a', 'b'] },
          { name: 'in_app', type: FieldType.boolean, values: [true, false] },
        ],
      }),
      toDataFrame({ name: 'causes', meta: { notices: [{ severity: 'info', text: 'no event e9' }] }, fields: [] }),
    ];
    const d = detailData(frames);
    expect(d.summary).toEqual({ id: 'fp' });
    expect(d.stack).toEqual([
      { function: 'a', in_app: true },
      { function: 'b', in_app: false },
    ]);
    expect(d.shownEventId).toBe('e2');
    expect(d.notices).toEqual(['no event e9']);
    expect(d.events).toEqual([]);
  });
});
