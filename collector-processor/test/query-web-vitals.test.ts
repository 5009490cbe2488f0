/**
 * web_vitals against a real processor: counts and rating shares exactly, percentiles within a
 * stated tolerance of the exact quantiles of the seeded samples, from web_vitals_1m and from the
 * raw table, which must agree.
 */
import type { RunningProcessor } from '../src/processor';
import type { DataFrameJSON } from '../src/query/types';
import type { WebVitalRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, queryFrames } from './helpers/query';
import { DAY, seedWeb, type WebSeed } from './helpers/seed-web';

jest.setTimeout(60_000);

let p: RunningProcessor;
let project: string;
let seed: WebSeed;

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  seed = await seedWeb(p, project);
});
afterAll(() => p.stop());

const LEVELS = [50, 75, 90, 95, 99] as const;
/** Ruling out the pre-aggregate without changing the rows: it has no os column. */
const RAW = { exclude: { os: ['no-such-os'] } };

const range = () => ({ type: 'web_vitals', project, from: seed.dayStart, to: seed.dayStart + 3 * DAY });
const samplesOf = (name: string, keep: (r: WebVitalRow) => boolean = () => true) =>
  seed.vitals.filter((r) => r.name === name && r.is_bot === 0 && keep(r));

/** The exact quantile, interpolating between neighbours (numpy's default). */
function exactQuantile(values: number[], level: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * level;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
}

/**
 * How far a t-digest percentile may be from the exact one. With a few hundred samples ClickHouse's
 * t-digest keeps (nearly) one centroid per sample and interpolates between neighbouring centroids,
 * and quantile definitions differ by at most one neighbour; so two gaps between neighbouring
 * samples of the group bound both. The seeded values are evenly spaced, so this is tight.
 */
function tolerance(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < sorted.length; i++) gap = Math.max(gap, sorted[i]! - sorted[i - 1]!);
  return 2 * gap;
}

function expectVitals(
  row: Record<string, unknown>,
  samples: WebVitalRow[],
  levels: readonly number[] = LEVELS,
) {
  const values = samples.map((r) => r.value);
  const share = (rating: string) => samples.filter((r) => r.rating === rating).length / samples.length;
  expect(row.samples).toBe(samples.length);
  expect(row.good_share).toBeCloseTo(share('good'), 12);
  expect(row.needs_improvement_share).toBeCloseTo(share('needs-improvement'), 12);
  expect(row.poor_share).toBeCloseTo(share('poor'), 12);
  for (const level of levels) {
    const error = Math.abs((row[`p${level}`] as number) - exactQuantile(values, level / 100));
    expect(error).toBeLessThanOrEqual(tolerance(values));
  }
}

function rowsOf(frame: DataFrameJSON): Array<Record<string, unknown>> {
  const cols = columns(frame);
  const n = frame.data.values[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[i]])),
  );
}

describe('web_vitals', () => {
  it.each([
    ['web_vitals_1m', {}],
    ['web_vitals', RAW],
  ])('answers a table per route from %s', async (source, extra) => {
    const [frame] = await queryFrames(p, {
      ...range(),
      ...extra,
      metric: 'LCP',
      percentiles: [99, 50, 75, 90, 95],
      view: 'table',
      groupBy: ['route'],
    });
    expect(frame!.schema.meta?.custom?.source).toBe(source);
    const rows = rowsOf(frame!);
    expect(rows.map((r) => r.route).sort()).toEqual(['/', '/cart', '/products', '/products/:id']);
    for (const row of rows)
      expectVitals(
        row,
        samplesOf('LCP', (r) => r.route === row.route),
      );
  });

  it('gives the same counts and shares, and close percentiles, from both tables', async () => {
    const q = {
      ...range(),
      metric: 'LCP',
      percentiles: [...LEVELS],
      view: 'table',
      groupBy: ['browser', 'release'],
    };
    const [pre] = await queryFrames(p, q);
    const [raw] = await queryFrames(p, { ...q, ...RAW });
    expect(pre!.schema.meta?.custom?.source).toBe('web_vitals_1m');
    expect(raw!.schema.meta?.custom?.source).toBe('web_vitals');
    const { samples, good_share, needs_improvement_share, poor_share, browser, release } = columns(pre!);
    expect(columns(raw!)).toMatchObject({
      samples,
      good_share,
      needs_improvement_share,
      poor_share,
      browser,
      release,
    });
    rowsOf(raw!).forEach((row, i) => {
      const group = samplesOf('LCP', (r) => r.browser_name === browser![i] && r.release === release![i]);
      for (const level of LEVELS) {
        const a = row[`p${level}`] as number;
        const b = columns(pre!)[`p${level}`]![i] as number;
        expect(Math.abs(a - b)).toBeLessThanOrEqual(tolerance(group.map((r) => r.value)));
      }
    });
  });

  it.each([
    ['web_vitals_1m', {}],
    ['web_vitals', RAW],
  ])('draws a daily series per browser from %s', async (source, extra) => {
    const frames = await queryFrames(p, {
      ...range(),
      ...extra,
      metric: 'LCP',
      groupBy: ['browser'],
      intervalMs: DAY,
    });
    expect(frames.map((f) => f.schema.fields[1]!.labels!.browser).sort()).toEqual([
      'Chrome',
      'Firefox',
      'Safari',
    ]);
    for (const frame of frames) {
      expect(frame.schema.meta?.custom).toEqual({ source, intervalMs: DAY });
      const browser = frame.schema.fields[1]!.labels!.browser;
      const rows = rowsOf(frame);
      expect(rows.map((r) => r.time)).toEqual([0, 1, 2].map((d) => seed.dayStart + d * DAY));
      for (const row of rows) {
        const day = row.time as number;
        const inDay = (r: WebVitalRow) =>
          Number(r.timestamp) * 1000 >= day && Number(r.timestamp) * 1000 < day + DAY;
        expectVitals(
          row,
          samplesOf('LCP', (r) => r.browser_name === browser && inDay(r)),
          [75],
        );
      }
    }
  });

  it('filters and excludes on the pre-aggregate', async () => {
    const [frame] = await queryFrames(p, {
      ...range(),
      metric: 'LCP',
      percentiles: [...LEVELS],
      view: 'table',
      filters: { release: ['1.1.0'], device: ['desktop'] },
      exclude: { country: ['US'] },
    });
    expect(frame!.schema.meta?.custom?.source).toBe('web_vitals_1m');
    const [row] = rowsOf(frame!);
    expectVitals(
      row!,
      samplesOf('LCP', (r) => r.release === '1.1.0' && r.device_type === 'desktop' && r.country !== 'US'),
    );
  });

  it('leaves bots out unless asked, then reads the raw table', async () => {
    const q = { ...range(), metric: 'LCP', percentiles: [...LEVELS], view: 'table' };
    const [humans] = await queryFrames(p, q);
    expectVitals(rowsOf(humans!)[0]!, samplesOf('LCP'));
    const [all] = await queryFrames(p, { ...q, includeBots: true });
    expect(all!.schema.meta?.custom?.source).toBe('web_vitals');
    const withBots = seed.vitals.filter((r) => r.name === 'LCP');
    expect(withBots.length).toBe(samplesOf('LCP').length + 1);
    const row = rowsOf(all!)[0]!;
    expect(row.samples).toBe(withBots.length);
    expect(row.poor_share).toBeCloseTo(
      withBots.filter((r) => r.rating === 'poor').length / withBots.length,
      12,
    );
  });

  it('reports CLS without a unit and in its own range', async () => {
    const [frame] = await queryFrames(p, { ...range(), metric: 'CLS', percentiles: [50, 95], view: 'table' });
    expect(frame!.schema.fields.map((f) => [f.name, f.config?.unit])).toEqual([
      ['p50', 'none'],
      ['p95', 'none'],
      ['samples', 'short'],
      ['good_share', 'percentunit'],
      ['needs_improvement_share', 'percentunit'],
      ['poor_share', 'percentunit'],
    ]);
    expectVitals(rowsOf(frame!)[0]!, samplesOf('CLS'), [50, 95]);
  });

  it('answers LCP in milliseconds, p75 by default', async () => {
    const frames = await queryFrames(p, { ...range(), metric: 'LCP' });
    expect(frames).toHaveLength(1);
    expect(frames[0]!.schema.fields.map((f) => [f.name, f.config?.unit]).slice(0, 2)).toEqual([
      ['time', undefined],
      ['p75', 'ms'],
    ]);
  });

  it('answers well-formed empty frames for a metric without samples', async () => {
    const [table] = await queryFrames(p, { ...range(), metric: 'INP', view: 'table' });
    expect(table!.data.values.every((v) => v.length === 0)).toBe(true);
    const series = await queryFrames(p, { ...range(), metric: 'TTFB', groupBy: ['route'] });
    expect(series).toHaveLength(1);
    expect(series[0]!.data.values.every((v) => v.length === 0)).toBe(true);
  });
});
