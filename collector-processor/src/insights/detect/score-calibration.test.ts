/**
 * The score's calibration on simulated null series (seeded: every number is exact), and its power
 * on simulated changes.
 */
import { seededRandom } from '../stats';
import { buildSeries, judge } from './score';
import type { SegmentRow, WindowAggregate } from './sources';
import { detectWindows, HISTORY } from './windows';

const W = detectWindows(Date.UTC(2026, 2, 2, 12, 34, 30)).windows;
const agg = (w: number, n: number, x = 0, q: number[] = []): WindowAggregate => ({ w, n, x, q });
const row = (
  family: SegmentRow['family'],
  dim: string,
  seg: string,
  windows: WindowAggregate[],
  key = '',
): SegmentRow => ({ family, key, dim, seg, windows });
const all = (f: (w: number) => WindowAggregate) => W.map((_, w) => f(w));

describe('calibration on simulated null series (previous window = current: the worst case)', () => {
  const lognormalAggregate = (r: ReturnType<typeof seededRandom>, w: number, n: number, scale = 1) => {
    const sample = Array.from({ length: n }, () => 2000 * scale * Math.exp(0.4 * r.normal())).sort(
      (a, b) => a - b,
    );
    return agg(
      w,
      n,
      0,
      [0.5, 0.75, 0.9, 0.95, 0.99].map((l) => sample[Math.min(n - 1, Math.ceil(l * n) - 1)]!),
    );
  };
  const vitalSeries = (windows: WindowAggregate[]) =>
    buildSeries({ vitals: [row('vitals', '', '', windows, 'LCP')] }, W)[0]!;

  it('p75 of 100 page loads, 400 judgements: no alarm; +50 % found in 93 %', () => {
    const r = seededRandom(7);
    let alarms = 0;
    let found = 0;
    for (let i = 0; i < 400; i++) {
      const history = W.slice(HISTORY).map((_, k) =>
        lognormalAggregate(r, k + HISTORY, 80 + Math.floor(40 * r.uniform())),
      );
      const now = lognormalAggregate(r, 0, 100);
      const fast = lognormalAggregate(r, 2, 50);
      const recent = (a: WindowAggregate, b: WindowAggregate) => [a, { ...a, w: 1 }, b, { ...b, w: 3 }];
      if (judge(vitalSeries([...recent(now, fast), ...history]))!.alarm) alarms++;
      const slow = lognormalAggregate(r, 0, 100, 1.5);
      const slowFast = lognormalAggregate(r, 2, 50, 1.5);
      if (judge(vitalSeries([...recent(slow, slowFast), ...history]))!.alarm) found++;
    }
    expect(alarms).toBe(0);
    expect(found / 400).toBeGreaterThan(0.9);
  });

  it('p95 of 180 requests quadrupled: found every time (the score test)', () => {
    const r = seededRandom(8);
    const http = (windows: WindowAggregate[]) =>
      buildSeries({ http: [row('http', 'endpoint', 'POST /cart', windows)] }, W).find(
        (s) => s.metric === 'http.p95',
      )!;
    for (let i = 0; i < 100; i++) {
      const history = W.slice(HISTORY).map((_, k) => lognormalAggregate(r, k + HISTORY, 180, 0.05));
      const slow = lognormalAggregate(r, 0, 180, 0.2);
      expect(judge(http([slow, { ...slow, w: 1 }, ...history]))!.alarm).toBe(true);
    }
  });

  it('error rate of 1 % over 300 sessions (150 in the fast windows), 2,000 judgements: no alarm', () => {
    const r = seededRandom(9);
    const errors = (x: number[]) =>
      buildSeries(
        {
          traffic: [
            row(
              'traffic',
              '',
              '',
              all((w) => (w === 2 || w === 3 ? agg(w, 150, 150) : agg(w, 300, 300))),
            ),
          ],
          errors: [
            row(
              'errors',
              '',
              '',
              x.map((v, w) => agg(w, v, v)),
            ),
          ],
        },
        W,
      ).find((s) => s.metric === 'error_rate')!;
    let alarms = 0;
    for (let i = 0; i < 2000; i++) {
      // Drawn in the order of the windows before the fast ones existed (same draws), the fast
      // windows (150 sessions, previous = current) after them.
      const [now, , ...past] = [W[0], W[1], ...W.slice(HISTORY)].map(() => r.binomial(300, 0.01));
      const fast = r.binomial(150, 0.01);
      const x = [now!, now!, fast, fast, ...past];
      if (judge(errors(x))!.alarm) alarms++;
    }
    expect(alarms).toBe(0);
  });
});
