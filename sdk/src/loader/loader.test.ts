/**
 * The loader's logic in node: data- attributes to config, the SDK URL, config precedence, and the
 * stub's queue and replay against a fake window/document. Real browsers run it in sdk/test/ (e2e).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  configFromDataset,
  errorCall,
  install,
  MAX_QUEUED,
  mergeConfig,
  METHODS,
  sdkUrl,
  type LoaderWindow,
} from './loader';

describe('configFromDataset', () => {
  it('reads string, number and boolean options', () => {
    expect(
      configFromDataset({
        endpoint: 'https://collector.example.com',
        key: 'pt_abc',
        service: 'shop-web',
        release: '1.2.3',
        environment: 'production',
        sampleRate: '0.5',
        debug: '',
        startOptedOut: 'true',
        respectDoNotTrack: 'false',
      }),
    ).toEqual({
      endpoint: 'https://collector.example.com',
      key: 'pt_abc',
      service: 'shop-web',
      release: '1.2.3',
      environment: 'production',
      sampleRate: 0.5,
      debug: true,
      startOptedOut: true,
      respectDoNotTrack: false,
    });
  });

  it('keeps releases that look like numbers as strings', () => {
    expect(configFromDataset({ release: '1.2' })).toEqual({ release: '1.2' });
  });

  it('leaves out empty strings, bad numbers and unknown attributes', () => {
    expect(
      configFromDataset({ endpoint: '', key: '', sampleRate: 'half', sdkSrc: '/pt.js', batchSize: '5' }),
    ).toEqual({});
    expect(configFromDataset({ sampleRate: ' ' })).toEqual({});
    expect(configFromDataset({ sampleRate: '0' })).toEqual({ sampleRate: 0 });
  });

  it('reads "0" as false and "1" as true', () => {
    expect(configFromDataset({ debug: '0', startOptedOut: '1' })).toEqual({
      debug: false,
      startOptedOut: true,
    });
  });
});

describe('sdkUrl', () => {
  it('defaults to pulsetrace.min.js beside the loader, without its query', () => {
    expect(sdkUrl({}, 'https://cdn.example.com/pt/0.1.0/loader.min.js?v=3', 'https://shop.example/')).toBe(
      'https://cdn.example.com/pt/0.1.0/pulsetrace.min.js',
    );
  });

  it('prefers data-sdk-src', () => {
    expect(sdkUrl({ sdkSrc: '/static/pt.js' }, 'https://cdn.example.com/loader.min.js', '')).toBe(
      '/static/pt.js',
    );
  });

  it('falls back to the page URL without a loader URL (inline script)', () => {
    expect(sdkUrl({}, '', 'https://shop.example/app/cart?id=1')).toBe(
      'https://shop.example/app/pulsetrace.min.js',
    );
  });
});

describe('mergeConfig', () => {
  it('lets window.PulseTraceConfig override data- attributes and init() override both', () => {
    const beforeSend = () => null;
    expect(
      mergeConfig(
        { endpoint: 'https://a', key: 'pt_a', release: '1' },
        { key: 'pt_b', environment: 'staging' },
        { release: '2', beforeSend },
      ),
    ).toEqual({ endpoint: 'https://a', key: 'pt_b', release: '2', environment: 'staging', beforeSend });
    expect(mergeConfig({ endpoint: 'https://a' }, undefined, undefined)).toEqual({ endpoint: 'https://a' });
  });
});

describe('errorCall', () => {
  it('turns uncaught errors and rejections into captureException calls', () => {
    const error = new Error('boom');
    expect(errorCall({ type: 'error', error, message: 'Uncaught Error: boom' } as unknown as Event)).toEqual([
      'captureException',
      [error, { handled: false, mechanism: 'onerror' }],
    ]);
    expect(errorCall({ type: 'error', error: null, message: 'Script error.' } as unknown as Event)).toEqual([
      'captureException',
      ['Script error.', { handled: false, mechanism: 'onerror' }],
    ]);
    expect(errorCall({ type: 'unhandledrejection', reason: 42 } as unknown as Event)).toEqual([
      'captureException',
      [42, { handled: false, mechanism: 'onunhandledrejection' }],
    ]);
  });
});

describe('METHODS', () => {
  it('are the functions src/index.ts exports', () => {
    const index = fs.readFileSync(path.join(__dirname, '..', 'index.ts'), 'utf8');
    const exported = [...index.matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]);
    expect([...METHODS].sort()).toEqual(exported.sort());
  });
});

// A page just big enough for install(): listeners, currentScript and <head>.
type FakeScript = Partial<HTMLScriptElement> & { onload: () => void; onerror: () => void };
type Sdk = Record<string, jest.Mock>;

function fakePage(
  dataset: Record<string, string> = {},
  tag: Partial<HTMLScriptElement> | null = { src: 'https://cdn.example.com/pt/loader.min.js' },
) {
  const listeners = new Map<string, Set<(event: Event) => void>>();
  const appended: FakeScript[] = [];
  const w: LoaderWindow & Record<string, unknown> = {
    location: { href: 'https://shop.example/cart' },
    addEventListener: (type, fn) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(fn);
    },
    removeEventListener: (type, fn) => listeners.get(type)?.delete(fn),
  };
  const d = {
    currentScript: tag && { dataset, ...tag },
    createElement: () => ({}),
    head: { appendChild: (el: FakeScript) => appended.push(el) },
  } as unknown as Document;
  const fire = (type: string, event: object) =>
    listeners.get(type)?.forEach((fn) => fn({ type, ...event } as unknown as Event));
  const stub = () => w.PulseTrace as unknown as Record<string, (...args: unknown[]) => unknown>;
  /** What the real IIFE does: replaces window.PulseTrace, then the script's load event fires. */
  const loadSdk = (): Sdk => {
    const sdk: Sdk = {};
    for (const m of METHODS) sdk[m] = jest.fn(() => (m == 'init' ? true : undefined));
    sdk.flush.mockResolvedValue(undefined);
    w.PulseTrace = sdk as unknown as LoaderWindow['PulseTrace'];
    appended[0].onload();
    return sdk;
  };
  const order = (sdk: Sdk) =>
    Object.entries(sdk)
      .flatMap(([m, fn]) => fn.mock.calls.map((args, i) => [fn.mock.invocationCallOrder[i], m, args]))
      .sort((a, b) => (a[0] as number) - (b[0] as number))
      .map(([, m, args]) => [m, args]);
  return { w, d, appended, fire, stub, loadSdk, order, listeners };
}

describe('install', () => {
  it('stubs the whole API and injects the SDK asynchronously beside the loader', () => {
    const page = fakePage({ endpoint: 'https://c' }, { src: 'https://cdn.example.com/pt/loader.min.js' });
    const script = install(page.w, page.d);
    expect(page.appended).toEqual([script]);
    expect(script).toMatchObject({ async: true, src: 'https://cdn.example.com/pt/pulsetrace.min.js' });
    for (const m of METHODS) expect(typeof page.stub()[m]).toBe('function');
    expect(page.stub().getSessionId()).toBeUndefined();
    expect(page.stub().flush()).toBeInstanceOf(Promise);
    expect(page.stub().shutdown()).toBeInstanceOf(Promise);
    expect(page.stub().track('x')).toBeUndefined();
  });

  it('copies integrity, crossorigin and nonce to the SDK script', () => {
    const page = fakePage(
      { sdkSrc: 'https://cdn/pt.js', sdkIntegrity: 'sha384-abc' },
      { src: 'https://cdn/loader.min.js', crossOrigin: 'anonymous', nonce: 'n0nce' },
    );
    expect(install(page.w, page.d)).toMatchObject({
      src: 'https://cdn/pt.js',
      integrity: 'sha384-abc',
      crossOrigin: 'anonymous',
      nonce: 'n0nce',
    });
  });

  it('inits with the data- attributes and replays the queue in order', () => {
    const page = fakePage({ endpoint: 'https://c', key: 'pt_k', sampleRate: '0.25' });
    install(page.w, page.d);
    page.stub().identify('u1', { plan: 'pro' });
    page.stub().track('a', { n: 1 });
    page.stub().setRelease('9');
    page.stub().track('b');
    const sdk = page.loadSdk();
    expect(page.order(sdk)).toEqual([
      ['init', [{ endpoint: 'https://c', key: 'pt_k', sampleRate: 0.25 }]],
      ['identify', ['u1', { plan: 'pro' }]],
      ['track', ['a', { n: 1 }]],
      ['setRelease', ['9']],
      ['track', ['b']],
    ]);
  });

  it("merges the page's own init() over window.PulseTraceConfig over data- attributes", () => {
    const page = fakePage({ endpoint: 'https://c', key: 'pt_k', release: '1' });
    install(page.w, page.d);
    page.w.PulseTraceConfig = { release: '2', environment: 'staging' };
    page.stub().track('before-init');
    page.stub().init({ release: '3', debug: true });
    page.stub().init({ release: '4' });
    const sdk = page.loadSdk();
    expect(page.order(sdk)).toEqual([
      ['init', [{ endpoint: 'https://c', key: 'pt_k', release: '3', environment: 'staging', debug: true }]],
      ['track', ['before-init']],
      // A second init() reaches the SDK as it would without the loader (ignored there).
      ['init', [{ release: '4' }]],
    ]);
  });

  it('replays errors and rejections from before the SDK through captureException, then stops listening', () => {
    const page = fakePage({ endpoint: 'https://c' });
    install(page.w, page.d);
    const error = new Error('early');
    page.stub().track('first');
    page.fire('error', { error, message: 'Uncaught Error: early' });
    page.fire('unhandledrejection', { reason: 'nope' });
    const sdk = page.loadSdk();
    expect(page.order(sdk).slice(1)).toEqual([
      ['track', ['first']],
      ['captureException', [error, { handled: false, mechanism: 'onerror' }]],
      ['captureException', ['nope', { handled: false, mechanism: 'onunhandledrejection' }]],
    ]);
    expect(page.listeners.get('error')!.size).toBe(0);
    expect(page.listeners.get('unhandledrejection')!.size).toBe(0);
  });

  it('forwards calls on the stub to the SDK once it has loaded', () => {
    const page = fakePage({ endpoint: 'https://c' });
    install(page.w, page.d);
    const stub = page.stub();
    const sdk = page.loadSdk();
    stub.track('late', { a: 1 });
    expect(sdk.track).toHaveBeenCalledWith('late', { a: 1 });
    expect(stub.init({})).toBe(true);
  });

  it('keeps replaying when one replayed call throws', () => {
    const page = fakePage({ endpoint: 'https://c' });
    install(page.w, page.d);
    page.stub().identify('u');
    page.stub().track('after');
    const sdk: Sdk = {};
    for (const m of METHODS) sdk[m] = jest.fn();
    sdk.identify.mockImplementation(() => {
      throw new Error('bug');
    });
    page.w.PulseTrace = sdk as unknown as LoaderWindow['PulseTrace'];
    page.appended[0].onload();
    expect(sdk.track).toHaveBeenCalledWith('after');
  });

  it('takes over the inline snippet’s queue and stub object', () => {
    const page = fakePage({ endpoint: 'https://c' });
    const pre: Record<string, unknown> = { _q: [] };
    for (const m of METHODS)
      pre[m] = function (...args: unknown[]) {
        (pre._q as unknown[]).push([m, args]);
      };
    page.w.PulseTrace = pre;
    (pre.track as (n: string) => void)('queued-inline');
    install(page.w, page.d);
    expect(page.w.PulseTrace).toBe(pre);
    (pre.track as (n: string) => void)('queued-by-loader');
    const sdk = page.loadSdk();
    expect(page.order(sdk)).toEqual([
      ['init', [{ endpoint: 'https://c' }]],
      ['track', ['queued-inline']],
      ['track', ['queued-by-loader']],
    ]);
  });

  it('does nothing when the SDK is already on the page or a loader already ran', () => {
    const page = fakePage();
    const real = { init: () => true };
    page.w.PulseTrace = real as unknown as LoaderWindow['PulseTrace'];
    expect(install(page.w, page.d)).toBeUndefined();
    expect(page.w.PulseTrace).toBe(real);

    const again = fakePage();
    expect(install(again.w, again.d)).toBeDefined();
    expect(install(again.w, again.d)).toBeUndefined();
    expect(again.appended).toHaveLength(1);
  });

  it('stops queueing when the SDK fails to load', () => {
    const page = fakePage({ endpoint: 'https://c' });
    install(page.w, page.d);
    page.stub().track('lost');
    page.appended[0].onerror();
    expect(page.listeners.get('error')!.size).toBe(0);
    page.stub().track('also lost');
    // A late SDK then finds nothing queued.
    const sdk = page.loadSdk();
    expect(page.order(sdk)).toEqual([['init', [{ endpoint: 'https://c' }]]]);
  });

  it('bounds the queue', () => {
    const page = fakePage({ endpoint: 'https://c' });
    install(page.w, page.d);
    for (let i = 0; i < MAX_QUEUED + 50; i++) page.stub().track(`e${i}`);
    const sdk = page.loadSdk();
    expect(sdk.track).toHaveBeenCalledTimes(MAX_QUEUED);
    expect(sdk.track).toHaveBeenLastCalledWith(`e${MAX_QUEUED - 1}`);
  });

  it('works without currentScript (no data- attributes, SDK beside the page)', () => {
    const page = fakePage({}, null);
    expect(install(page.w, page.d)).toMatchObject({ src: 'https://shop.example/pulsetrace.min.js' });
  });
});
