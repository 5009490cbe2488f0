import { nextFreeKey, removeRow, rowsOf, setRow } from './filterRows';

const query = { filters: { release: ['1.2'], country: ['DE'] }, exclude: { os: ['Linux'] } };

describe('filter rows', () => {
  it('lists filters, then exclusions', () => {
    expect(rowsOf(query)).toEqual([
      { key: 'release', op: '=', values: ['1.2'] },
      { key: 'country', op: '=', values: ['DE'] },
      { key: 'os', op: '!=', values: ['Linux'] },
    ]);
  });

  it.each([
    [
      'changes the values of a row',
      { key: 'release', op: '=' },
      { key: 'release', op: '=', values: ['1.3'] },
      { filters: { release: ['1.3'], country: ['DE'] }, exclude: { os: ['Linux'] } },
    ],
    [
      'turns a filter into an exclusion',
      { key: 'country', op: '=' },
      { key: 'country', op: '!=', values: ['DE'] },
      { filters: { release: ['1.2'] }, exclude: { os: ['Linux'], country: ['DE'] } },
    ],
    [
      'merges a row moved onto a key that has one',
      { key: 'country', op: '=' },
      { key: 'release', op: '=', values: ['1.3'] },
      { filters: { release: ['1.2', '1.3'] }, exclude: { os: ['Linux'] } },
    ],
    [
      'removes a row left without values',
      { key: 'os', op: '!=' },
      { key: 'os', op: '!=', values: [] },
      { filters: { release: ['1.2'], country: ['DE'] }, exclude: {} },
    ],
    [
      'adds a new row',
      undefined,
      { key: 'user', op: '=', values: ['u1'] },
      { filters: { release: ['1.2'], country: ['DE'], user: ['u1'] }, exclude: { os: ['Linux'] } },
    ],
  ] as const)('%s', (_name, previous, row, expected) => {
    expect(setRow(query, previous as never, { ...row, values: [...row.values] } as never)).toEqual(expected);
  });

  it('removes a row', () => {
    expect(removeRow(query, 'release', '=')).toEqual({ filters: { country: ['DE'] }, exclude: { os: ['Linux'] } });
  });

  it('offers the first key not in use for a new row', () => {
    expect(nextFreeKey(query)).toBe('environment');
    expect(nextFreeKey({ filters: {}, exclude: {} })).toBe('release');
  });
});
