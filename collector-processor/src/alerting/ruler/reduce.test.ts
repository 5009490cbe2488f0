import { timeseriesFrames, tableFrame } from '../../query/frames';
import { labelKey, reduce, seriesOf, type Reducer } from './reduce';

describe('reducers', () => {
  it.each<[Reducer, number[], number | null]>([
    ['last', [1, 2, 3], 3],
    ['last', [1, NaN], 1],
    ['mean', [1, 2, 3, 6], 3],
    ['min', [4, 2, 9], 2],
    ['max', [4, 2, 9], 9],
    ['sum', [4, 2, 9], 15],
    ['count', [4, NaN, 9], 2],
    ['count', [], 0],
    ['last', [], null],
    ['mean', [NaN], null],
  ])('%s of %j is %j', (reducer, values, expected) => {
    expect(reduce(values, reducer)).toBe(expected);
  });
});

describe('series of frames', () => {
  const rows = [
    { time: 1, route: '/a', p75: 100, count: 3 },
    { time: 2, route: '/a', p75: 300, count: 4 },
    { time: 1, route: '/b', p75: 50, count: 1 },
  ];
  it('time series: one series per frame, labelled by its group-by values; the first number field', () => {
    const frames = timeseriesFrames('A', rows, {
      values: [
        { name: 'p75', type: 'number' },
        { name: 'count', type: 'number' },
      ],
      labels: ['route'],
    });
    expect(seriesOf(frames)).toEqual([
      { labels: { route: '/a' }, values: [100, 300] },
      { labels: { route: '/b' }, values: [50] },
    ]);
    expect(seriesOf(frames, 'count').map((s) => s.values)).toEqual([[3, 4], [1]]);
    expect(seriesOf(frames, 'missing')).toEqual([]);
  });

  it('an ungrouped time series is one series without labels', () => {
    const frames = timeseriesFrames('A', [{ time: 1, v: 2 }], { values: [{ name: 'v', type: 'number' }] });
    expect(seriesOf(frames)).toEqual([{ labels: {}, values: [2] }]);
  });

  it('a table: one series per row, labelled by its string columns; null cells are no data', () => {
    const frame = tableFrame(
      'A',
      [
        { name: 'route', type: 'string' },
        { name: 'errors', type: 'number' },
      ],
      [
        { route: '/a', errors: 5 },
        { route: '/b', errors: null },
      ],
    );
    expect(seriesOf([frame])).toEqual([
      { labels: { route: '/a' }, values: [5] },
      { labels: { route: '/b' }, values: [NaN] },
    ]);
  });

  it('label keys ignore order', () => {
    expect(labelKey({ a: '1', b: '2' })).toBe(labelKey({ b: '2', a: '1' }));
    expect(labelKey({ a: '1' })).not.toBe(labelKey({ a: '2' }));
  });
});
