import { DataFrame, FieldType, LoadingState, toDataFrame } from '@grafana/data';
import { CHANGE_FIELD, relativeChange, withChange } from './change';
import { INSTALL_SDK, noticeFor, PICK_PROJECT } from './noData';

const frame = (refId: string, values: Record<string, unknown[]>): DataFrame =>
  toDataFrame({
    refId,
    fields: Object.entries(values).map(([name, v]) => ({ name, type: FieldType.number, values: v })),
  });

describe('relativeChange', () => {
  it.each<[number | null, number | null, number | null]>([
    [2200, 2000, 0.1],
    [1500, 2000, -0.25],
    [5, 5, 0],
    [5, 0, null], // no base to compare with
    [null, 5, null],
    [5, null, null],
  ])('%p against %p is %p', (current, previous, expected) => {
    expect(relativeChange(current, previous)).toEqual(expected === null ? null : expect.closeTo(expected));
  });
});

describe('withChange', () => {
  it('keeps the value and adds its change against the compare frame', () => {
    const out = withChange(
      [frame('LCP', { p75: [2200], samples: [10] }), frame('LCP-compare', { p75: [2000], samples: [8] })],
      'LCP',
      'p75',
      'p75'
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.fields.map((f) => [f.name, f.values])).toEqual([
      ['p75', [2200]],
      [CHANGE_FIELD, [expect.closeTo(0.1)]],
    ]);
    expect(out[0]!.fields[1]!.config.unit).toBe('percentunit');
  });

  it('reads the frame of its own refId among others (two stats of one query)', () => {
    const frames = [
      frame('traffic', { page_views: [30], sessions: [6] }),
      frame('traffic-compare', { page_views: [20], sessions: [6] }),
    ];
    expect(withChange(frames, 'traffic', 'sessions')[0]!.fields[1]!.values).toEqual([0]);
    expect(withChange(frames, 'traffic', 'page_views')[0]!.fields[1]!.values).toEqual([0.5]);
  });

  it('has no change without a compare frame (comparison off) and a null one when the previous period is empty', () => {
    expect(withChange([frame('INP', { p75: [180] })], 'INP', 'p75')[0]!.fields.map((f) => f.name)).toEqual(['p75']);
    const empty = withChange([frame('INP', { p75: [180] }), frame('INP-compare', { p75: [] })], 'INP', 'p75');
    expect(empty[0]!.fields[1]!.values).toEqual([null]);
  });

  it('is empty without the frame or the field', () => {
    expect(withChange([], 'LCP', 'p75')).toEqual([]);
    expect(withChange([frame('LCP', { p95: [1] })], 'LCP', 'p75')).toEqual([]);
  });
});

describe('noticeFor', () => {
  const probe = (pageViews: number[], state = LoadingState.Done) => ({
    state,
    series: pageViews.length ? [frame('probe', { page_views: pageViews })] : [],
  });
  it.each([
    ['no project chosen', '', probe([3]), PICK_PROJECT],
    ['no page views in range', 'shop', probe([0]), INSTALL_SDK],
    ['no frames at all', 'shop', probe([]), INSTALL_SDK],
    ['page views', 'shop', probe([3]), undefined],
    ['still loading', 'shop', probe([], LoadingState.Loading), undefined],
    ['an error (the panels say it)', 'shop', probe([], LoadingState.Error), undefined],
    ['before the probe ran', 'shop', undefined, undefined],
  ])('%s', (_, project, answer, expected) => {
    expect(noticeFor(project, answer)).toBe(expected);
  });

  it('points both notices at the Setup page', () => {
    expect(PICK_PROJECT.action.href).toBe('/a/pulsetrace-app/setup');
    expect(INSTALL_SDK.action.href).toBe('/a/pulsetrace-app/setup');
  });
});
