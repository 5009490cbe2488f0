import type { ExplainField, ExplainMetric, Window } from './dimensions';
import { readNumber, reproduction, type Reproduction } from './reproduce';

const W: Window = { from: 1000, to: 2000, filters: { release: ['2.0'] } };
const CART = { method: 'GET', server_address: 'api.example', url_template: '/cart' };

describe('reproduction', () => {
  it.each<[string, ExplainMetric, string, string[], Reproduction]>([
    [
      'a vital, a stored dimension: the filtered table',
      { type: 'web_vital', metric: 'LCP' },
      'route',
      ['/a', '/b'],
      {
        query: {
          type: 'web_vitals',
          project: 'p',
          from: 1000,
          to: 2000,
          metric: 'LCP',
          percentiles: [75],
          view: 'table',
          filters: { release: ['2.0'], route: ['/a', '/b'] },
        },
      },
    ],
    [
      'an attribution key: a row of the attribution view, window filters kept',
      { type: 'web_vital', metric: 'LCP' },
      'attribution.target',
      ['img.hero'],
      {
        query: {
          type: 'web_vitals',
          project: 'p',
          from: 1000,
          to: 2000,
          metric: 'LCP',
          percentiles: [75],
          view: 'attribution',
          attribution: 'target',
          filters: { release: ['2.0'] },
          limit: 10_000,
        },
        row: { attribution: 'img.hero' },
      },
    ],
    [
      'errors of some issues',
      { type: 'errors', issueIds: ['fp'] },
      'browser',
      ['Firefox'],
      {
        query: {
          type: 'errors',
          project: 'p',
          from: 1000,
          to: 2000,
          view: 'table',
          filters: { release: ['2.0'], browser: ['Firefox'] },
          issueIds: ['fp'],
        },
      },
    ],
    [
      'long tasks, a stored dimension: the total row',
      { type: 'long_tasks' },
      'country',
      ['BR'],
      {
        query: {
          type: 'long_tasks',
          project: 'p',
          from: 1000,
          to: 2000,
          view: 'table',
          filters: { release: ['2.0'], country: ['BR'] },
        },
      },
    ],
    [
      "a script: by_script's rows of that script",
      { type: 'long_tasks' },
      'script',
      ['https://cdn/x.js'],
      {
        query: {
          type: 'long_tasks',
          project: 'p',
          from: 1000,
          to: 2000,
          view: 'by_script',
          filters: { release: ['2.0'] },
          limit: 10_000,
        },
        row: { script: 'https://cdn/x.js' },
      },
    ],
    [
      'an endpoint: the endpoints view narrowed to it, and its row (the host too)',
      { type: 'http', measure: 'p95' },
      'endpoint',
      ['GET api.example/cart'],
      {
        query: {
          type: 'http',
          project: 'p',
          from: 1000,
          to: 2000,
          view: 'endpoints',
          limit: 10_000,
          filters: { release: ['2.0'] },
          methods: ['GET'],
          urlTemplates: ['/cart'],
        },
        row: CART,
      },
    ],
    [
      "one endpoint's metric, a stored dimension: filtered, the endpoint's row",
      { type: 'http', measure: 'error_rate', endpoint: 'GET api.example/cart' },
      'os',
      ['iOS'],
      {
        query: {
          type: 'http',
          project: 'p',
          from: 1000,
          to: 2000,
          view: 'endpoints',
          limit: 10_000,
          filters: { release: ['2.0'], os: ['iOS'] },
          methods: ['GET'],
          urlTemplates: ['/cart'],
        },
        row: CART,
      },
    ],
    [
      "a server: the endpoints view's rows on it",
      { type: 'http', measure: 'error_rate' },
      'server',
      ['pay.example'],
      {
        query: {
          type: 'http',
          project: 'p',
          from: 1000,
          to: 2000,
          view: 'endpoints',
          limit: 10_000,
          filters: { release: ['2.0'] },
        },
        row: { server_address: 'pay.example' },
      },
    ],
  ])('%s', (_, metric, dimension, segments, expected) => {
    expect(reproduction('p', metric, W, { dimension, segments })).toEqual(expected);
  });
});

describe('readNumber', () => {
  const endpoints = [
    { ...CART, requests: 100, error_rate: 0.1, p95_ms: 900 },
    { ...CART, server_address: 'other', requests: 300, error_rate: 0.5, p95_ms: 200 },
    {
      method: 'POST',
      server_address: 'api.example',
      url_template: '/pay',
      requests: 100,
      error_rate: 0,
      p95_ms: 50,
    },
  ];
  const scripts = [
    { script_url: 'https://cdn/x.js?v=1', invoker: 'a', total_blocking_ms: 100 },
    { script_url: 'https://cdn/x.js?v=2', invoker: 'b', total_blocking_ms: 50 },
    { script_url: 'https://own/app.js', invoker: 'a', total_blocking_ms: 7 },
  ];
  it.each<[string, Array<Record<string, unknown>>, ExplainField, Record<string, string> | undefined, number]>(
    [
      ['a percentile is its one row', endpoints, 'p95_ms', CART, 900],
      ['no row: NaN', endpoints, 'p95_ms', { ...CART, method: 'PUT' }, NaN],
      [
        'several rows: NaN, a percentile does not add up',
        endpoints,
        'p95_ms',
        { server_address: 'api.example' },
        NaN,
      ],
      [
        'an error rate over the rows: failures over requests',
        endpoints,
        'error_rate',
        undefined,
        (10 + 150) / 500,
      ],
      ['an error rate of a server', endpoints, 'error_rate', { server_address: 'api.example' }, 10 / 200],
      ['no requests: NaN', [], 'error_rate', undefined, NaN],
      [
        'blocking time of a script, query strings aside',
        scripts,
        'total_blocking_ms',
        { script: 'https://cdn/x.js' },
        150,
      ],
      ['blocking time of an origin', scripts, 'total_blocking_ms', { script_origin: 'https://own' }, 7],
      ['a count without rows is 0', [], 'errors', undefined, 0],
    ],
  )('%s', (_, rows, field, match, expected) => {
    const n = readNumber(rows, field, match);
    if (Number.isNaN(expected)) expect(n).toBeNaN();
    else expect(n).toBeCloseTo(expected, 12);
  });
});
