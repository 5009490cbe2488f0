import { isSampled, nextSession } from './session';

const limits = { idleTimeoutMs: 15 * 60_000, maxDurationMs: 4 * 3_600_000 };
let n = 0;
const newId = () => `id${++n}`;

describe('nextSession', () => {
  const start = 1_000_000_000_000;
  const s = { id: 'a', startedAt: start, lastActiveAt: start };
  it.each([
    ['no session yet', undefined, start, true, undefined],
    ['active within the idle timeout', s, start + 14 * 60_000, false, undefined],
    ['idle for more than 15 minutes', s, start + 15 * 60_000 + 1, true, 'a'],
    [
      'older than 4 hours though active',
      { ...s, lastActiveAt: start + 4 * 3_600_000 },
      start + 4 * 3_600_000 + 1,
      true,
      'a',
    ],
  ])('%s', (_name, current, now, rotated, previousId) => {
    const next = nextSession(current, now, limits, newId);
    expect(next.rotated).toBe(rotated);
    expect(next.state.lastActiveAt).toBe(now);
    if (rotated) {
      expect(next.state.id).not.toBe(current?.id);
      expect(next.state.previousId).toBe(previousId);
      expect(next.state.startedAt).toBe(now);
    } else {
      expect(next.state.id).toBe('a');
      expect(next.state.startedAt).toBe(start);
    }
  });
});

describe('isSampled', () => {
  it('keeps every session at rate 1 and none at rate 0', () => {
    expect(isSampled('ffffffff00', 1)).toBe(true);
    expect(isSampled('00000000ff', 0)).toBe(false);
  });
  it('is deterministic per id and follows the rate', () => {
    expect(isSampled('3fffffff', 0.25)).toBe(true);
    expect(isSampled('40000000', 0.25)).toBe(false);
    let kept = 0;
    for (let i = 0; i < 4096; i++)
      if (isSampled((i * 1048573).toString(16).padStart(8, '0').slice(-8), 0.3)) kept++;
    expect(kept / 4096).toBeGreaterThan(0.25);
    expect(kept / 4096).toBeLessThan(0.35);
  });
});
