/**
 * web_vitals' per-sample views against a real processor: the histogram (fixed buckets, edges in
 * the bucket they start, the open last bucket, empty buckets filled), the attribution view (one
 * row per value of an attribution key, counts and shares exact, percentiles of each value's own
 * samples) and the phases view (web-vitals' sub-parts: percentiles and share of the vital's time).
 * Expected answers are computed from the rows inserted.
 */
import type { RunningProcessor } from '../src/processor';
import type { WebVitalRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, postQuery, queryFrames } from './helpers/query';
import { minuteAgo, webVital } from './helpers/seed-performance';

jest.setTimeout(60_000);

let p: RunningProcessor;
let project: string;
const rows: WebVitalRow[] = [];

const at = (i: number) => ({ atMs: minuteAgo(30) + i * 1000, project_id: project, session_id: `s${i}` });
const lcp = (value: number, target: string, url: string, i: number, own: Partial<WebVitalRow> = {}) =>
  webVital(at(i), {
    name: 'LCP',
    value,
    attribution: {
      ...(target ? { target } : {}),
      url,
      timeToFirstByte: String(value * 0.2),
      resourceLoadDelay: String(value * 0.1),
      resourceLoadDuration: String(value * 0.3),
      elementRenderDelay: String(value * 0.4),
    },
    ...own,
  });

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  rows.push(
    lcp(100, 'img.hero', 'https://cdn.shop/hero.jpg', 0),
    lcp(2499, 'img.hero', 'https://cdn.shop/hero.jpg', 1),
    lcp(2500, 'img.hero', 'https://cdn.shop/hero.jpg', 2),
    lcp(2600, 'h1.title', '', 3),
    lcp(12_000, '', '', 4),
    // A soft navigation's LCP is timed from the route change: left out unless asked for.
    lcp(50, 'img.hero', 'https://cdn.shop/hero.jpg', 5, { navigation_type: 'soft-navigation' }),
    webVital(at(6), { name: 'CLS', value: 0.1, attribution: { largestShiftTarget: 'div.banner' } }),
    webVital(at(7), { name: 'CLS', value: 0.099, attribution: { largestShiftTarget: 'div.banner' } }),
    ...[120, 240, 600].map((value, i) =>
      webVital(at(8 + i), {
        name: 'INP',
        value,
        attribution: {
          interactionTarget: i ? 'button#buy' : 'input#search',
          interactionType: 'pointer',
          inputDelay: String(value / 6),
          processingDuration: String(value / 2),
          presentationDelay: String(value / 3),
        },
      }),
    ),
  );
  await insertRows(p, 'web_vitals', rows);
});
afterAll(() => p.stop());

const query = (o: Record<string, unknown>) => ({
  refId: 'A',
  type: 'web_vitals',
  project,
  from: minuteAgo(60),
  to: minuteAgo(-1),
  ...o,
});

describe('web_vitals histogram', () => {
  it('counts LCP samples per 250 ms bucket up to the last one with samples, the open bucket at 10 s', async () => {
    const [frame] = await queryFrames(p, query({ metric: 'LCP', view: 'histogram' }));
    const c = columns(frame!);
    expect(c.samples).toHaveLength(41); // buckets 0 … 40 (≥ 10000)
    const nonEmpty = Object.fromEntries(
      (c.samples as number[]).flatMap((n, i) => (n ? [[c.bucket![i] as string, n]] : [])),
    );
    // 2500 starts its bucket (needs improvement from 2500 on); the soft navigation's 50 is left out.
    expect(nonEmpty).toEqual({ '0–250': 1, '2250–2500': 1, '2500–2750': 2, '≥ 10000': 1 });
    expect(c.from![10]).toBe(2500);
    expect(c.to![10]).toBe(2750);
    expect(c.to![40]).toBeNull();
    expect((c.share as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('puts a CLS of exactly 0.1 in the 0.1–0.125 bucket', async () => {
    const [frame] = await queryFrames(p, query({ metric: 'CLS', view: 'histogram' }));
    const c = columns(frame!);
    expect(c.bucket![3]).toBe('0.075–0.1');
    expect(c.samples![3]).toBe(1);
    expect(c.bucket![4]).toBe('0.1–0.125');
    expect(c.samples![4]).toBe(1);
    expect(c.samples).toHaveLength(5);
  });

  it('answers an empty frame with its fields when there are no samples', async () => {
    const [frame] = await queryFrames(p, query({ metric: 'TTFB', view: 'histogram' }));
    expect(frame!.schema.fields.map((f) => f.name)).toEqual(['bucket', 'from', 'to', 'samples', 'share']);
    expect(frame!.data.values[0]).toEqual([]);
  });
});

describe('web_vitals attribution', () => {
  it('breaks LCP down by element: samples, shares and each element’s own percentiles', async () => {
    const [frame] = await queryFrames(
      p,
      query({ metric: 'LCP', view: 'attribution', attribution: 'target', percentiles: [50, 95] }),
    );
    expect(frame!.schema.fields.map((f) => f.name)).toEqual([
      'attribution',
      'p50',
      'p95',
      'samples',
      'good_share',
      'needs_improvement_share',
      'poor_share',
      'share',
    ]);
    expect(frame!.schema.fields[0]!.config).toEqual({ displayName: 'target' });
    const c = columns(frame!);
    expect(c.attribution).toEqual(['img.hero', '', 'h1.title']);
    expect(c.samples).toEqual([3, 1, 1]);
    expect(c.share).toEqual([0.6, 0.2, 0.2]);
    expect(c.p50![0]).toBeCloseTo(2499, 0);
    expect(c.p50![2]).toBe(2600);
  });

  it('breaks INP down by interaction target, most samples first', async () => {
    const [frame] = await queryFrames(
      p,
      query({ metric: 'INP', view: 'attribution', attribution: 'interactionTarget' }),
    );
    const c = columns(frame!);
    expect(c.attribution).toEqual(['button#buy', 'input#search']);
    expect(c.samples).toEqual([2, 1]);
  });

  it('refuses the view without a key, naming the field', async () => {
    const answer = await postQuery(p, query({ metric: 'LCP', view: 'attribution' }));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('attribution');
  });
});

describe('web_vitals phases', () => {
  it('gives INP’s input delay, processing and presentation in order, with their share of the time', async () => {
    const [frame] = await queryFrames(p, query({ metric: 'INP', view: 'phases', percentiles: [50] }));
    const c = columns(frame!);
    expect(c.phase).toEqual(['inputDelay', 'processingDuration', 'presentationDelay']);
    expect(c.samples).toEqual([3, 3, 3]);
    expect(c.p50![1]).toBeCloseTo(120, 6); // processing of the 240 ms interaction
    expect(c.share![0]).toBeCloseTo(1 / 6, 9);
    expect(c.share![1]).toBeCloseTo(1 / 2, 9);
    expect(c.share![2]).toBeCloseTo(1 / 3, 9);
  });

  it('gives LCP’s four sub-parts over hard loads only', async () => {
    const [frame] = await queryFrames(p, query({ metric: 'LCP', view: 'phases' }));
    const c = columns(frame!);
    expect(c.phase).toEqual([
      'timeToFirstByte',
      'resourceLoadDelay',
      'resourceLoadDuration',
      'elementRenderDelay',
    ]);
    expect(c.samples).toEqual([5, 5, 5, 5]);
    expect(c.share![3]).toBeCloseTo(0.4, 9);
  });

  it('refuses CLS, which has no phases', async () => {
    const answer = await postQuery(p, query({ metric: 'CLS', view: 'phases' }));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('CLS has no phases');
  });
});
