import { Params } from '../../query/params';
import {
  dimensionExpr,
  endpointKey,
  explainDimensions,
  filterConditions,
  metricConditions,
  metricSource,
  originOf,
  parseEndpoint,
  scriptOf,
  singleSegment,
  xExpr,
  type ExplainMetric,
} from './dimensions';

const STORED = ['route', 'browser', 'os', 'device', 'country', 'release', 'environment'];

describe('explainDimensions: only what a query can reproduce', () => {
  it.each<[ExplainMetric, string[]]>([
    [{ type: 'web_vital', metric: 'CLS' }, [...STORED, 'attribution.largestShiftTarget']],
    [{ type: 'errors' }, STORED],
    [{ type: 'long_tasks' }, [...STORED, 'script', 'script_origin']],
    // A p95 over every endpoint is no row of the endpoints view: only the endpoint itself.
    [{ type: 'http', measure: 'p95' }, ['endpoint']],
    [{ type: 'http', measure: 'error_rate' }, [...STORED, 'endpoint', 'server']],
    [{ type: 'http', measure: 'p95', endpoint: 'GET api.example/cart' }, STORED],
    [{ type: 'http', measure: 'error_rate', endpoint: 'GET api.example/cart' }, STORED],
  ])('%j', (metric, expected) => {
    expect(explainDimensions(metric)).toEqual(expected);
  });

  it.each([
    ['route', false],
    ['attribution.target', true],
    ['endpoint', true],
    ['server', true],
    ['script', true],
    ['script_origin', true],
  ])('%s names one segment: %s', (dimension, one) => {
    expect(singleSegment(dimension)).toBe(one);
  });
});

describe('metricSource', () => {
  it.each<[ExplainMetric, object]>([
    [
      { type: 'web_vital', metric: 'LCP' },
      { table: 'web_vitals', field: 'p75', kind: 'rate', levelIndex: 2, name: 'web_vital.LCP.p75' },
    ],
    [{ type: 'errors' }, { table: 'errors', field: 'errors', kind: 'count', name: 'errors' }],
    [
      { type: 'http', measure: 'p95' },
      { table: 'http_requests', field: 'p95_ms', kind: 'rate', levelIndex: 4, level: 0.95, name: 'http.p95' },
    ],
    [
      { type: 'http', measure: 'error_rate' },
      { table: 'http_requests', field: 'error_rate', kind: 'rate', name: 'http.error_rate' },
    ],
    [{ type: 'long_tasks' }, { table: 'long_tasks', field: 'total_blocking_ms', kind: 'count' }],
  ])('%j', (metric, expected) => {
    expect(metricSource(metric)).toMatchObject(expected);
  });
});

describe('SQL pieces', () => {
  it.each<[string, string]>([
    ['route', 'toString(route)'],
    ['browser', 'toString(browser_name)'],
    ['endpoint', "concat(method, ' ', server_address, url_template)"],
    ['server', 'server_address'],
    ['script', "splitByChar('?', splitByChar('#', script_url)[1])[1]"],
    ['script_origin', 'extract(script_url, {p0:String})'],
    ['attribution.target', 'attribution[{p0:String}]'],
  ])('%s reads %s', (dimension, expr) => {
    expect(dimensionExpr(dimension, new Params())).toBe(expr);
  });

  it('refuses an unknown dimension or window filter instead of reading a column by name', () => {
    expect(() => dimensionExpr('url_template; DROP', new Params())).toThrow(/unknown/);
    expect(() => filterConditions({ 'x; DROP': ['1'] }, new Params())).toThrow(/cannot be filtered/);
  });

  it('binds window filter values by their fixed column', () => {
    const p = new Params();
    expect(filterConditions({ release: ['1.0'], browser: ['Firefox'], os: undefined }, p)).toEqual([
      'release IN {p0:Array(String)}',
      'browser_name IN {p1:Array(String)}',
    ]);
    expect(p.values).toEqual({ p0: ['1.0'], p1: ['Firefox'] });
  });

  it.each<[ExplainMetric, string, string[]]>([
    [{ type: 'errors' }, '1', []],
    [{ type: 'long_tasks' }, 'blocking_duration_ms', []],
    [{ type: 'http', measure: 'error_rate' }, 'toFloat64(status_code = 0 OR status_code >= 500)', []],
    [
      { type: 'http', measure: 'p95', endpoint: 'GET api.example/cart' },
      'toFloat64(duration_ms > {p0:Float64})',
      ['method = {p1:String}', 'server_address = {p2:String}', 'url_template = {p3:String}'],
    ],
  ])('x and row conditions of %j', (metric, x, where) => {
    const p = new Params();
    expect(xExpr(metric, p, 300)).toBe(x);
    expect(metricConditions(metric, p)).toEqual(where);
  });
});

describe('keys', () => {
  it.each([
    ['GET', 'api.shop.example', '/api/cart/{id}', 'GET api.shop.example/api/cart/{id}'],
    ['POST', '', '/relative', 'POST /relative'],
    ['GET', 'host', '', 'GET host'],
  ])('endpoint %s %s %s', (method, server_address, url_template, key) => {
    const e = { method, server_address, url_template };
    expect(endpointKey(e)).toBe(key);
    expect(parseEndpoint(key)).toEqual(e);
  });

  it.each([
    ['https://cdn.example/a.js?v=1&token=x#f', 'https://cdn.example/a.js', 'https://cdn.example'],
    ['https://cdn.example:8443/x/b.js', 'https://cdn.example:8443/x/b.js', 'https://cdn.example:8443'],
    ['/static/app.js?x', '/static/app.js', ''],
    ['', '', ''],
  ])('script %s', (url, script, origin) => {
    expect(scriptOf(url)).toBe(script);
    expect(originOf(url)).toBe(origin);
  });
});
