import type { SeriesPoint } from '../stats';
import {
  buildSeries,
  countPoint,
  judge,
  pickIncidents,
  quantileAt,
  quantilePoint,
  ratePoint,
  type Judgement,
  type WatchedSeries,
} from './score';
import type { SegmentRow, WindowAggregate } from './sources';
import { detectWindows, HISTORY } from './windows';

const W = detectWindows(Date.UTC(2026, 2, 2, 12, 34, 30)).windows;
const Q = [1000, 2000, 3000, 4000, 6000];

describe('quantileAt: linear between the stored levels, clamped', () => {
  it.each([
    [0.5, 1000],
    [0.75, 2000],
    [0.625, 1500],
    [0.95, 4000],
    [0.97, 5000],
    [0.3, 1000],
    [0.999, 6000],
  ])('level %s → %s', (level, value) => expect(quantileAt(Q, level)).toBeCloseTo(value, 6));
});

describe('points', () => {
  it('a p75 has the order-statistic interval as standard error, narrower with more samples', () => {
    const few = quantilePoint(0, { w: 0, n: 40, x: 0, q: Q }, 0.75)!;
    const many = quantilePoint(0, { w: 0, n: 4000, x: 0, q: Q }, 0.75)!;
    expect(few.value).toBe(2000);
    expect(few.stdError!).toBeGreaterThan(many.stdError!);
    expect(many.stdError!).toBeGreaterThan(0);
    expect(quantilePoint(0, { w: 0, n: 0, x: 0, q: Q }, 0.75)).toBeUndefined();
  });

  it.each([
    ['rate', ratePoint(0, 5, 100), 0.05, 100],
    ['rate with no errors has a standard error', ratePoint(0, 0, 100), 0, 100],
    ['count', countPoint(0, 400), 400, 400],
  ])('%s', (_, p, value, samples) => {
    expect(p).toMatchObject({ value, samples });
    expect(p!.stdError!).toBeGreaterThan(0);
  });
  it('count standard error is √count', () => expect(countPoint(0, 400).stdError).toBe(20));
  it('no rate without sessions', () => expect(ratePoint(0, 0, 0)).toBeUndefined());
});

const agg = (w: number, n: number, x = 0, q: number[] = []): WindowAggregate => ({ w, n, x, q });
const row = (
  family: SegmentRow['family'],
  dim: string,
  seg: string,
  windows: WindowAggregate[],
  key = '',
): SegmentRow => ({
  family,
  key,
  dim,
  seg,
  windows,
});
const all = (f: (w: number) => WindowAggregate) => W.map((_, w) => f(w));

describe('buildSeries', () => {
  const series = buildSeries(
    {
      vitals: [
        row(
          'vitals',
          'route',
          '/checkout',
          all((w) => agg(w, 100, 0, Q)),
          'LCP',
        ),
      ],
      http: [
        row(
          'http',
          'endpoint',
          'GET api/cart',
          all((w) => agg(w, 200, 2, Q)),
        ),
      ],
      traffic: [
        row(
          'traffic',
          '',
          '',
          all((w) => agg(w, 300, 900)),
        ),
        row(
          'traffic',
          'route',
          '/checkout',
          all((w) => agg(w, 100, 300)),
        ),
      ],
      // Errors only in the current window: the other windows had none (zero-filled over sessions).
      errors: [
        row('errors', 'route', '/checkout', [agg(0, 10, 12), agg(1, 9, 11)]),
        row('errors', 'issue', 'fp-new', [agg(0, 6, 8)]),
        row('errors', 'route', '/no-traffic', [agg(0, 1, 1)]),
      ],
      long_tasks: [row('long_tasks', 'script', 'https://cdn/x.js', [agg(0, 50, 9000, [9000 * 200])])],
    },
    W,
  );
  const find = (metric: string) => series.filter((s) => s.metric === metric);

  it.each([
    ['web_vital.LCP.p75', { route: '/checkout' }, 'up', 'ms'],
    ['http.error_rate', { endpoint: 'GET api/cart' }, 'up', 'ratio'],
    ['http.p95', { endpoint: 'GET api/cart' }, 'up', 'ms'],
    ['traffic.sessions', {}, 'down', 'count'],
    ['traffic.page_views', {}, 'down', 'count'],
    ['error_rate', { route: '/checkout' }, 'up', 'ratio'],
    ['issue_events', { issue: 'fp-new' }, 'up', 'ratio'],
    ['long_task.duration', { script: 'https://cdn/x.js' }, 'up', 'ms'],
  ])('%s %j', (metric, scope, direction, unit) => {
    expect(find(metric)).toEqual([expect.objectContaining({ scope, direction, unit })]);
  });

  it('rates are over the scope’s sessions, zero where a window had no errors', () => {
    const [s] = find('error_rate');
    expect(s!.points[0]).toMatchObject({ value: 0.1, samples: 100 });
    expect(s!.points[5]).toMatchObject({ value: 0, samples: 100 });
    // A new issue: its history is zero over the project's sessions, so it can be judged.
    expect(
      find('issue_events')[0]!
        .points.slice(2)
        .every((p) => p?.value === 0),
    ).toBe(true);
  });

  it('long-task time is per page view of the project; traffic is watched project-wide only', () => {
    // Samples are the page views it is over (as a rate's are sessions): a script with no long task
    // in a window is 0 ms per page view there, a judgeable point.
    expect(find('long_task.duration')[0]!.points[0]).toMatchObject({ value: 10, samples: 900 });
    expect(find('long_task.duration')[0]!.points[4]).toMatchObject({ value: 0, samples: 900 });
    expect(find('long_task.duration')[0]!.points[0]!.stdError).toBeCloseTo(Math.sqrt(9000 * 200) / 900, 9);
    expect(find('traffic.sessions')[0]!.points[3]).toMatchObject({ value: 300 });
  });
});

/**
 * A series whose history is `history` (±2 % alternating) and whose two recent windows are given;
 * the fast windows (half the samples) are `fast` or, by default, the recent windows' values.
 */
function series(
  current: number,
  previous: number,
  history: number,
  direction: 'up' | 'down' = 'up',
  scope = {},
  fast: [number, number] = [current, previous],
): WatchedSeries {
  const point = (w: number, value: number): SeriesPoint => ({
    start: W[w]!.from,
    value,
    samples: w === 2 || w === 3 ? 250 : 500,
    stdError: value * (w === 2 || w === 3 ? 0.028 : 0.02),
  });
  const recent = [current, previous, ...fast];
  return {
    family: 'vitals',
    metric: 'web_vital.LCP.p75',
    key: 'LCP',
    scope,
    direction,
    unit: 'ms',
    points: W.map((_, w) => point(w, w < HISTORY ? recent[w]! : history * (1 + (w % 2 ? 0.02 : -0.02)))),
  };
}

describe('judge: both the current and the previous window must alarm', () => {
  it.each([
    ['both windows high', series(3000, 2900, 2000), true],
    ['only the current window high (one noisy minute)', series(3000, 2050, 2000), false],
    ['ordinary', series(2050, 1980, 2000), false],
    ['a drop, watched for drops', series(900, 950, 2000, 'down'), true],
    ['a surge, watched for drops', series(6000, 6000, 2000, 'down'), false],
    ['a drop, watched for rises', series(900, 950, 2000), false],
  ])('%s', (_, s, alarm) => {
    expect(judge(s)!.alarm).toBe(alarm);
  });

  it.each([
    // A step 4 minutes ago: the 10-minute windows hold it diluted, the last 5 minutes in full.
    [
      'a step in the last minutes: the fast windows alarm',
      series(2300, 2150, 2000, 'up', {}, [2900, 2700]),
      true,
    ],
    ['only the fast current window high', series(2300, 2150, 2000, 'up', {}, [2900, 2050]), false],
    ['fast windows ordinary', series(2020, 2000, 2000, 'up', {}, [2080, 1990]), false],
  ])('%s', (_, s, alarm) => {
    const j = judge(s)!;
    expect(j.alarm).toBe(alarm);
    // The card's numbers are the windows that alarmed.
    if (alarm) expect(j.current).toBe(s.points[2]);
  });

  it('counts are judged on the full windows only (a 5-minute count is not a drop)', () => {
    const count = { ...series(2000, 2000, 2000, 'down', {}, [1000, 1000]), unit: 'count' };
    expect(judge(count)!.alarm).toBe(false);
  });

  it('no judgement without the recent windows', () => {
    const s = series(3000, 3000, 2000);
    s.points[1] = undefined;
    expect(judge(s)).toBeNull();
  });
});

describe('pickIncidents: one incident per metric', () => {
  const j = (s: WatchedSeries) => judge(s)!;
  it.each<[string, Judgement[], Record<string, string>[]]>([
    [
      'one route: the route, not the project it drags up',
      [
        j(series(4000, 4000, 2000, 'up', { route: '/p' })),
        j(series(2600, 2600, 2000)),
        j(series(2500, 2500, 2000, 'up', { browser: 'Chrome' })),
      ],
      [{ route: '/p' }],
    ],
    [
      'everywhere: the project',
      [j(series(3000, 3000, 2000, 'up', { route: '/p' })), j(series(2900, 2900, 2000))],
      [{}],
    ],
    ['nothing alarms', [j(series(2000, 2000, 2000))], []],
    [
      // More samples give the project the higher score; its change is a third of the browser's.
      'the project scores higher, the browser changed three times as much: the browser',
      [j(series(9000, 9000, 2000, 'up', { browser: 'Firefox' })), j(series(4500, 4500, 2000, 'up', {}))].map(
        (x, i) => (i ? { ...x, baseline: { ...x.baseline, score: 99 } } : x),
      ),
      [{ browser: 'Firefox' }],
    ],
    [
      // Compared on the same windows: the project's fast windows (+40 %) are not compared with the
      // route's diluted 10-minute windows (+45 %).
      'a route on its 10-minute windows, the project on its fast windows only: the route',
      [
        j(series(2900, 2850, 2000, 'up', { route: '/p' }, [3800, 3700])),
        j(series(2300, 2250, 2000, 'up', {}, [2800, 2750])),
      ],
      [{ route: '/p' }],
    ],
    [
      'everywhere, on the fast windows: the project',
      [
        j(series(2080, 2060, 2000, 'up', { route: '/p' }, [3000, 2950])),
        j(series(2050, 2050, 2000, 'up', {}, [2900, 2850])),
      ],
      [{}],
    ],
  ])('%s', (_, judgements, scopes) => {
    expect(pickIncidents(judgements).map((x) => x.series.scope)).toEqual(scopes);
  });

  it('each issue is its own incident', () => {
    const issue = (fp: string) => ({
      ...series(3000, 3000, 2000),
      metric: 'issue_events',
      scope: { issue: fp },
    });
    expect(pickIncidents([j(issue('a')), j(issue('b'))])).toHaveLength(2);
  });
});
