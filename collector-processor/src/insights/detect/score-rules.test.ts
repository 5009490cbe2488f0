/**
 * The detection rules beyond the score itself (score.ts): a script new in the window is judged
 * against a history of zeros, with a minimum change; a rate's fast windows only where the normal
 * approximation holds; a young project's weekend judged against past days of both kinds, but for
 * counts.
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

describe('a young project on a weekend (7 days of history): past weekdays count, but not for counts', () => {
  /** Sunday 6 December 2026, 14:09:30 UTC (the benchmark's onset day and hour). */
  const SUNDAY = detectWindows(Date.UTC(2026, 11, 6, 14, 9, 30)).windows;
  /** Days 1..7 back (HISTORY + 0..6 in windows.ts's order); weeks 2..8 hold nothing. */
  const sevenDays = (f: (w: number) => WindowAggregate) =>
    SUNDAY.map((_, w) => f(w)).filter((a) => a.w < HISTORY + 7);
  const p95 = (ms: number) => [ms / 3, ms / 2, ms * 0.8, ms, ms * 1.5];
  const series = (currentP95: number, sessions: number) =>
    buildSeries(
      {
        traffic: [
          row(
            'traffic',
            '',
            '',
            sevenDays((w) => agg(w, w < HISTORY ? sessions : 200, 400)),
          ),
        ],
        http: [
          row(
            'http',
            'endpoint',
            'GET api.shop.example/v1/search',
            sevenDays((w) => agg(w, 60, 0, p95(w < HISTORY ? currentP95 : 400 + 10 * (w % 3)))),
          ),
        ],
      },
      SUNDAY,
    );
  const judged = (metric: string, currentP95: number, sessions = 200) =>
    judge(series(currentP95, sessions).find((s) => s.metric === metric)!)!;
  it.each([
    ['an endpoint 4× slower alarms (against all 7 past days)', 'http.p95', 1600, 200, true, true],
    ['the same endpoint at its usual p95 does not', 'http.p95', 410, 200, true, false],
    [
      'sessions halved: no baseline (Saturday and last Sunday only)',
      'traffic.sessions',
      400,
      100,
      false,
      false,
    ],
  ] as const)('%s', (_, metric, ms, sessions, enoughData, alarm) => {
    const j = judged(metric, ms, sessions);
    expect(j.baseline.enoughData).toBe(enoughData);
    expect(j.alarm).toBe(alarm);
  });
  it('switched off (mixDayKinds: false): no baseline on the weekend', () => {
    const s = series(1600, 200).find((x) => x.metric === 'http.p95')!;
    expect(judge(s, { mixDayKinds: false })!.baseline).toMatchObject({ enoughData: false, points: 2 });
  });
});
