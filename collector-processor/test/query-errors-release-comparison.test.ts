/**
 * `release_comparison` against a real processor: page views, errors, web vitals and HTTP requests
 * seeded per release; each release's counts, p75 order statistics and load-time moments computed
 * here from the seeded rows, the intervals from them with the formulas confidence.test.ts checks
 * against textbook values.
 */
import type { RunningProcessor } from '../src/processor';
import {
  moverDifference,
  poissonCountDifference,
  poissonRateDifference,
  proportionDifference,
  quantileRanks,
  welchDifference,
  type Estimate,
} from '../src/query/handlers/errors/confidence';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows, queryFrames } from './helpers/query';
import {
  counted,
  distinct,
  HOUR,
  records,
  releaseCounts,
  releaseTraffic,
  rounded,
  type ReleaseRows,
} from './helpers/seed-errors';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
let rows: ReleaseRows;
const NOW = Date.now();
const range = { from: NOW - 6 * HOUR, to: NOW + HOUR };

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  rows = releaseTraffic(project, NOW);
  for (const [table, list] of Object.entries(rows)) await insertRows(p, table, list);
});
afterAll(() => p.stop());

const compare = async (q: Record<string, unknown> = {}) => {
  const query = {
    project,
    ...range,
    type: 'release_comparison',
    baseRelease: '1.0.0',
    targetRelease: '1.1.0',
    ...q,
  };
  return records((await queryFrames(p, query))[0]!);
};

/** One metric's expected row from each release's [value, samples] and the interval. */
const row = (metric: string, unit: string, b: [number, number], t: [number, number], ci: Estimate) => ({
  metric,
  unit,
  base: b[0],
  target: t[0],
  difference: t[0] - b[0],
  ci_low: ci.low,
  ci_high: ci.high,
  base_samples: b[1],
  target_samples: t[1],
  significant: ci.low > 0 || ci.high < 0,
});

/** A vital's p75 with its order-statistic interval, read from the sorted seeded values. */
function vital(name: string, release: string, browser?: string): { n: number; e: Estimate } {
  const values = counted(rows.web_vitals, range)
    .filter(
      (r) =>
        r.release === release && r.name === name && (browser === undefined || r.browser_name === browser),
    )
    .map((r) => r.value)
    .sort((a, b) => a - b);
  const r = quantileRanks(values.length, 0.75);
  const at = (rank: number) => values[rank - 1]!;
  return { n: values.length, e: { estimate: at(r.point), low: at(r.low), high: at(r.high) } };
}

function stats(release: string) {
  const t = releaseCounts(rows, release, range);
  const http = counted(rows.http_requests, range).filter((r) => r.release === release);
  const loads = t.pv.filter((r) => r.is_soft_navigation === 0 && r.load_ms > 0).map((r) => r.load_ms);
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  const variance = loads.reduce((a, b) => a + (b - mean) ** 2, 0) / (loads.length - 1);
  return {
    sessions: t.sessions,
    crashFree: t.sessions - t.errorSessions,
    pageViews: t.pv.length,
    errors: t.er.length,
    requests: http.length,
    failures: http.filter((r) => r.status_code === 0 || r.status_code >= 500).length,
    load: { mean, variance, n: loads.length },
    vitals: { LCP: vital('LCP', release), INP: vital('INP', release), CLS: vital('CLS', release) },
  };
}

describe('release_comparison', () => {
  it('compares every metric with a 95% interval for the difference', async () => {
    const [b, t] = [stats('1.0.0'), stats('1.1.0')];
    const [bs, ts] = [b.sessions, t.sessions];
    const [bv, tv] = [b.pageViews, t.pageViews];
    const expected = [
      row('sessions', 'short', [bs, bs], [ts, ts], poissonCountDifference(ts, bs)),
      row('page_views', 'short', [bv, bv], [tv, tv], poissonCountDifference(tv, bv)),
      row(
        'crash_free_sessions',
        'percentunit',
        [b.crashFree / bs, bs],
        [t.crashFree / ts, ts],
        proportionDifference(t.crashFree, ts, b.crashFree, bs),
      ),
      row(
        'errors_per_page_view',
        'none',
        [b.errors / bv, bv],
        [t.errors / tv, tv],
        poissonRateDifference(t.errors, tv, b.errors, bv),
      ),
      ...(['LCP', 'INP', 'CLS'] as const).map((name) => {
        const [vb, vt] = [b.vitals[name], t.vitals[name]];
        const unit = name === 'CLS' ? 'none' : 'ms';
        const metric = `${name.toLowerCase()}_p75`;
        return row(metric, unit, [vb.e.estimate, vb.n], [vt.e.estimate, vt.n], moverDifference(vt.e, vb.e));
      }),
      row(
        'http_failure_rate',
        'percentunit',
        [b.failures / b.requests, b.requests],
        [t.failures / t.requests, t.requests],
        proportionDifference(t.failures, t.requests, b.failures, b.requests),
      ),
      row(
        'avg_page_load_ms',
        'ms',
        [b.load.mean, b.load.n],
        [t.load.mean, t.load.n],
        welchDifference(t.load, b.load),
      ),
    ];
    const got = await compare();
    expect(got.map(rounded)).toEqual(expected.map(rounded));
    // The seeded differences are large enough to be told apart from noise.
    expect(got.filter((r) => r.significant).map((r) => r.metric)).toEqual(
      expect.arrayContaining(['lcp_p75', 'http_failure_rate', 'avg_page_load_ms']),
    );
  });

  it('applies the other filters and ignores a release filter', async () => {
    const got = await compare({ filters: { browser: 'Safari', release: '9.9.9' } });
    const safari = (release: string) =>
      distinct(
        counted(rows.page_views, range)
          .filter((r) => r.release === release && r.browser_name === 'Safari')
          .map((r) => r.session_id),
      );
    expect(got.find((r) => r.metric === 'sessions')).toMatchObject({
      base: safari('1.0.0'),
      target: safari('1.1.0'),
    });
  });

  it('has no values, intervals or significance for a release without samples', async () => {
    const got = await compare({ targetRelease: 'never-shipped' });
    expect(got.find((r) => r.metric === 'lcp_p75')).toMatchObject({
      target: null,
      difference: null,
      ci_low: null,
      ci_high: null,
      target_samples: 0,
      significant: false,
    });
    expect(got.find((r) => r.metric === 'sessions')).toMatchObject({ target: 0, significant: true });
  });

  it('compares the vitals per browser when grouped, the browser with most samples first', async () => {
    const got = await compare({ groupBy: ['browser'] });
    // releaseTraffic: every fifth session in Safari, the rest in Chrome.
    expect([...new Set(got.map((r) => r.browser))]).toEqual(['Chrome', 'Safari']);
    const expected = ['Chrome', 'Safari'].flatMap((browser) =>
      (['LCP', 'INP', 'CLS'] as const).map((name) => {
        const [vb, vt] = [vital(name, '1.0.0', browser), vital(name, '1.1.0', browser)];
        const unit = name === 'CLS' ? 'none' : 'ms';
        return {
          browser,
          ...row(
            `${name.toLowerCase()}_p75`,
            unit,
            [vb.e.estimate, vb.n],
            [vt.e.estimate, vt.n],
            moverDifference(vt.e, vb.e),
          ),
        };
      }),
    );
    expect(got.map(rounded)).toEqual(expected.map(rounded));
    expect(await compare({ groupBy: ['browser'], limit: 1 })).toHaveLength(3);
  });

  it('compares a release with itself as no difference', async () => {
    const got = await compare({ targetRelease: '1.0.0' });
    expect(got.map((r) => [r.metric, r.difference, r.significant])).toEqual(
      got.map((r) => [r.metric, 0, false]),
    );
  });
});
