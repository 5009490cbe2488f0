/**
 * The detection rules beyond the score itself (score.ts): a script new in the window is judged
 * against a history of zeros, with a minimum change; a rate's fast windows only where the normal
 * approximation holds.
 */
import { buildSeries, judge } from './score';
import type { SegmentRow, WindowAggregate } from './sources';
import { detectWindows, FAST, HISTORY } from './windows';

const W = detectWindows(Date.UTC(2026, 2, 2, 12, 34, 30)).windows;
const agg = (w: number, n: number, x = 0, q: number[] = []): WindowAggregate => ({ w, n, x, q });
const row = (
  family: SegmentRow['family'],
  dim: string,
  seg: string,
  windows: WindowAggregate[],
): SegmentRow => ({
  family,
  key: '',
  dim,
  seg,
  windows,
});
const all = (f: (w: number) => WindowAggregate) => W.map((_, w) => f(w));

describe('long tasks of a script new in the window (no history: zero before)', () => {
  /** `tasks` long tasks of `ms` each in the current and previous window; the project's page views each window. */
  const script = (tasks: number, ms: number, views = 500, before: [number, number] = [0, 0]) =>
    buildSeries(
      {
        traffic: [
          row(
            'traffic',
            '',
            '',
            all((w) => agg(w, views / 3, views)),
          ),
        ],
        long_tasks: [
          row('long_tasks', 'script', 'https://tag.example/gtm.js', [
            agg(0, tasks, tasks * ms, [tasks * ms * ms]),
            agg(1, tasks, tasks * ms, [tasks * ms * ms]),
            ...W.slice(HISTORY).map((_, k) =>
              agg(k + HISTORY, before[0], before[0] * before[1], [before[0] * before[1] ** 2]),
            ),
          ]),
        ],
      },
      W,
    ).find((s) => s.metric === 'long_task.duration')!;
  it.each([
    ['60 tasks of 280 ms over 500 page views (34 ms per view)', script(60, 280), true],
    ['one session: 2 tasks of 2 s (8 ms per view, not significant)', script(2, 2000, 500), false],
    ['one session: 3 tasks of 3 s over 300 views (30 ms per view, 3 tasks)', script(3, 3000, 300), false],
    ['40 tasks of 60 ms over 2,000 page views (1.2 ms per view: immaterial)', script(40, 60, 2000), false],
    ['an old script at its usual 34 ms per view', script(60, 280, 500, [60, 280]), false],
    ['an old script from 5 to 34 ms per view', script(60, 280, 500, [9, 280]), true],
  ])('%s', (_, s, alarm) => expect(judge(s)!.alarm).toBe(alarm));
});

describe('fast windows of a rate: only where the normal approximation holds (≥ 10 expected events)', () => {
  /** `fastX` of 150 sessions in both fast windows, `x` of 300 in the full ones, `pastX` of 300 before. */
  const rate = (x: number, fastX: number, pastX: number) =>
    buildSeries(
      {
        traffic: [
          row(
            'traffic',
            '',
            '',
            all((w) => (w === FAST || w === FAST + 1 ? agg(w, 150, 450) : agg(w, 300, 900))),
          ),
        ],
        errors: [
          row(
            'errors',
            '',
            '',
            all((w) => agg(w, w < FAST ? x : w < HISTORY ? fastX : pastX)),
          ),
        ],
      },
      W,
    ).find((s) => s.metric === 'error_rate')!;
  it.each([
    ['1 % (1.5 expected in 150): 12 errors are not judged on the fast windows', rate(5, 12, 3), false],
    ['10 % (15 expected in 150): 40 errors are', rate(40, 40, 30), true],
  ])('%s', (_, s, alarm) => {
    const j = judge(s)!;
    expect(j.alarm).toBe(alarm);
    expect(j.fast ?? false).toBe(alarm);
  });
});
