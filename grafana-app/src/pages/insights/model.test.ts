import { FieldType, LoadingState, toDataFrame } from '@grafana/data';
import {
  actionRequest,
  actionStates,
  DeltaRow,
  deltaText,
  detailOf,
  evidenceParts,
  formatValue,
  InsightRow,
  linksOf,
  rowDeltas,
  topOpen,
} from './model';
import { insightsNotice, NO_MATCH, NO_OPEN_INSIGHTS } from './notice';
import { PICK_PROJECT } from '../issues/notice';

const delta = (d: Partial<DeltaRow>): DeltaRow => ({
  metric: 'LCP p75',
  value: 3200,
  baseline: 2500,
  low: null,
  high: null,
  unit: 'ms',
  ...d,
});

describe('deltaText', () => {
  it.each<[string, Partial<DeltaRow>, { values: string; change: string; interval?: string }]>([
    ['a slower p75, no interval', {}, { values: '3,200 ms vs 2,500 ms', change: '+28 %' }],
    [
      'the interval of the value: shown as a range of the change',
      { low: 3000, high: 3400 },
      { values: '3,200 ms vs 2,500 ms', change: '+28 %', interval: '95 % CI +20 % … +36 %' },
    ],
    [
      'the interval of the change itself (it does not contain the value)',
      { low: 500, high: 900 },
      { values: '3,200 ms vs 2,500 ms', change: '+28 %', interval: '95 % CI +20 % … +36 %' },
    ],
    [
      'an error rate 1 % → 3 %',
      { metric: 'error_rate', value: 0.03, baseline: 0.01, low: 0.025, high: 0.036, unit: 'percentunit' },
      { values: '3 % vs 1 %', change: '+200 %', interval: '95 % CI +150 % … +260 %' },
    ],
    [
      'traffic down by half',
      { metric: 'sessions', value: 500, baseline: 1000, unit: null },
      { values: '500 vs 1,000', change: '−50 %' },
    ],
    [
      'a zero baseline: the absolute change',
      { metric: 'issue_events', value: 42, baseline: 0, low: 30, high: 55, unit: null },
      { values: '42 vs 0', change: '+42', interval: '95 % CI +30 … +55' },
    ],
    ['no change', { value: 2500 }, { values: '2,500 ms vs 2,500 ms', change: '±0 %' }],
  ])('%s', (_what, d, expected) => {
    expect(deltaText(delta(d))).toEqual(expected);
  });
});

describe('formatValue', () => {
  it.each<[number, string | null, string]>([
    [1234.4, 'ms', '1,234 ms'],
    [0.0123, 'percentunit', '1.23 %'],
    [0.1234, null, '0.123'],
    [12345.6, 'short', '12,346'],
    [3, 'KiB', '3 KiB'],
    [NaN, 'ms', '–'],
  ])('%p %p → %p', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

const row = (r: Partial<InsightRow>): InsightRow => ({
  id: 'x',
  kind: 'anomaly',
  title: 't',
  severity: 'medium',
  status: 'open',
  started_at: 0,
  resolved_at: null,
  metric: 'm',
  release: null,
  affected_sessions: 0,
  affected_users: 0,
  top_hypothesis: null,
  ...r,
});

describe('topOpen', () => {
  it('ranks open cards by severity, then the most recent onset, and keeps n', () => {
    const rows = [
      row({ id: 'low-new', severity: 'low', started_at: 900 }),
      row({ id: 'high-old', severity: 'high', started_at: 100 }),
      row({ id: 'crit-resolved', severity: 'critical', status: 'resolved', started_at: 500 }),
      row({ id: 'high-new', severity: 'high', started_at: 200 }),
      row({ id: 'crit-ack', severity: 'critical', status: 'acknowledged', started_at: 600 }),
      row({ id: 'medium', severity: 'medium', started_at: 50 }),
    ];
    expect(topOpen(rows, 3).map((r) => r.id)).toEqual(['high-new', 'high-old', 'medium']);
    expect(topOpen(rows, 10).map((r) => r.id)).toEqual(['high-new', 'high-old', 'medium', 'low-new']);
    expect(topOpen([], 3)).toEqual([]);
  });
});

describe('actions by status and role', () => {
  it.each<[string, string, Array<[string, boolean]>]>([
    [
      'open',
      'Editor',
      [
        ['acknowledge', true],
        ['resolve', true],
        ['not_useful', true],
      ],
    ],
    [
      'open',
      'Viewer',
      [
        ['acknowledge', false],
        ['resolve', false],
        ['not_useful', false],
      ],
    ],
    [
      'acknowledged',
      'Admin',
      [
        ['resolve', true],
        ['not_useful', true],
      ],
    ],
    ['resolved', 'Editor', [['not_useful', true]]],
    ['not_useful', 'Editor', []],
  ])('%s card, %s', (status, role, expected) => {
    expect(actionStates(status, role as never).map((a) => [a.action, a.enabled])).toEqual(expected);
  });

  it.each([
    ['acknowledge', 'acknowledge', {}],
    ['resolve', 'resolve', {}],
    ['not_useful', 'feedback', { verdict: 'not_useful' }],
  ] as const)('%s posts to …/%s', (action, path, body) => {
    expect(actionRequest(action)).toEqual({ path, body });
  });
});

describe('detailOf', () => {
  it('types the detail frames, parses JSON columns, and reads links when the processor has them', () => {
    const frames = [
      toDataFrame({
        name: 'summary',
        fields: [
          { name: 'id', type: FieldType.string, values: ['a'] },
          { name: 'scope', type: FieldType.other, values: [{ route: '/checkout' }] },
          { name: 'links', type: FieldType.string, values: ['{"release":"1.1.0","issues":["fp1"]}'] },
        ],
        meta: { notices: [{ severity: 'info', text: 'n' }] },
      }),
      toDataFrame({
        name: 'hypotheses',
        fields: [
          { name: 'rank', type: FieldType.number, values: [1] },
          { name: 'evidence', type: FieldType.string, values: ['[{"segment":"Safari"}]'] },
          { name: 'queries', type: FieldType.other, values: [[{ type: 'errors' }]] },
        ],
      }),
    ];
    const d = detailOf(frames);
    expect(d.summary).toMatchObject({ id: 'a', scope: { route: '/checkout' } });
    expect(d.links).toEqual({ release: '1.1.0', issues: ['fp1'], deploys: [] });
    expect(d.hypotheses[0]).toMatchObject({ evidence: [{ segment: 'Safari' }], queries: [{ type: 'errors' }] });
    expect(d.deltas).toEqual([]);
    expect(d.notices).toEqual(['n']);
    expect(detailOf(undefined)).toMatchObject({
      summary: undefined,
      hypotheses: [],
      links: { deploys: [], issues: [] },
    });
  });

  it.each([[undefined], [''], ['not json'], [{ deploys: 'x' }]])('links of %p: none', (value) => {
    expect(linksOf(value)).toMatchObject({ deploys: [], issues: [] });
  });
});

describe('evidenceParts', () => {
  it('formats numbers, intervals and nested values', () => {
    expect(
      evidenceParts({ segment: 'Safari', explanatory_power: 0.8312, interval: [0.01, 0.025], empty: '', n: null })
    ).toEqual(['segment Safari', 'explanatory power 0.831', 'interval 0.01 … 0.025']);
  });
});

describe('insightsNotice', () => {
  it.each([
    ['no project', '', LoadingState.Done, 0, true, PICK_PROJECT],
    ['loading', 'shop', LoadingState.Loading, 0, true, undefined],
    ['cards', 'shop', LoadingState.Done, 2, true, undefined],
    ['none open: all quiet, and what is watched', 'shop', LoadingState.Done, 0, true, NO_OPEN_INSIGHTS],
    ['none match other filters', 'shop', LoadingState.Done, 0, false, NO_MATCH],
  ])('%s', (_what, project, state, rows, onlyOpen, expected) => {
    expect(insightsNotice(project, state, rows, onlyOpen)).toBe(expected);
  });
});

describe('rowDeltas', () => {
  it.each<[string, unknown, Array<Partial<DeltaRow>>]>([
    ['absent (a processor without deltas in the list)', undefined, []],
    [
      'JSON text',
      '[{"metric":"LCP p75","value":3200,"baseline":2500,"interval":[3000,3400],"unit":"ms"}]',
      [{ metric: 'LCP p75', value: 3200, baseline: 2500, low: 3000, high: 3400, unit: 'ms' }],
    ],
    [
      'objects without interval or unit',
      [{ metric: 'sessions', value: 5, baseline: 10 }],
      [{ metric: 'sessions', low: null, high: null, unit: null }],
    ],
    ['malformed entries are left out', [{ metric: 'x' }, 'y'], []],
    ['not JSON', '{', []],
  ])('%s', (_what, deltas, expected) => {
    const rows = rowDeltas({ deltas });
    expect(rows).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(rows[i]).toMatchObject(e));
  });
});
