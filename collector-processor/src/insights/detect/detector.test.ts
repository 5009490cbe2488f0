import { HistoryCache } from './detector';

const SPAN = 600_000;

describe('HistoryCache', () => {
  it('loads a key once, whatever the number of evaluations in its aligned window', async () => {
    const cache = new HistoryCache();
    const load = jest.fn(async () => []);
    for (let i = 0; i < 10; i++) await cache.get('p|0', 0, SPAN, load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['the previous alignment stays (a pass may span the boundary)', SPAN, 2],
    ['older alignments go', 2 * SPAN + 1, 1],
  ])('%s', async (_, next, size) => {
    const cache = new HistoryCache();
    await cache.get('a|0', 0, SPAN, async () => []);
    await cache.get(`a|${next}`, next, SPAN, async () => []);
    expect(cache.size).toBe(size);
  });

  it('does not keep a failed read', async () => {
    const cache = new HistoryCache();
    await expect(cache.get('p|0', 0, SPAN, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    const load = jest.fn(async () => []);
    await cache.get('p|0', 0, SPAN, load);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
