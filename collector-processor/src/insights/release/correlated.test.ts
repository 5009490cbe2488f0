import { changeScore, endpointChanges, issueChanges, resourceChanges, scriptChanges } from './correlated';
import type { Sides } from './sql';

const S: Sides = {
  project: 'p1',
  previous: '1.0',
  release: '1.1',
  baseline: { from: 0, to: 3_600_000 },
  current: { from: 3_600_000, to: 7_200_000 },
};
const SESSIONS = { previous: 1000, release: 300 };

describe('changeScore', () => {
  it.each([
    [5, 1 / 3, 1 / 3],
    [Infinity, 0.1, 0.1],
    [0.5, 1, 0.5],
    [0.5, 0.5, 0.25],
    [-0.4, 1, 0],
    [2, 1.5, 1],
  ])('relative change %d, share %d → %d', (rel, share, score) => {
    expect(changeScore(rel, share)).toBeCloseTo(score, 12);
  });
});

const res = (item: string, current: 0 | 1, n: number, mean: number, sd: number, sessions = n) => ({
  resource_type: 'img',
  item,
  is_current: current,
  n,
  sessions,
  mean,
  variance: sd * sd,
});

describe('resourceChanges', () => {
  const found = resourceChanges(
    [
      res('/hero.jpg', 0, 150, 150_000, 2000),
      res('/hero.jpg', 1, 100, 900_000, 2000),
      res('/logo.png', 0, 500, 5000, 100),
      res('/logo.png', 1, 300, 5050, 100),
      res('/noisy.jpg', 0, 3, 100_000, 90_000),
      res('/noisy.jpg', 1, 3, 160_000, 90_000),
      res('/banner.webp', 1, 30, 40_000, 0),
      res('/gone.js', 0, 30, 40_000, 0),
    ],
    S,
    SESSIONS,
  );

  it('keeps grown (interval above 0) and new resources, scored by growth × reach', () => {
    expect(found.map((c) => [c.item, c.score])).toEqual([
      ['/hero.jpg', 1 / 3],
      ['/banner.webp', 0.1],
    ]);
    expect(found[0]!.title).toBe('img /hero.jpg grew from 150 KB to 900 KB');
    expect(found[0]!.evidence[0]).toMatchObject({
      metric: 'resource.transfer_size',
      segment: { resource_type: 'img', resource_url: '/hero.jpg' },
      baseline: 150_000,
      current: 900_000,
      samples: { baseline: 150, current: 100 },
      significant: true,
      sessionShare: { value: 1 / 3 },
    });
    expect(found[1]!.title).toBe('New img /banner.webp (40 KB)');
  });

  it('reproduces with the resources query of each release', () => {
    expect(found[0]!.queries).toEqual([
      expect.objectContaining({
        type: 'resources',
        view: 'top_urls',
        from: 0,
        filters: { release: ['1.0'] },
      }),
      expect.objectContaining({ type: 'resources', from: 3_600_000, filters: { release: ['1.1'] } }),
    ]);
  });
});

const ep = (template: string, current: 0 | 1, n: number, p95: number, failures = 0, sessions = n) => ({
  method: 'GET',
  server_address: 'api.shop.example',
  url_template: template,
  is_current: current,
  n,
  sessions,
  failures,
  p95,
});

describe('endpointChanges', () => {
  it.each([
    ['slower p95', [ep('/a', 0, 500, 200), ep('/a', 1, 150, 400)], [['endpoint_slower', 1, 0.5]]],
    ['20 % but under 50 ms', [ep('/a', 0, 500, 100), ep('/a', 1, 150, 130)], []],
    ['new', [ep('/new', 1, 60, 90)], [['endpoint_new', Infinity, 0.2]]],
    ['too few requests now', [ep('/a', 0, 500, 200), ep('/a', 1, 10, 900)], []],
    ['too few before: neither new nor judged', [ep('/a', 0, 5, 200), ep('/a', 1, 150, 900)], []],
    ['failing', [ep('/a', 0, 500, 200, 5), ep('/a', 1, 150, 200, 30)], [['endpoint_failing', 19, 0.5]]],
    [
      'slower and failing: two changes',
      [ep('/a', 0, 500, 200, 5), ep('/a', 1, 150, 400, 30)],
      [
        ['endpoint_slower', 1, 0.5],
        ['endpoint_failing', 19, 0.5],
      ],
    ],
  ])('%s', (_name, rows, expected) => {
    const found = endpointChanges(rows, S, SESSIONS).map((c) => [c.kind, c.relativeChange, c.score]);
    expect(found).toEqual(
      expected.map(([item, rel, score]) => [item, rel, expect.closeTo(score as number, 9)]),
    );
  });
});

describe('scriptChanges', () => {
  const script = (item: string, current: 0 | 1, total: number, sessions: number) => ({
    item,
    is_current: current,
    n: sessions,
    sessions,
    total,
  });
  it.each([
    ['newly causing long tasks', [script('/ads.js', 1, 30_000, 150)], [['/ads.js', 0.5]]],
    [
      'per session doubled',
      [script('/app.js', 0, 50_000, 500), script('/app.js', 1, 30_000, 300)],
      [['/app.js', 1]],
    ],
    ['unchanged per session', [script('/app.js', 0, 50_000, 500), script('/app.js', 1, 15_000, 300)], []],
    ['new but under 20 ms per session', [script('/tiny.js', 1, 3000, 300)], []],
  ])('%s', (_name, rows, expected) => {
    expect(scriptChanges(rows, S, SESSIONS).map((c) => [c.item, c.score])).toEqual(expected);
  });
});

describe('issueChanges', () => {
  it('each new issue, weighted by the share of sessions it reached, reproduced by an errors query', () => {
    const [c] = issueChanges(
      [{ fingerprint: 'fp1', type: 'TypeError', message: 'x is undefined', n: 80, sessions: 60 }],
      S,
      SESSIONS,
    );
    expect(c).toMatchObject({
      item: 'fp1',
      score: 0.2,
      title: 'New issue in 1.1: TypeError: x is undefined',
    });
    expect(c!.queries).toEqual([
      expect.objectContaining({ type: 'errors', issueIds: ['fp1'], filters: { release: ['1.1'] } }),
    ]);
  });
});
