import vm from 'node:vm';
import type { SdkContext } from '../../core/context';
import type { Attributes } from '../../types';
import { debugIdsOf } from './debug-ids';
import { describe as describeError, type Described } from './describe';
import { captureError } from './errors';

const ID_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const ID_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const err = (stacktrace: string): Described => ({ type: 'Error', message: 'm', stacktrace });

/** Registry keys as each engine writes `new Error().stack` inside the injected snippet. */
const V8_KEY =
  'Error\n    at https://cdn.test/assets/app-1f2e.js:1:40211\n    at https://cdn.test/assets/app-1f2e.js:1:40400';
const GECKO_KEY = '@https://cdn.test/assets/vendor.js:2:10\n@https://cdn.test/assets/vendor.js:2:99\n';
const SAFARI_KEY =
  '@https://cdn.test/assets/vendor.js:2:10\nglobal code@https://cdn.test/assets/vendor.js:2:99';
const V8_STACK =
  'TypeError: x\n    at f (https://cdn.test/assets/app-1f2e.js:1:500)\n    at https://cdn.test/main.js:3:4';
const GECKO_STACK = 'f@https://cdn.test/assets/vendor.js:2:300\n@https://cdn.test/page.html:9:1';

describe('debugIdsOf', () => {
  it.each<[string, Record<string, string> | undefined, Described[], Record<string, string> | undefined]>([
    ['no registry', undefined, [err(V8_STACK)], undefined],
    ['empty registry', {}, [err(V8_STACK)], undefined],
    ['a V8 key', { [V8_KEY]: ID_A }, [err(V8_STACK)], { 'https://cdn.test/assets/app-1f2e.js': ID_A }],
    ['a Gecko key', { [GECKO_KEY]: ID_B }, [err(GECKO_STACK)], { 'https://cdn.test/assets/vendor.js': ID_B }],
    [
      'a Safari key',
      { [SAFARI_KEY]: ID_B },
      [err(GECKO_STACK)],
      { 'https://cdn.test/assets/vendor.js': ID_B },
    ],
    [
      'only scripts in the stack',
      { [V8_KEY]: ID_A, [GECKO_KEY]: ID_B },
      [err(V8_STACK)],
      { 'https://cdn.test/assets/app-1f2e.js': ID_A },
    ],
    [
      'scripts in the causes too',
      { [V8_KEY]: ID_A, [GECKO_KEY]: ID_B },
      [err(V8_STACK), err(GECKO_STACK)],
      { 'https://cdn.test/assets/app-1f2e.js': ID_A, 'https://cdn.test/assets/vendor.js': ID_B },
    ],
    [
      'a URL prefix is not a match',
      { [V8_KEY]: ID_A },
      [err('at https://cdn.test/assets/app-1f2e.jsx:1:2')],
      undefined,
    ],
    ['no stack', { [V8_KEY]: ID_A }, [err('')], undefined],
    ['a key without a frame', { 'Error\n    at <anonymous>': ID_A }, [err(V8_STACK)], undefined],
  ])('%s', (_name, registry, errors, expected) => {
    const got = debugIdsOf(errors, registry ? { _pulsetraceDebugIds: registry } : {});
    expect(got === undefined ? undefined : JSON.parse(got)).toEqual(expected);
  });

  it('never throws, even for a hostile registry', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('nope');
        },
      },
    );
    expect(debugIdsOf([err(V8_STACK)], { _pulsetraceDebugIds: hostile })).toBeUndefined();
    const getter = Object.defineProperty({}, '_pulsetraceDebugIds', {
      get() {
        throw new Error('nope');
      },
    });
    expect(debugIdsOf([err(V8_STACK)], getter)).toBeUndefined();
  });

  it('reads the key the real injected snippet writes (V8)', () => {
    // The snippet `pulsetrace sourcemaps inject` appends (cli/src/sourcemaps/debug-id.ts).
    const snippet =
      ';!function(){try{var g="undefined"!=typeof window?window:"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:{},s=(new g.Error).stack;s&&(g._pulsetraceDebugIds=g._pulsetraceDebugIds||{},g._pulsetraceDebugIds[s]="' +
      ID_A +
      '")}catch(e){}}();';
    const sandbox = vm.createContext({});
    const file = 'https://cdn.test/assets/bundle.js';
    new vm.Script(`function boom(){throw new Error("x")}${snippet}`, { filename: file }).runInContext(
      sandbox,
    );
    let thrown: unknown;
    try {
      vm.runInContext('boom()', sandbox);
    } catch (e) {
      thrown = e;
    }
    expect(debugIdsOf([describeError(thrown)], sandbox)).toBe(JSON.stringify({ [file]: ID_A }));
  });
});

describe('captureError with debug ids', () => {
  const g = globalThis as { _pulsetraceDebugIds?: Record<string, string> };
  afterEach(() => delete g._pulsetraceDebugIds);

  it('attaches pulsetrace.exception.debug_ids for the scripts in the stack', () => {
    const records: Attributes[] = [];
    const ctx = {
      config: { ignoreErrors: [], ignoreUrls: [] },
      debug: { enabled: false, warn: () => {} },
      record: (_name: string, attrs: Attributes) => records.push(attrs),
      breadcrumbs: () => [],
      isIgnoredUrl: () => false,
    } as unknown as SdkContext;
    g._pulsetraceDebugIds = { [V8_KEY]: ID_A };
    const e = new Error('with id');
    e.stack = V8_STACK;
    captureError(ctx, e);
    captureError(ctx, Object.assign(new Error('elsewhere'), { stack: GECKO_STACK }));
    expect(records.map((r) => r['pulsetrace.exception.debug_ids'])).toEqual([
      JSON.stringify({ 'https://cdn.test/assets/app-1f2e.js': ID_A }),
      undefined,
    ]);
  });
});
