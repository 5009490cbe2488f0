/**
 * Server-side sampling keeps about `sampleRate` of sessions whatever their ids look like: random
 * hex from our SDK, UUIDs from other SDKs, and sequential ids from senders that count.
 */
import crypto from 'node:crypto';
import { sessionSampleValue } from './sample';

const keptShare = (ids: string[], rate: number) =>
  ids.filter((id) => sessionSampleValue(id) < rate).length / ids.length;

describe('sessionSampleValue', () => {
  it.each<[string, (i: number) => string]>([
    ['sequential ids', (i) => `session-${i}`],
    [
      'ids differing only in the last character',
      (i) => `abc${String.fromCharCode(48 + (i % 75))}${'x'.repeat(i / 75)}`,
    ],
    ['numbers', (i) => String(i)],
    ['UUIDs', () => crypto.randomUUID()],
    ['our SDK’s 32 hex characters', () => crypto.randomBytes(16).toString('hex')],
  ])('%s: the kept share is close to the rate', (_name, id) => {
    const ids = Array.from({ length: 2000 }, (_, i) => id(i));
    for (const rate of [0.1, 0.5, 0.9]) {
      const share = keptShare(ids, rate);
      expect([rate, Math.abs(share - rate) < 0.05]).toEqual([rate, true]);
    }
  });

  it('neighbouring ids are sampled independently (a run of sequential sessions is not kept or dropped together)', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `session-${i}`);
    const kept = ids.map((id) => sessionSampleValue(id) < 0.5);
    let same = 0;
    for (let i = 1; i < kept.length; i++) if (kept[i] === kept[i - 1]) same++;
    // Independent decisions at 0.5 agree for half the neighbouring pairs.
    expect(Math.abs(same / (kept.length - 1) - 0.5)).toBeLessThan(0.05);
  });

  it('is stable and in [0, 1)', () => {
    for (const id of ['', 'a', 'session-1', 'f'.repeat(64)]) {
      const v = sessionSampleValue(id);
      expect(v).toBe(sessionSampleValue(id));
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
