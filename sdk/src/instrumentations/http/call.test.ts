import { defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Attributes, Breadcrumb } from '../../types';
import {
  absoluteUrl,
  httpBreadcrumb,
  requestAttributes,
  responseAttributes,
  shouldPropagate,
  traceparent,
} from './call';
import { PAGE, scrub } from './testkit';

describe('pure mapping', () => {
  it.each([
    ['/api/items?x=1', 'https://app.test/api/items?x=1'],
    ['items', 'https://app.test/shop/items'],
    ['https://u:p@api.test:8443/v1', 'https://api.test:8443/v1'],
    ['http://[::1', undefined],
  ])('absoluteUrl %s', (raw, href) => expect(absoluteUrl(raw, PAGE.base)?.href).toBe(href));

  it.each<[string, string, Attributes]>([
    [
      'get',
      'https://api.test/v1/items?token=abc',
      {
        'http.request.method': 'GET',
        'url.full': 'https://api.test/v1/items?token=[Filtered]',
        'server.address': 'api.test',
        'server.port': 443,
      },
    ],
    ['PATCH', 'http://api.test:8080/', { 'http.request.method': 'PATCH', 'server.port': 8080 }],
    ['GET', 'http://api.test/', { 'server.port': 80 }],
    [
      'PROPFIND',
      'https://dav.test/',
      { 'http.request.method': '_OTHER', 'http.request.method_original': 'PROPFIND' },
    ],
  ])('requestAttributes %s %s', (method, url, expected) =>
    expect(requestAttributes(method, new URL(url), scrub)).toMatchObject(expected),
  );

  it.each<[string, Array<string | RegExp>, boolean]>([
    ['https://app.test/api', [], true],
    ['https://app.test:8443/api', [], false],
    ['http://app.test/api', [], false],
    ['https://api.test/v1/x', [], false],
    ['https://api.test/v1/x', ['https://api.test/'], true],
    ['https://api.test.evil.test/x', ['https://api.test/'], false],
    ['https://eu.api.test/x', [/^https:\/\/\w+\.api\.test\//], true],
  ])('shouldPropagate %s %j', (url, allowed, expected) =>
    expect(shouldPropagate(new URL(url), PAGE.origin, allowed)).toBe(expected),
  );

  it.each<[number, string | undefined, Attributes]>([
    [200, undefined, { 'http.response.status_code': 200, 'error.type': undefined }],
    [304, undefined, { 'http.response.status_code': 304, 'error.type': undefined }],
    [404, undefined, { 'http.response.status_code': 404, 'error.type': '404' }],
    [503, undefined, { 'http.response.status_code': 503, 'error.type': '503' }],
    [0, undefined, { 'http.response.status_code': undefined, 'error.type': undefined }], // opaque
    [0, 'TypeError', { 'http.response.status_code': undefined, 'error.type': 'TypeError' }],
  ])('responseAttributes %d %s', (status, failure, expected) =>
    expect(responseAttributes(status, failure)).toEqual(expected),
  );

  it.each<[number, string | undefined, Breadcrumb['level']]>([
    [200, undefined, 'info'],
    [404, undefined, 'error'],
    [0, 'AbortError', 'error'],
  ])('httpBreadcrumb %d %s', (status, failure, level) =>
    expect(
      httpBreadcrumb('POST', 'https://api.test/v1/pay?token=[Filtered]#x', status, 12.6, failure, 7),
    ).toEqual({
      category: 'http',
      timestamp: 7,
      level,
      data: { method: 'POST', url: 'https://api.test/v1/pay', status_code: status, duration_ms: 13 },
    }),
  );
});

describe('traceparent', () => {
  it.each([TraceFlags.SAMPLED, TraceFlags.NONE])(
    'is what W3CTraceContextPropagator injects (flags %s)',
    (traceFlags) => {
      const spanContext = {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags,
      };
      const headers: Record<string, string> = {};
      new W3CTraceContextPropagator().inject(
        trace.setSpanContext(ROOT_CONTEXT, spanContext),
        headers,
        defaultTextMapSetter,
      );
      expect(traceparent(spanContext)).toBe(headers.traceparent);
    },
  );
});
