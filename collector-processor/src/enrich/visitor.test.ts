import { addDays, effectiveSalt, newSalt, oldestKeptDay, saltDays, utcDay, visitorHash } from './visitor';

const at = (iso: string) => Date.parse(iso);
const TEN_MIN = 10 * 60_000;

describe('days', () => {
  it.each([
    ['2026-01-31T00:00:00.000Z', '2026-01-31'],
    ['2026-01-31T23:59:59.999Z', '2026-01-31'],
    ['2026-02-01T00:00:00.000Z', '2026-02-01'],
    ['2024-02-29T12:00:00.000Z', '2024-02-29'],
  ])('utcDay(%s) = %s', (iso, day) => {
    expect(utcDay(at(iso))).toBe(day);
  });

  it.each([
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-06-15', 0, '2026-06-15'],
  ])('addDays(%s, %d) = %s', (day, delta, expected) => {
    expect(addDays(day, delta)).toBe(expected);
  });

  it.each([
    ['midday: today only', '2026-05-10T12:00:00Z', ['2026-05-10']],
    ['just outside the lookahead', '2026-05-10T23:49:59Z', ['2026-05-10']],
    ['within the lookahead: tomorrow too', '2026-05-10T23:50:00Z', ['2026-05-10', '2026-05-11']],
    ['after midnight', '2026-05-11T00:00:01Z', ['2026-05-11']],
  ])('saltDays: %s', (_name, iso, days) => {
    expect(saltDays(at(iso), TEN_MIN)).toEqual(days);
  });

  it('keeps yesterday and today, nothing older', () => {
    expect(oldestKeptDay(at('2026-05-10T08:00:00Z'))).toBe('2026-05-09');
  });
});

describe('effectiveSalt', () => {
  it.each([
    [[], undefined],
    [['b'], 'b'],
    [['b', 'a', 'c'], 'a'],
    [['', 'b'], 'b'],
  ])('%p → %p', (salts, expected) => {
    expect(effectiveSalt(salts)).toBe(expected);
  });

  it('new salts are 32 random bytes in hex', () => {
    const [a, b] = [newSalt(), newSalt()];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});

describe('visitorHash', () => {
  const base = ['salt-1', 'proj', '8.8.8.8', 'Mozilla/5.0 Chrome'] as const;
  const h = visitorHash(...base);

  it('is 16 hex characters and deterministic', () => {
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(visitorHash(...base)).toBe(h);
  });

  type Args = [string, string, string, string];
  it.each<[string, Args]>([
    ['another day (salt)', ['salt-2', 'proj', '8.8.8.8', 'Mozilla/5.0 Chrome']],
    ['another project', ['salt-1', 'proj2', '8.8.8.8', 'Mozilla/5.0 Chrome']],
    ['another IP', ['salt-1', 'proj', '8.8.4.4', 'Mozilla/5.0 Chrome']],
    ['another user agent', ['salt-1', 'proj', '8.8.8.8', 'Mozilla/5.0 Firefox']],
    ['shifted field boundary', ['salt-1p', 'roj', '8.8.8.8', 'Mozilla/5.0 Chrome']],
  ])('changes with %s', (_name, args) => {
    expect(visitorHash(...args)).not.toBe(h);
  });
});
