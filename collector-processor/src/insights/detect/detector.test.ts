import { HistoryCache, withHistory } from './detector';
import { buildSeries, judge } from './score';
import type { SegmentRow, WindowAggregate } from './sources';
import { detectWindows, HISTORY } from './windows';

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

describe('withHistory: a segment missing from a full history read has an unknown history, not zeros', () => {
  const W = detectWindows(Date.UTC(2026, 11, 2, 14, 9, 30)).windows;
  const LIMIT = 3;
  const agg = (w: number, n: number, x = 0): WindowAggregate => ({ w, n, x, q: [] });
  const issue = (seg: string, windows: WindowAggregate[]): SegmentRow => ({
    family: 'errors',
    key: '',
    dim: 'issue',
    seg,
    windows,
  });
  const past = (n: number) => W.slice(HISTORY).map((_, k) => agg(HISTORY + k, n));
  /** Recent: issue `d` in 6 of 300 sessions (2 %), as every day. History: `others` issues above it. */
  const judged = (others: number, dHistory: boolean) => {
    const history = [
      ...Array.from({ length: others }, (_, i) => issue(`busy-${i}`, past(20))),
      ...(dHistory ? [issue('d', past(6))] : []),
    ];
    const [merged] = withHistory([issue('d', [agg(0, 6), agg(1, 6), agg(2, 3), agg(3, 3)])], history, LIMIT);
    const traffic: SegmentRow = {
      family: 'traffic',
      key: '',
      dim: '',
      seg: '',
      windows: W.map((_, w) => agg(w, w === 2 || w === 3 ? 150 : 300, 900)),
    };
    const series = buildSeries({ traffic: [traffic], errors: [merged!] }, W).find(
      (s) => s.metric === 'issue_events',
    )!;
    return { merged: merged!, j: judge(series)! };
  };
  it.each([
    // [name, busier issues in the history read, d in it, historyUnknown, alarm, enoughData]
    ['in the history read: its own history (2 %), no alarm', LIMIT - 1, true, false, false, true],
    [
      'not in a history read under the limit: new, judged on zeros (alarm)',
      LIMIT - 1,
      false,
      false,
      true,
      true,
    ],
    ['not in a full history read: unknown history, no baseline, no alarm', LIMIT, false, true, false, false],
  ] as const)('%s', (_, others, dHistory, historyUnknown, alarm, enoughData) => {
    const { merged, j } = judged(others, dHistory);
    expect(merged.historyUnknown ?? false).toBe(historyUnknown);
    expect(j.alarm).toBe(alarm);
    expect(j.baseline.enoughData).toBe(enoughData);
  });
});
