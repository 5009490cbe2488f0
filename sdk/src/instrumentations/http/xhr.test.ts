import { PAGE, TRACEPARENT, harness, usePropagator } from './testkit';
import { patchXhr, type XhrLike, type XhrProto } from './xhr';

usePropagator();

describe('patchXhr', () => {
  type Listener = (this: XhrLike, e: { type: string }) => void;
  class FakeXhr implements XhrLike {
    readyState = 0;
    status = 0;
    sync = false;
    sent = false;
    headers: Array<[string, string]> = [];
    listeners: Array<[string, Listener]> = [];
    addEventListener(type: string, l: Listener) {
      this.listeners.push([type, l]);
    }
    fire(...types: string[]) {
      for (const t of types) for (const [lt, l] of this.listeners) if (lt === t) l.call(this, { type: t });
    }
    complete(status: number) {
      this.readyState = 4;
      this.status = status;
      this.fire('load', 'loadend');
    }
  }
  const proto = FakeXhr.prototype as unknown as XhrProto & { [k: string]: unknown };
  const base: XhrProto = {
    open(this: XhrLike, ...args: unknown[]) {
      if (args[0] === 'BAD METHOD') throw new SyntaxError('bad');
      Object.assign(this, { readyState: 1, status: 0, headers: [], sync: args[2] === false, sent: false });
    },
    send(this: XhrLike) {
      const x = this as FakeXhr;
      if (x.readyState !== 1 || x.sent) throw new Error('InvalidStateError');
      x.sent = true;
      if (x.sync) x.status = 200;
      if (x.sync) x.readyState = 4;
    },
    setRequestHeader(this: XhrLike, n: string, v: string) {
      (this as FakeXhr).headers.push([n, v]);
    },
  };
  let restore: () => void;
  let h: ReturnType<typeof harness>;
  const xhr = () => new FakeXhr() as FakeXhr & XhrProto;
  beforeEach(() => {
    Object.assign(proto, base);
    h = harness();
    restore = patchXhr(h.ctx, proto, () => PAGE);
  });
  afterEach(() => restore());

  it('records a span, injects traceparent once and ends on loadend', () => {
    const x = xhr();
    x.open('GET', '/api/items?token=t');
    x.setRequestHeader('Content-Type', 'application/json');
    x.send(null);
    expect(x.headers.map(([n]) => n)).toEqual(['Content-Type', 'traceparent']);
    expect(x.headers[1][1]).toMatch(TRACEPARENT);
    expect(h.spans()).toHaveLength(0);
    x.complete(404);
    const [span] = h.spans();
    expect(span.name).toBe('HTTP GET');
    expect(span.attributes).toMatchObject({
      'url.full': 'https://app.test/api/items?token=[Filtered]',
      'http.response.status_code': 404,
      'error.type': '404',
    });
    expect(h.crumbs[0]).toMatchObject({ level: 'error', data: { method: 'GET', status_code: 404 } });
  });

  it('does not duplicate an app traceparent and does not propagate cross-origin', () => {
    const a = xhr();
    a.open('GET', '/a');
    a.setRequestHeader('traceparent', 'app');
    a.send();
    expect(a.headers).toEqual([['traceparent', 'app']]);
    const b = xhr();
    b.open('GET', 'https://cdn.test/b');
    b.send();
    expect(b.headers).toEqual([]);
  });

  it.each([
    ['error', 'NetworkError'],
    ['abort', 'AbortError'],
    ['timeout', 'TimeoutError'],
  ])('%s → error.type %s', (event, type) => {
    const x = xhr();
    x.open('POST', '/a');
    x.send('{}');
    x.readyState = 4;
    x.fire(event, 'loadend');
    expect(h.spans()[0].attributes['error.type']).toBe(type);
  });

  it('handles reuse, re-open in flight, sync requests and a second send', () => {
    const x = xhr();
    x.open('GET', '/one');
    x.send();
    x.open('GET', '/two'); // cancels /one without events
    x.send();
    x.complete(200);
    expect(h.spans().map((s) => [s.attributes['url.full'], s.attributes['error.type']])).toEqual([
      ['https://app.test/one', 'AbortError'],
      ['https://app.test/two', undefined],
    ]);
    expect(x.listeners.filter(([t]) => t === 'loadend')).toHaveLength(1);
    x.open('GET', '/sync', false);
    x.send();
    expect(h.spans()[2].attributes['http.response.status_code']).toBe(200);
    x.open('GET', '/twice');
    x.send();
    expect(() => x.send()).toThrow('InvalidStateError');
    x.complete(200);
    expect(h.spans()).toHaveLength(4);
    expect(h.spans()[3].attributes['error.type']).toBeUndefined();
  });

  it('rethrows the original errors and ignores the SDK endpoint', () => {
    const x = xhr();
    expect(() => x.open('BAD METHOD', '/a')).toThrow(SyntaxError);
    x.open('POST', 'https://otel.test/v1/traces');
    x.send('{}');
    x.complete(200);
    expect(x.headers).toEqual([]);
    expect(h.spans()).toHaveLength(0);
  });

  it('restores the prototype, keeping a later wrapper', () => {
    const later = function () {};
    proto.send = later;
    restore();
    expect(proto.open).toBe(base.open);
    expect(proto.send).toBe(later);
    restore = () => {};
  });
});
