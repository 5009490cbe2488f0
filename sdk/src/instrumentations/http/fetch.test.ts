import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { withHeaders, wrapFetch } from './fetch';
import { PAGE, TRACEPARENT, harness, usePropagator } from './testkit';

usePropagator();

describe('withHeaders', () => {
  const extra = { traceparent: 'tp' };
  it('adds headers to a URL call', () => {
    const [input, init] = withHeaders('/x', { method: 'POST' }, extra);
    expect(input).toBe('/x');
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('traceparent')).toBe('tp');
  });

  it('extends init.headers (which would replace a Request’s) and keeps an existing traceparent', () => {
    const [, init] = withHeaders(new URL('https://app.test/x'), { headers: { 'X-A': '1' } }, extra);
    expect([...new Headers(init?.headers)]).toEqual([
      ['traceparent', 'tp'],
      ['x-a', '1'],
    ]);
    const [, kept] = withHeaders('/x', { headers: [['Traceparent', 'app']] }, extra);
    expect(new Headers(kept?.headers).get('traceparent')).toBe('app');
  });

  it('rebuilds a Request with its method, headers and body', async () => {
    const req = new Request('https://app.test/pay', {
      method: 'POST',
      body: '{"sku":1}',
      headers: { 'content-type': 'application/json' },
      referrerPolicy: 'no-referrer',
    });
    const [input, init] = withHeaders(req, undefined, extra);
    expect(init).toBeUndefined();
    const out = input as Request;
    expect(out).not.toBe(req);
    expect([out.method, out.url, out.referrerPolicy]).toEqual([
      'POST',
      'https://app.test/pay',
      'no-referrer',
    ]);
    expect(out.headers.get('content-type')).toBe('application/json');
    expect(out.headers.get('traceparent')).toBe('tp');
    expect(await out.text()).toBe('{"sku":1}');
  });
});

describe('wrapFetch', () => {
  const tick = () => new Promise((r) => setTimeout(r, 0));
  type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  const fake = (result: () => Promise<Response>) => {
    const calls: Array<[RequestInfo | URL, RequestInit | undefined]> = [];
    const fn: Fetch = (input, init) => {
      calls.push([input, init]);
      return result();
    };
    return { fn, calls };
  };

  it('records a client span and a breadcrumb, propagating to the same origin', async () => {
    const h = harness();
    const orig = fake(() => Promise.resolve({ status: 201 } as Response));
    const res = await wrapFetch(
      h.ctx,
      orig.fn,
      () => PAGE,
      () => true,
    )('/api/cart?token=s3cret', {
      method: 'post',
    });
    expect(res.status).toBe(201);
    await tick();
    const [span] = h.spans();
    expect(span.name).toBe('HTTP POST');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'http.request.method': 'POST',
      'url.full': 'https://app.test/api/cart?token=[Filtered]',
      'server.address': 'app.test',
      'server.port': 443,
      'http.response.status_code': 201,
    });
    const tp = new Headers(orig.calls[0][1]?.headers).get('traceparent');
    expect(tp).toMatch(TRACEPARENT);
    expect(tp).toContain(span.spanContext().spanId);
    expect(h.crumbs[0]).toMatchObject({
      category: 'http',
      level: 'info',
      data: { method: 'POST', url: 'https://app.test/api/cart', status_code: 201 },
    });
  });

  it.each<[string, Array<string | RegExp>, boolean]>([
    ['https://cdn.test/x.json', [], false],
    ['https://api.test/x', ['https://api.test'], true],
  ])('propagates to %s with %j: %s', async (url, propagate, expected) => {
    const h = harness({ propagate });
    const orig = fake(() => Promise.resolve({ status: 200 } as Response));
    await wrapFetch(
      h.ctx,
      orig.fn,
      () => PAGE,
      () => true,
    )(url);
    expect(orig.calls[0][1] === undefined).toBe(!expected);
  });

  it('passes rejections through unchanged and records error.type', async () => {
    const h = harness();
    const err = new TypeError('Failed to fetch');
    const orig = fake(() => Promise.reject(err));
    await expect(
      wrapFetch(
        h.ctx,
        orig.fn,
        () => PAGE,
        () => true,
      )('https://api.test/'),
    ).rejects.toBe(err);
    await tick();
    expect(h.spans()[0].attributes['error.type']).toBe('TypeError');
    expect(h.spans()[0].status.code).toBe(SpanStatusCode.ERROR);
    expect(h.crumbs[0]).toMatchObject({ level: 'error', data: { status_code: 0 } });
  });

  it('returns the original promise and rethrows synchronous throws', () => {
    const h = harness();
    const p = Promise.resolve({ status: 200 } as Response);
    expect(
      wrapFetch(
        h.ctx,
        () => p,
        () => PAGE,
        () => true,
      )('/a'),
    ).toBe(p);
    const boom = new Error('sync');
    const throwing = () => {
      throw boom;
    };
    expect(() =>
      wrapFetch(
        h.ctx,
        throwing,
        () => PAGE,
        () => true,
      )('/a'),
    ).toThrow(boom);
    expect(h.spans()[0].attributes['error.type']).toBe('Error');
  });

  it('marks 4xx/5xx as errors', async () => {
    const h = harness();
    await wrapFetch(
      h.ctx,
      () => Promise.resolve({ status: 500 } as Response),
      () => PAGE,
      () => true,
    )('/a');
    await tick();
    expect(h.spans()[0].attributes['error.type']).toBe('500');
    expect(h.crumbs[0].level).toBe('error');
  });

  it.each([
    ['the SDK endpoint', 'https://otel.test/v1/traces', true],
    ['a data: URL', 'data:text/plain,hi', true],
    ['after shutdown', '/a', false],
  ])('leaves %s alone', async (_name, url, active) => {
    const h = harness();
    const orig = fake(() => Promise.resolve({ status: 200 } as Response));
    const init = { method: 'POST', keepalive: true };
    await wrapFetch(
      h.ctx,
      orig.fn,
      () => PAGE,
      () => active,
    )(url, init);
    expect(orig.calls[0][1]).toBe(init);
    expect(h.spans()).toHaveLength(0);
    expect(h.crumbs).toHaveLength(0);
  });

  it('falls back to the original arguments when headers cannot be built', async () => {
    const h = harness();
    const orig = fake(() => Promise.resolve({ status: 200 } as Response));
    const init = { headers: { 'bad header': 'x' } };
    await wrapFetch(
      h.ctx,
      orig.fn,
      () => PAGE,
      () => true,
    )('/a', init);
    expect(orig.calls[0][1]).toBe(init); // the real fetch reports the bad header itself
    expect(h.warnings).toEqual(['fetch failed']);
  });

  it('never rejects on its own side branch, even for a strange result', async () => {
    const h = harness();
    const onUnhandled = jest.fn();
    process.on('unhandledRejection', onUnhandled);
    await wrapFetch(
      h.ctx,
      () => Promise.resolve(undefined as unknown as Response),
      () => PAGE,
      () => true,
    )('/a');
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', onUnhandled);
    expect(onUnhandled).not.toHaveBeenCalled();
    expect(h.warnings).toEqual(['fetch end failed']);
  });

  it('skips breadcrumbs when switched off', async () => {
    const h = harness({ crumbs: false });
    await wrapFetch(
      h.ctx,
      () => Promise.resolve({ status: 200 } as Response),
      () => PAGE,
      () => true,
    )('/a');
    await tick();
    expect(h.spans()).toHaveLength(1);
    expect(h.crumbs).toHaveLength(0);
  });
});
