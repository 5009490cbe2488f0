/**
 * Fingerprint v2 end to end (the v1 scenarios; grouping-v2.test.ts has the cross-engine ones): OTLP exception log events through a real processor (every pipeline
 * stage, WAL, embedded ClickHouse), then the stored fingerprint and grouping columns. The stack
 * texts are what real Chromium and Firefox threw (src/fingerprint/testdata/browser-stacks.json).
 */
import {
  computeFingerprint,
  FINGERPRINT_VERSION,
  type FingerprintInput,
  type Grouping,
} from '../src/fingerprint';
import { thrown, type Browser, type Build, type Scenario, type Thrown } from '../src/fingerprint/testkit';
import minifiedBuilds from '../src/fingerprint/testdata/minified-builds.json';
import type { RunningProcessor } from '../src/processor';
import type { ProjectSettings } from '../src/projects/settings';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

const USER_AGENTS: Record<Browser, string> = {
  chromium:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
};

interface Sent {
  /** Stored as attributes['test.case'] to find the row again. */
  id: string;
  error: Thrown;
  release: string;
  browser?: Browser;
  sdkFingerprint?: string;
}

const captured = (id: string, browser: Browser, build: Build, scenario: Scenario): Sent => ({
  id,
  error: thrown(browser, build, scenario),
  release: build.split('-')[1],
  browser,
});

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One OTLP/JSON logs request: a resource per (release, browser), `exception` log events. */
function exceptionLogs(sent: Sent[]) {
  const groups = new Map<string, Sent[]>();
  for (const s of sent) {
    const key = `${s.release}|${s.browser ?? 'chromium'}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceLogs: [...groups.entries()].map(([key, list]) => {
      const [release, browser] = key.split('|') as [string, Browser];
      return {
        resource: {
          attributes: [
            str('service.name', 'shop'),
            str('service.version', release),
            str('user_agent.original', USER_AGENTS[browser]),
          ],
        },
        scopeLogs: [
          {
            scope: { name: 'pulsetrace-browser', version: '0.1.0' },
            logRecords: list.map((s, i) => ({
              timeUnixNano: String(now + BigInt(i)),
              severityNumber: 17,
              eventName: 'exception',
              attributes: [
                str('exception.type', s.error.name),
                str('exception.message', s.error.message),
                str('exception.stacktrace', s.error.stack),
                str('session.id', `session-${s.id}`),
                str('test.case', s.id),
                ...(s.sdkFingerprint ? [str('pulsetrace.exception.fingerprint', s.sdkFingerprint)] : []),
              ],
            })),
          },
        ],
      };
    }),
  };
}

interface StoredError extends FingerprintInput {
  test_case: string;
  fingerprint: string;
  fingerprint_version: number;
  grouping: string;
}

let processor: RunningProcessor;
let stored: Map<string, StoredError>;
let settings: ProjectSettings;

const fp = (id: string) => {
  const row = stored.get(id);
  if (!row) throw new Error(`no stored error for ${id}`);
  return row.fingerprint;
};
const grouping = (id: string): Grouping => JSON.parse(stored.get(id)!.grouping) as Grouping;

const SENT: Sent[] = [
  // One bug: Chromium and Firefox, releases 1.4.2 and 1.5.0 (different file hashes).
  captured('cart-chromium-1.4.2', 'chromium', 'unminified-1.4.2', 'typeError'),
  captured('cart-firefox-1.4.2', 'firefox', 'unminified-1.4.2', 'typeError'),
  captured('cart-chromium-1.5.0', 'chromium', 'unminified-1.5.0', 'typeError'),
  captured('cart-firefox-1.5.0', 'firefox', 'unminified-1.5.0', 'typeError'),
  // The same bug minified by terser, maps uploaded for both releases: symbolication brings back
  // the original names and paths, so the minified names (different per release) do not count.
  captured('mapped-chromium-1.4.2', 'chromium', 'minified-1.4.2', 'typeError'),
  captured('mapped-firefox-1.4.2', 'firefox', 'minified-1.4.2', 'typeError'),
  captured('mapped-chromium-1.5.0', 'chromium', 'minified-1.5.0', 'typeError'),
  captured('mapped-firefox-1.5.0', 'firefox', 'minified-1.5.0', 'typeError'),
  // Other bugs.
  captured('json-chromium', 'chromium', 'unminified-1.4.2', 'syntaxError'),
  captured('json-firefox', 'firefox', 'unminified-1.5.0', 'syntaxError'),
  captured('missing-helper', 'chromium', 'unminified-1.4.2', 'referenceError'),
  captured('not-a-function', 'firefox', 'unminified-1.4.2', 'notAFunction'),
  // Chunk loads: one issue per release, whatever the chunk, bundler or browser.
  captured('chunk-chromium-1.4.2', 'chromium', 'unminified-1.4.2', 'dynamicImport'),
  captured('chunk-firefox-1.4.2', 'firefox', 'unminified-1.4.2', 'dynamicImport'),
  {
    id: 'chunk-webpack-1.4.2',
    error: {
      name: 'ChunkLoadError',
      message: 'Loading chunk 318 failed.\n(error: https://shop.example/static/js/318.8c2d1e0f.chunk.js)',
      stack:
        'ChunkLoadError: Loading chunk 318 failed.\n    at __webpack_require__.f.j (https://shop.example/static/js/runtime-main.3f9a2b1c.js:1:4567)',
    },
    release: '1.4.2',
  },
  captured('chunk-chromium-1.5.0', 'chromium', 'unminified-1.5.0', 'dynamicImport'),
  // A project rule merges the browser's ResizeObserver noise.
  {
    id: 'resize-loop',
    error: {
      name: 'Error',
      message: 'ResizeObserver loop completed with undelivered notifications.',
      stack: '',
    },
    release: '1.4.2',
  },
  {
    id: 'resize-limit',
    error: { name: 'Error', message: 'ResizeObserver loop limit exceeded', stack: '' },
    release: '1.5.0',
  },
  // SDK fingerprints: explicit entries win over frames; {{ default }} refines the default.
  {
    ...captured('sdk-cart', 'chromium', 'unminified-1.4.2', 'typeError'),
    sdkFingerprint: 'checkout\npayment',
  },
  {
    ...captured('sdk-json', 'firefox', 'unminified-1.4.2', 'syntaxError'),
    sdkFingerprint: 'checkout\npayment',
  },
  {
    ...captured('sdk-default', 'chromium', 'unminified-1.4.2', 'typeError'),
    sdkFingerprint: '{{ default }}\ntenant-a',
  },
  // The rule wins over the SDK.
  {
    id: 'resize-with-sdk',
    error: { name: 'Error', message: 'ResizeObserver loop limit exceeded', stack: '' },
    release: '1.4.2',
    sdkFingerprint: 'mine',
  },
];

beforeAll(async () => {
  processor = await startTestProcessor();
  const { id, ingestKey } = await createProject(processor.url);
  const patched = await fetch(`${processor.url}/api/v1/projects/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      settings: {
        groupingRules: [
          { name: 'resize-observer', message: 'ResizeObserver loop*', fingerprint: ['resize-observer'] },
        ],
      },
    }),
  });
  expect(patched.status).toBe(200);
  settings = ((await patched.json()) as { settings: ProjectSettings }).settings;
  for (const [release, files] of Object.entries(minifiedBuilds)) {
    const form = new FormData();
    for (const [name, content] of Object.entries(files)) form.append('file', new Blob([content]), name);
    const uploaded = await fetch(`${processor.url}/api/v1/projects/${id}/releases/${release}/sourcemaps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
  }

  const res = await fetch(`${processor.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
    body: JSON.stringify(exceptionLogs(SENT)),
  });
  expect(res.status).toBe(200);
  await processor.drained();

  const result = await processor.store.client.query({
    query: `SELECT attributes['test.case'] AS test_case, exception_type, exception_message, release, attributes,
              frames.filename, frames.function, frames.in_app, frames.raw_function, frames.colno,
              frames.symbolicated, frames.context, fingerprint, fingerprint_version, grouping
            FROM errors WHERE project_id = {p:String}`,
    query_params: { p: id },
    format: 'JSONEachRow',
  });
  const rows = await result.json<StoredError>();
  stored = new Map(rows.map((r) => [r.test_case, r]));
  expect([...stored.keys()].sort()).toEqual(SENT.map((s) => s.id).sort());
});
afterAll(() => processor?.stop());

describe('fingerprint v2 in ClickHouse', () => {
  it('the same error from Chromium and Firefox in two releases is one fingerprint, grouped by frames', () => {
    const ids = ['cart-chromium-1.4.2', 'cart-firefox-1.4.2', 'cart-chromium-1.5.0', 'cart-firefox-1.5.0'];
    expect(new Set(ids.map(fp)).size).toBe(1);
    expect(grouping('cart-firefox-1.5.0')).toMatchObject({
      version: FINGERPRINT_VERSION,
      method: 'frames',
      // The crash site: the map callback inside total (its callers record the path to it).
      components: ['TypeError', '<anonymous> (assets/cart.js)', 'total (assets/cart.js)'],
      culprit: '<anonymous> (assets/cart.js)',
    });
    expect(grouping('cart-chromium-1.4.2').title).toBe(
      "TypeError: Cannot read properties of undefined (reading 'price')",
    );
  });

  it('the same minified error from both browsers and two releases is one fingerprint once maps are uploaded', () => {
    const ids = [
      'mapped-chromium-1.4.2',
      'mapped-firefox-1.4.2',
      'mapped-chromium-1.5.0',
      'mapped-firefox-1.5.0',
    ];
    expect(ids.map((id) => stored.get(id)!['frames.symbolicated'])).not.toContainEqual([0, 0, 0, 0, 0]);
    expect(ids.map((id) => grouping(id).components)).toEqual(ids.map(() => grouping(ids[0]).components));
    expect(grouping(ids[0])).toMatchObject({ method: 'frames' });
    expect(grouping(ids[0]).components.every((c) => !c.includes('assets/index.js'))).toBe(true);
  });

  it('the same JSON error, worded differently by each engine, is one fingerprint', () => {
    expect(fp('json-chromium')).toBe(fp('json-firefox'));
  });

  it('different errors are different fingerprints', () => {
    const ids = [
      'cart-chromium-1.4.2',
      'json-chromium',
      'missing-helper',
      'not-a-function',
      'chunk-chromium-1.4.2',
      'resize-loop',
      'sdk-cart',
      'sdk-default',
    ];
    expect(new Set(ids.map(fp)).size).toBe(ids.length);
  });

  it('chunk-load failures are one deploy-caused issue per release', () => {
    const r142 = ['chunk-chromium-1.4.2', 'chunk-firefox-1.4.2', 'chunk-webpack-1.4.2'];
    expect(new Set(r142.map(fp)).size).toBe(1);
    expect(fp('chunk-chromium-1.5.0')).not.toBe(fp('chunk-chromium-1.4.2'));
    expect(grouping('chunk-firefox-1.4.2')).toMatchObject({
      method: 'chunk_load',
      components: ['chunk-load', '1.4.2'],
      deployCaused: true,
    });
  });

  it('applies the project grouping rule, over an SDK fingerprint too', () => {
    expect(new Set(['resize-loop', 'resize-limit', 'resize-with-sdk'].map(fp)).size).toBe(1);
    expect(grouping('resize-loop')).toMatchObject({
      method: 'rule',
      rule: 'resize-observer',
      components: ['resize-observer'],
    });
    expect(grouping('resize-with-sdk').sdkOverridden).toBe(true);
  });

  it('an SDK fingerprint wins over the default grouping', () => {
    expect(fp('sdk-cart')).toBe(fp('sdk-json'));
    expect(grouping('sdk-cart')).toMatchObject({ method: 'sdk', components: ['checkout', 'payment'] });
    expect(fp('sdk-cart')).not.toBe(fp('cart-chromium-1.4.2'));
    expect(grouping('sdk-default').components).toEqual([
      ...grouping('cart-chromium-1.4.2').components,
      'tenant-a',
    ]);
  });

  it('stores the version, and the stored columns recompute to the stored fingerprint', () => {
    for (const row of stored.values()) {
      expect(row.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(row.fingerprint_version).toBe(FINGERPRINT_VERSION);
      const again = computeFingerprint(row, settings);
      expect(again.fingerprint).toBe(row.fingerprint);
      expect(again.grouping).toEqual(JSON.parse(row.grouping));
    }
  });
});
