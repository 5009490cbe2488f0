import type { DebugLogger } from '../core/debug-logger';
import { BATCH_HEADER, createSender, outcomeOf, retryDelayMs, withKeyAttribute } from './sender';
import type { BatchStore, StoredBatch } from './store';

describe('outcomeOf', () => {
  it.each([
    [200, 'done'],
    [204, 'done'],
    [400, 'drop'],
    [401, 'drop'],
    [413, 'drop'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ])('HTTP %i → %s', (status, outcome) => expect(outcomeOf(status)).toBe(outcome));
});

describe('retryDelayMs', () => {
  it('honours Retry-After seconds and dates, capped at 5 minutes', () => {
    expect(retryDelayMs(1, '7', 0.5)).toBe(7000);
    expect(retryDelayMs(1, '100000', 0.5)).toBe(300_000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryDelayMs(1, inTenSeconds, 0.5)).toBeGreaterThan(8000);
    expect(retryDelayMs(1, inTenSeconds, 0.5)).toBeLessThanOrEqual(10_000);
  });
  it('backs off exponentially with ±50% jitter otherwise', () => {
    expect(retryDelayMs(1, null, 0.5)).toBe(1000);
    expect(retryDelayMs(3, null, 0.5)).toBe(4000);
    expect(retryDelayMs(3, null, 0)).toBe(2000);
    expect(retryDelayMs(3, null, 0.999)).toBeLessThan(6000);
    expect(retryDelayMs(30, null, 0.5)).toBe(300_000);
    expect(retryDelayMs(2, 'garbage', 0.5)).toBe(2000);
  });
});

describe('rescueInFlight', () => {
  const batch: StoredBatch = { id: 'b1', body: '{"resourceSpans":[]}', createdAt: 0 };
  const store = {
    list: async () => [batch],
    add: async () => undefined,
    remove: jest.fn(async () => undefined),
    spill: () => undefined,
  } as unknown as BatchStore;
  const debug = { warn: () => undefined } as unknown as DebugLogger;
  const realFetch = globalThis.fetch;
  const g = globalThis as unknown as Record<string, unknown>;
  beforeAll(() => {
    // The sender listens for `online`; these unit tests run in Node, which has no window events.
    g.addEventListener ??= () => undefined;
    g.removeEventListener ??= () => undefined;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('resends an ordinary POST still in flight with keepalive, once, under the same batch id', async () => {
    const calls: RequestInit[] = [];
    globalThis.fetch = jest.fn((_url: unknown, init?: RequestInit) => {
      calls.push(init!);
      // The ordinary POST never settles (the page is going away); the keepalive one is answered.
      return init?.keepalive
        ? Promise.resolve(new Response(null, { status: 200 }))
        : new Promise<Response>(() => {});
    }) as typeof fetch;
    const sender = createSender('https://rum.example/v1/traces', 'pt_key', store, debug);
    sender.rescueInFlight(); // nothing in flight yet: nothing sent
    sender.drain();
    for (let i = 0; i < 50 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(calls).toHaveLength(1);
    sender.rescueInFlight();
    sender.rescueInFlight(); // pagehide after visibilitychange: still one resend
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ keepalive: true, body: batch.body });
    expect((calls[1]!.headers as Record<string, string>)[BATCH_HEADER]).toBe('b1');
    expect((calls[0]!.headers as Record<string, string>)[BATCH_HEADER]).toBe('b1');
    sender.stop();
  });
});

describe('withKeyAttribute (the beacon fallback: no headers)', () => {
  const KEY = { key: 'pulsetrace.project.key', value: { stringValue: 'pt_key' } };
  it('puts the key on every resource of an OTLP/JSON body', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
          scopeSpans: [],
        },
        { resource: {}, scopeSpans: [] },
        { scopeSpans: [{ spans: [{ name: 's' }] }] },
      ],
    });
    const out = JSON.parse(withKeyAttribute(body, 'pt_key'));
    expect(
      out.resourceSpans.map((rs: { resource: { attributes: unknown[] } }) => rs.resource.attributes),
    ).toEqual([[{ key: 'service.name', value: { stringValue: 'shop' } }, KEY], [KEY], [KEY]]);
    expect(out.resourceSpans[2].scopeSpans).toEqual([{ spans: [{ name: 's' }] }]);
  });
  it.each(['not json', '', 'null', '{"resourceLogs":[]}', '{"resourceSpans":3}'])(
    'returns any other body unchanged: %j',
    (body) => expect(withKeyAttribute(body, 'pt_key')).toBe(body),
  );
});

describe('sendOnUnload', () => {
  const store = { remove: jest.fn(async () => undefined) } as unknown as BatchStore;
  const debug = { warn: jest.fn() } as unknown as DebugLogger;
  const g = globalThis as unknown as Record<string, unknown>;
  const realFetch = globalThis.fetch;
  const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  let beacons: Array<{ url: string; data: Blob }>;
  beforeAll(() => {
    g.addEventListener ??= () => undefined;
    g.removeEventListener ??= () => undefined;
  });
  beforeEach(() => {
    beacons = [];
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { sendBeacon: (url: string, data: Blob) => beacons.push({ url, data }) > 0 },
    });
    // fetch keepalive unsupported: the beacon fallback
    globalThis.fetch = jest.fn(() => {
      throw new TypeError('keepalive unsupported');
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  });
  const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [] }] });

  it('beacons the key in the query and as a resource attribute of the JSON body', async () => {
    const sender = createSender('https://rum.example/v1/traces', 'pt key', store, debug);
    sender.sendOnUnload({ id: 'b1', body, createdAt: 0 });
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe('https://rum.example/v1/traces?batch=b1&key=pt%20key');
    expect(beacons[0]!.data.type).toBe('application/json');
    expect(JSON.parse(await beacons[0]!.data.text()).resourceSpans[0].resource.attributes).toEqual([
      { key: 'pulsetrace.project.key', value: { stringValue: 'pt key' } },
    ]);
    sender.stop();
  });
  it('beacons a body that is not OTLP/JSON unchanged, and without a key the body as it is', async () => {
    const sender = createSender('https://rum.example/v1/traces', 'pt_key', store, debug);
    sender.sendOnUnload({ id: 'b2', body: 'not json', createdAt: 0 });
    expect(await beacons[0]!.data.text()).toBe('not json');
    sender.stop();
    const keyless = createSender('https://rum.example/v1/traces', undefined, store, debug);
    keyless.sendOnUnload({ id: 'b3', body, createdAt: 0 });
    expect(beacons[1]!.url).toBe('https://rum.example/v1/traces?batch=b3');
    expect(await beacons[1]!.data.text()).toBe(body);
    keyless.stop();
  });
});
