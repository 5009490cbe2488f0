import { QueryBase } from './schema';
import { parseTime, TIME_FORMATS } from './time';
import { ValuesQuery } from './values';

// Friday 2024-12-06 13:45:30.250 UTC.
const NOW = Date.UTC(2024, 11, 6, 13, 45, 30, 250);
const utc = (...parts: [number, number, number?, number?, number?, number?, number?]) => Date.UTC(...parts);

describe('parseTime', () => {
  test.each<[string, unknown, number, boolean?]>([
    ['epoch ms number', 1733486400000, 1733486400000],
    ['epoch ms string', '1733486400000', 1733486400000],
    ['ISO 8601 Z', '2024-12-06T12:00:00Z', utc(2024, 11, 6, 12)],
    ['ISO 8601 offset', '2024-12-06T12:00:00.500+02:00', utc(2024, 11, 6, 10, 0, 0, 500)],
    ['now', 'now', NOW],
    ['now with spaces around', ' now-1h ', NOW - 3_600_000],
    ['now-15s', 'now-15s', NOW - 15_000],
    ['now-15m', 'now-15m', NOW - 15 * 60_000],
    ['now-1h', 'now-1h', NOW - 3_600_000],
    ['now-7d', 'now-7d', NOW - 7 * 86_400_000],
    ['now-2w', 'now-2w', NOW - 14 * 86_400_000],
    ['now+1h', 'now+1h', NOW + 3_600_000],
    ['now-1M by the calendar', 'now-1M', utc(2024, 10, 6, 13, 45, 30, 250)],
    ['now-1y by the calendar', 'now-1y', utc(2023, 11, 6, 13, 45, 30, 250)],
    ['chained', 'now-1d+2h', NOW - 86_400_000 + 7_200_000],
    ['now/d as a start', 'now/d', utc(2024, 11, 6)],
    ['now/d as an end', 'now/d', utc(2024, 11, 7) - 1, true],
    ['now-1d/d (yesterday) start', 'now-1d/d', utc(2024, 11, 5)],
    ['now-1d/d (yesterday) end', 'now-1d/d', utc(2024, 11, 6) - 1, true],
    ['now/h', 'now/h', utc(2024, 11, 6, 13)],
    ['now/m', 'now/m', utc(2024, 11, 6, 13, 45)],
    ['now/w starts on Monday', 'now/w', utc(2024, 11, 2)],
    ['now/w as an end', 'now/w', utc(2024, 11, 9) - 1, true],
    ['now/M', 'now/M', utc(2024, 11, 1)],
    ['now/M as an end', 'now/M', utc(2025, 0, 1) - 1, true],
    ['now/y', 'now/y', utc(2024, 0, 1)],
  ])('%s', (_name, input, expected, roundUp = false) => {
    expect(parseTime(input, NOW, roundUp)).toEqual({ ms: expected });
  });

  test('a month back from the 31st clamps to the last day of the shorter month', () => {
    expect(parseTime('now-1M', Date.UTC(2024, 2, 31, 8), false)).toEqual({ ms: Date.UTC(2024, 1, 29, 8) });
  });

  test.each<[string, unknown]>([
    ['a word', 'yesterday'],
    ['unknown unit', 'now-1x'],
    ['missing amount', 'now-h'],
    ['missing unit', 'now-1'],
    ['trailing junk', 'now-1hours'],
    ['date without time zone', '2024-12-06T12:00:00'],
    ['negative epoch', -5],
    ['fraction', 1.5],
    ['before 1970', 'now-100y'],
    ['boolean', true],
    ['null', null],
  ])('refuses %s, naming the formats', (_name, input) => {
    expect(parseTime(input, NOW)).toEqual({ error: `expected ${TIME_FORMATS}` });
  });
});

describe('time fields in the API schemas', () => {
  test('query from/to take relative times and answer in epoch ms', () => {
    const before = Date.now();
    const parsed = QueryBase.parse({ project: 'p', from: 'now-1h', to: 'now' });
    const after = Date.now();
    expect(parsed.from).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(parsed.from).toBeLessThanOrEqual(after - 3_600_000);
    expect(parsed.to).toBeGreaterThanOrEqual(before);
    expect(parsed.to).toBeLessThanOrEqual(after);
  });

  test('a bad time names its field and the accepted formats', () => {
    const result = QueryBase.safeParse({ project: 'p', from: 'last week', to: false });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['from', `expected ${TIME_FORMATS}`],
      ['to', `expected ${TIME_FORMATS}`],
    ]);
  });

  test('values query parameters (strings from the URL) take relative times', () => {
    const parsed = ValuesQuery.parse({ from: 'now-7d/d', to: 'now/d' });
    const day = 86_400_000;
    expect(parsed.from! % day).toBe(0);
    expect((parsed.to! + 1) % day).toBe(0);
    expect(parsed.to! - parsed.from!).toBe(8 * day - 1);
  });
});
