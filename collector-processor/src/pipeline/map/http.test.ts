import type { HttpRequestRow } from '../../store/rows';
import { mapResource } from '.';
import { CTX, PAGE, msAfter, resourceOf, span } from './testkit';

const API = 'https://api.example.com/v2/users/12345/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301?limit=5';
const client = (attributes: Record<string, string | number>, over = {}) =>
  span({ name: 'GET', kind: 3, endTimeUnixNano: msAfter(42.5), attributes, ...over });

const cases: [string, ReturnType<typeof client>, Partial<HttpRequestRow>][] = [
  [
    'stable semconv (instrumentation-fetch 0.223)',
    client({
      'http.request.method': 'GET',
      'url.full': API,
      'http.response.status_code': 200,
      'server.address': 'api.example.com',
      'server.port': 443,
      'http.response.body.size': 512,
      'browser.document.url.full': PAGE,
    }),
    {
      method: 'GET',
      http_url: API,
      url_template: '/v2/users/:id/orders/:id',
      server_address: 'api.example.com',
      status_code: 200,
      duration_ms: 42.5,
      response_size: 512,
      error_type: '',
      url: PAGE,
      route: '/products/:id',
      attributes: {},
    },
  ],
  [
    'old semconv (instrumentation-fetch 0.220 default)',
    client({
      component: 'fetch',
      'http.method': 'post',
      'http.url': API,
      'http.status_code': 503,
      'http.status_text': 'Service Unavailable',
      'http.host': 'api.example.com:443',
      'http.scheme': 'https',
      'http.request_content_length_uncompressed': 64,
      'http.response_content_length': 23,
      'http.user_agent': 'UA/1',
    }),
    {
      method: 'POST',
      server_address: 'api.example.com',
      status_code: 503,
      error_type: '503',
      request_size: 64,
      response_size: 23,
      user_agent: 'UA/1',
      attributes: {},
    },
  ],
  [
    'http/dup: both names, no duplicates left in attributes',
    client({
      'http.method': 'GET',
      'http.request.method': 'GET',
      'http.url': API,
      'url.full': API,
      'http.status_code': 404,
      'http.response.status_code': 404,
      'error.type': '404',
      'server.address': 'api.example.com',
      'http.host': 'api.example.com',
    }),
    { status_code: 404, error_type: '404', attributes: {} },
  ],
  [
    'network failure: status 0, error from span status',
    client(
      { 'http.request.method': 'GET', 'url.full': API },
      { status: { code: 2, message: 'Failed to fetch' } },
    ),
    { status_code: 0, error_type: 'Failed to fetch' },
  ],
  [
    'explicit url.template wins',
    client({
      'http.request.method': 'GET',
      'url.full': API,
      'url.template': '/v2/users/{id}/orders/{orderId}',
    }),
    { url_template: '/v2/users/{id}/orders/{orderId}' },
  ],
];

describe('http requests', () => {
  test.each(cases)('%s', (_name, s, expected) => {
    const { rows } = mapResource(resourceOf({ spans: [s] }), CTX);
    expect(rows.http_requests).toHaveLength(1);
    expect(rows.http_requests[0]).toMatchObject(expected);
  });

  test.each([
    [
      'a server span',
      span({ name: 'GET /x', kind: 2, attributes: { 'http.request.method': 'GET', 'url.full': API } }),
    ],
    ['an internal span with no HTTP attributes', span({ name: 'checkout.submit' })],
    [
      'a client span without a URL',
      span({ name: 'rpc', kind: 3, attributes: { 'http.request.method': 'GET' } }),
    ],
  ])('ignores %s (not rejected)', (_name, s) => {
    const r = mapResource(resourceOf({ spans: [s] }), CTX);
    expect(r.rows.http_requests).toHaveLength(0);
    expect(r.rejected).toBe(0);
  });
});
