import type { ExplainedHypothesis } from '../explain/explain';
import type { CorrelatedChange } from './correlated';
import { rankHypotheses, relevantKinds } from './rank';

/** A contribution-analysis hypothesis with its (absolute, 0–1) score. */
const explained = (dimension: string, segments: string[], explanatoryPower: number, score: number) =>
  ({
    dimension,
    segments,
    explanatoryPower,
    surprise: 0.1,
    lift: 3,
    pValue: 0.001,
    score,
    baseline: 1,
    current: 2,
    field: 'p75',
    queries: { baseline: { type: 'web_vitals' }, current: { type: 'web_vitals' } },
  }) as unknown as ExplainedHypothesis;

const changed = (kind: CorrelatedChange['kind'], item: string, score: number, title = `${kind} ${item}`) =>
  ({
    kind,
    item,
    title,
    score,
    relativeChange: 1,
    share: score,
    evidence: [{ item }],
    queries: [{ type: kind }],
  }) as CorrelatedChange;

describe('rankHypotheses: one ranking for both detectors', () => {
  it.each<[string, string, ExplainedHypothesis[], CorrelatedChange[], { release?: string }, string[]]>([
    [
      // The release explains it, and so does its heavier LCP image: the image first, release named.
      'LCP on a route: the grown LCP image before the bare release segment',
      'web_vital.LCP.p75',
      [
        explained('release', ['4.2.0'], 0.99, 0.98),
        explained('attribution.url', ['https://cdn.x/img/banner.png?w=2'], 1.3, 0.9),
        explained('device', ['desktop'], 0.9, 0.6),
      ],
      [changed('resource', 'https://cdn.x/img/banner.png', 0.2, 'img banner.png grew from 90 KB to 600 KB')],
      {},
      [
        'img banner.png grew from 90 KB to 600 KB (in release 4.2.0)',
        'release = 4.2.0 (99 % of the change)',
        'device = desktop (90 % of the change)',
      ],
    ],
    [
      'errors in one browser after a release: the browser, then the new issue, then the release',
      'error_rate',
      [explained('release', ['7.0'], 1.05, 0.97), explained('browser', ['Edge'], 0.94, 0.85)],
      [changed('issue', 'fp9', 0.04, 'New issue in 7.0: RangeError: bad length')],
      {},
      [
        'browser = Edge (94 % of the change)',
        'New issue in 7.0: RangeError: bad length',
        'release = 7.0 (105 % of the change)',
      ],
    ],
    [
      // Segments of a uniform change are gone before this (contribution.ts): the change leads.
      'a slower endpoint with no standing-out segment: the endpoint first',
      'http.p95',
      [],
      [
        changed('endpoint_slower', 'GET api/v2/orders', 0.6),
        changed('resource', 'app.js', 0.9),
        changed('endpoint_new', 'POST api/v2/pay', 0.1),
      ],
      {},
      ['endpoint_slower GET api/v2/orders', 'endpoint_new POST api/v2/pay'],
    ],
    [
      'a release-scoped card names its release in the changes that lack it',
      'error_rate',
      [],
      [
        changed('issue', 'fp2', 0.12, 'New issue in 9.1: ChunkLoadError'),
        changed('endpoint_failing', 'GET api/cart', 0.05),
      ],
      { release: '9.1' },
      ['New issue in 9.1: ChunkLoadError', 'endpoint_failing GET api/cart (in release 9.1)'],
    ],
    [
      'a set never outranks a single segment',
      'web_vital.INP.p75',
      [explained('country', ['JP', 'GB', 'US'], 0.73, 0.7), explained('browser', ['Firefox'], 0.95, 0.6)],
      [],
      {},
      ['browser = Firefox (95 % of the change)', 'country = JP, GB, US (73 % of the change)'],
    ],
    [
      'a tie: the concrete change first',
      'http.p95',
      [explained('route', ['/a'], 0.5, 0.5)],
      [changed('endpoint_slower', 'GET /a', 0.5)],
      {},
      ['endpoint_slower GET /a', 'route = /a (50 % of the change)'],
    ],
    [
      'only changes that can explain the metric',
      'error_rate',
      [],
      [
        changed('resource', '/hero.jpg', 0.9),
        changed('issue', 'fp1', 0.4),
        changed('endpoint_slower', 'GET /b', 0.3),
      ],
      {},
      ['issue fp1'],
    ],
    ['nothing scores: nothing', 'web_vital.INP.p75', [explained('route', ['/a'], 0.9, 0)], [], {}, []],
  ])('%s', (_name, metric, hypotheses, changes, options, expected) => {
    expect(rankHypotheses(metric, hypotheses, changes, options).map((h) => h.title)).toEqual(expected);
  });

  it('the grown LCP resource and its attribution.url segment are one hypothesis with both evidences', () => {
    const [top, ...rest] = rankHypotheses(
      'web_vital.LCP.p75',
      [explained('attribution.url', ['/hero.jpg?v=2'], 1, 0.8)],
      [changed('resource', '/hero.jpg', 0.3)],
    );
    expect(rest).toEqual([]);
    expect(top).toMatchObject({ title: 'resource /hero.jpg', score: 0.8 });
    expect(top!.evidence).toHaveLength(2);
    expect(top!.queries).toHaveLength(3);
  });

  it('keeps at most `max` hypotheses', () => {
    const many = Array.from({ length: 12 }, (_, i) => changed('issue', `fp${i}`, 0.5 - i / 100));
    expect(rankHypotheses('error_rate', [], many, { max: 4 })).toHaveLength(4);
  });

  it.each([
    ['web_vital.LCP.p75', ['resource', 'endpoint_new', 'endpoint_slower', 'script']],
    ['web_vital.INP.p75', ['script']],
    ['http.p95', ['endpoint_new', 'endpoint_slower']],
    ['http.error_rate', ['endpoint_new', 'endpoint_failing']],
    ['error_rate', ['issue', 'endpoint_failing']],
  ])('%s is explained by %j', (metric, kinds) => {
    expect(relevantKinds(metric)).toEqual(kinds);
  });
});
