import { rowToJsonLine } from './row-json';

describe('rowToJsonLine', () => {
  test.each([
    ['keeps non-empty strings and numbers', { a: 'x', n: 1.5 }, '{"a":"x","n":1.5}'],
    ['drops empty strings, zeros and nulls', { a: '', n: 0, u: undefined, z: null, b: 'y' }, '{"b":"y"}'],
    ['drops empty maps and arrays', { m: {}, l: [], b: 'y' }, '{"b":"y"}'],
    [
      'keeps non-empty maps and arrays whole, zeros inside included',
      { m: { k: '' }, l: [0, 1] },
      '{"m":{"k":""},"l":[0,1]}',
    ],
    [
      'keeps negative numbers and false-y looking strings',
      { n: -1, s: '0', f: 'false' },
      '{"n":-1,"s":"0","f":"false"}',
    ],
    ['escapes string values', { s: 'a"b\\c\n\u2028' }, '{"s":"a\\"b\\\\c\\n\u2028"}'],
    ['keeps dotted Nested column names', { 'frames.lineno': [3] }, '{"frames.lineno":[3]}'],
    ['writes {} for a row with nothing set', { a: '', n: 0 }, '{}'],
  ])('%s', (_name, row, expected) => {
    expect(rowToJsonLine(row)).toBe(expected);
  });

  test('round-trips through JSON.parse to the row minus its empty columns', () => {
    const row = { project_id: 'p', timestamp: '1.5', url: '', attributes: { 'a.b': 'c' }, truncated: 0 };
    expect(JSON.parse(rowToJsonLine(row))).toEqual({
      project_id: 'p',
      timestamp: '1.5',
      attributes: { 'a.b': 'c' },
    });
  });
});
