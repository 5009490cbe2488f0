/**
 * Soft navigations apart from hard loads (issue #13), on a real processor: LCP samples sent over
 * OTLP with web-vitals' navigationType (and Navigation Timing's back_forward spelling) are stored
 * normalised, reach web_vitals_1m per navigation type (migration 0013), and the web_vitals query
 * filters and groups by `navigationType` with the same answer from the pre-aggregate and the raw
 * table. Hard-load LCPs are 2–4 s, soft-navigation LCPs 100–300 ms: mixed, p75 would move.
 */
import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor, until } from './helpers/processor';
import { columns, postQuery, queryFrames } from './helpers/query';

jest.setTimeout(60_000);

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
let p: RunningProcessor;
let project: { id: string; ingestKey: string };
const NOW = Date.now();

/** Ruling out the pre-aggregate without changing the rows: it has no os column. */
const RAW = { exclude: { os: ['no-such-os'] } };

const attrs = (o: Record<string, string | number>) =>
  Object.entries(o).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v },
  }));

/** [navigation type as sent, LCP value]: 20 hard loads, 20 soft navigations, 4 back/forward. */
const SAMPLES: Array<[string, number]> = [
  ...Array.from({ length: 20 }, (_, i): [string, number] => ['navigate', 2000 + 100 * i]),
  ...Array.from({ length: 20 }, (_, i): [string, number] => ['soft-navigation', 100 + 10 * i]),
  ...Array.from({ length: 4 }, (_, i): [string, number] => ['back_forward', 500 + 10 * i]),
];

beforeAll(async () => {
  p = await startTestProcessor();
  project = await createProject(p.url);
  const logRecords = SAMPLES.map(([type, value], i) => ({
    timeUnixNano: String(BigInt(NOW - 60_000 - i) * 1_000_000n),
    eventName: 'browser.web_vital',
    attributes: attrs({
      'browser.document.url.full': 'https://shop.example/products',
      'session.id': `s${i}`,
      'browser.web_vital.name': 'lcp',
      'browser.web_vital.value': value,
      'browser.web_vital.id': `v5-${i}`,
      'browser.web_vital.navigation_type': type,
    }),
  }));
  const res = await fetch(`${p.url}/v1/logs`, {
    method: 'POST',
    // A browser's User-Agent: node's would be a bot, kept out of web_vitals_1m.
    headers: {
      'content-type': 'application/json',
      'x-pulsetrace-key': project.ingestKey,
      'user-agent': CHROME,
    },
    body: JSON.stringify({
      resourceLogs: [
        { resource: { attributes: attrs({ 'service.name': 'shop' }) }, scopeLogs: [{ logRecords }] },
      ],
    }),
  });
  expect(res.status).toBe(200);
  await until(async () => {
    const r = await p.store.client.query({
      query: 'SELECT count() AS n FROM web_vitals WHERE project_id = {p:String}',
      query_params: { p: project.id },
      format: 'JSONEachRow',
    });
    return Number((await r.json<{ n: number }>())[0]!.n) === SAMPLES.length;
  });
});
afterAll(() => p?.stop());

const base = () => ({
  type: 'web_vitals',
  project: project.id,
  from: NOW - 3600_000,
  to: NOW + 60_000,
  metric: 'LCP',
  percentiles: [50, 75],
  view: 'table',
});

/** p50 of evenly spaced values, as t-digest gives it for so few samples (within one step). */
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const valuesOf = (type: string) => SAMPLES.filter(([t]) => t === type).map(([, v]) => v);

describe('web_vitals by navigation type', () => {
  it.each([
    ['web_vitals_1m', {}],
    ['web_vitals', RAW],
  ])('groups by navigationType from %s, back_forward stored as back-forward', async (source, extra) => {
    const [frame] = await queryFrames(p, { ...base(), ...extra, groupBy: ['navigationType'] });
    expect(frame!.schema.meta?.custom?.source).toBe(source);
    const c = columns(frame!);
    expect(c.navigationType).toEqual(['navigate', 'soft-navigation', 'back-forward']);
    expect(c.samples).toEqual([20, 20, 4]);
    const p50 = c.p50 as number[];
    expect(Math.abs(p50[0]! - median(valuesOf('navigate')))).toBeLessThanOrEqual(100);
    expect(Math.abs(p50[1]! - median(valuesOf('soft-navigation')))).toBeLessThanOrEqual(10);
  });

  it.each<[string, { exclude?: Record<string, string[]> }]>([
    ['web_vitals_1m', {}],
    ['web_vitals', RAW],
  ])('keeps hard loads only when soft navigations are excluded, from %s', async (source, extra) => {
    const [hard] = await queryFrames(p, {
      ...base(),
      ...extra,
      exclude: { ...(extra.exclude ?? {}), navigationType: 'soft-navigation' },
    });
    expect(hard!.schema.meta?.custom?.source).toBe(source);
    expect(columns(hard!).samples).toEqual([24]);
    const [soft] = await queryFrames(p, {
      ...base(),
      ...extra,
      filters: { navigationType: ['soft-navigation'] },
    });
    expect(columns(soft!).samples).toEqual([20]);
    expect(columns(soft!).p75![0]).toBeLessThan(300);
    // Mixed, the soft navigations would drag the median of "LCP" far below any hard load's.
    const [mixed] = await queryFrames(p, {
      ...base(),
      ...extra,
      filters: { navigationType: [...new Set(SAMPLES.map(([type]) => type.replace('_', '-')))] },
    });
    expect(columns(mixed!).samples).toEqual([44]);
    expect(columns(mixed!).p50![0]).toBeLessThan(Math.min(...valuesOf('navigate')));
    expect(columns(hard!).p50![0]).toBeGreaterThanOrEqual(Math.min(...valuesOf('navigate')));
    // Asked nothing about navigation types, LCP is of hard loads: the same as excluding soft ones.
    const [byDefault] = await queryFrames(p, { ...base(), ...extra });
    expect(columns(byDefault!)).toEqual(columns(hard!));
  });

  it('draws one series per navigation type from the pre-aggregate', async () => {
    const frames = await queryFrames(p, {
      ...base(),
      view: 'timeseries',
      intervalMs: 3600_000,
      groupBy: ['navigationType'],
    });
    expect(frames.map((f) => f.schema.fields[1]!.labels!.navigationType).sort()).toEqual([
      'back-forward',
      'navigate',
      'soft-navigation',
    ]);
    expect(frames[0]!.schema.meta?.custom?.source).toBe('web_vitals_1m');
  });

  it('refuses an unknown navigation type with the list of known ones', async () => {
    const answer = await postQuery(p, { queries: [{ ...base(), filters: { navigationType: 'soft' } }] });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('navigationType is one of navigate, reload');
  });
});
