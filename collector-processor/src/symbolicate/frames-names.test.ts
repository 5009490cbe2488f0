/**
 * Function names of symbolicated frames, on real minified code: esbuild and terser builds of one
 * small module, run in V8 (node:vm) under a script URL for genuine stacks, then symbolicated with
 * the builds' own maps. The frames with no caller (an async continuation, a listener) must get the
 * function they are in, not their minified name and not the callee named at their own position.
 */
import { build } from 'esbuild';
import vm from 'node:vm';
import type { ErrorRow } from '../store/rows';
import { commonRow } from '../../test/helpers/rows';
import { symbolicateRow } from './frames';
import { enclosingName, MAX_SCOPE_SOURCE_CHARS, originalPosition, parseMap } from './lookup';

const SOURCE = `function renderReport(data) {
  return data.rows.map((row) => row.label);
}
async function openReports(load) {
  const data = await load();
  return renderReport(data);
}
function onApplyCoupon() {
  throw new RangeError('Coupon expired');
}
class PaymentService {
  authorize(amount) {
    if (amount > 100) throw new Error('declined');
  }
}
function pay(service) {
  return service.authorize(120);
}
globalThis.shop = { openReports, onApplyCoupon, pay: () => pay(new PaymentService()) };
`;
const URL = 'https://shop.example/assets/reports-3f9a2b1c.js';

async function minified(variant: 'esbuild' | 'terser'): Promise<{ code: string; map: string }> {
  const out = await build({
    stdin: { contents: SOURCE, sourcefile: 'src/reports.js', loader: 'js' },
    bundle: true,
    format: 'iife',
    minify: variant === 'esbuild',
    sourcemap: 'external',
    sourcesContent: true,
    outfile: 'out/reports.js',
    write: false,
    logLevel: 'error',
  });
  const text = (suffix: string) => out.outputFiles.find((f) => f.path.endsWith(suffix))!.text;
  if (variant === 'esbuild') return { code: text('.js'), map: text('.js.map') };
  // terser's types resolve to its ESM build: import it dynamically from this CommonJS module.
  const { minify } = await import('terser');
  // No inlining, so each function keeps its own frame.
  const min = await minify(text('.js'), {
    sourceMap: { content: text('.js.map') },
    compress: { inline: false, reduce_funcs: false },
    mangle: { toplevel: true },
  });
  return { code: min.code!, map: min.map as string };
}

/** Runs `call` against the bundle in V8 and returns the app frames of what it threw or rejected. */
async function stackOf(code: string, call: string): Promise<{ line: number; column: number; fn: string }[]> {
  const context = vm.createContext({});
  vm.runInContext(code, context, { filename: URL });
  let stack = '';
  try {
    await vm.runInContext(call, context);
  } catch (err) {
    stack = (err as Error).stack ?? '';
  }
  return stack
    .split('\n')
    .map((l) => /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[2] === URL)
    .map((m) => ({ fn: m[1] ?? '', line: Number(m[3]), column: Number(m[4]) }));
}

function row(frames: { line: number; column: number; fn: string }[]): ErrorRow {
  const each = <T>(f: (x: (typeof frames)[number]) => T) => frames.map(f);
  return {
    ...commonRow(),
    exception_type: 'Error',
    exception_message: '',
    stacktrace: '',
    'frames.filename': each(() => URL),
    'frames.function': each((f) => f.fn),
    'frames.lineno': each((f) => f.line),
    'frames.colno': each((f) => f.column),
    'frames.in_app': each(() => 1),
    'frames.abs_path': each(() => URL),
    'frames.raw_lineno': each((f) => f.line),
    'frames.raw_colno': each((f) => f.column),
    'frames.raw_function': each((f) => f.fn),
    'frames.context': each(() => ''),
    'frames.symbolicated': each(() => 0),
    symbolication: 'missing',
    handled: 0,
    mechanism: 'onerror',
    fingerprint: '',
    fingerprint_version: 0,
    grouping: '',
    causes: '[]',
    breadcrumbs: '[]',
  };
}

describe.each(['esbuild', 'terser'] as const)('frame names from the %s map', (variant) => {
  let built: { code: string; map: string };
  beforeAll(async () => {
    built = await minified(variant);
  });
  const names = async (call: string) => {
    const frames = await stackOf(built.code, call);
    const map = parseMap(built.map);
    const out = symbolicateRow(row(frames), () => map);
    expect(out['frames.symbolicated']).toEqual(frames.map(() => 1));
    return { raw: frames.map((f) => f.fn), mapped: out['frames.function'] };
  };

  test('an async continuation (no caller frame) is named by its scope, not by the callee at its position', async () => {
    const { raw, mapped } = await names('shop.openReports(async () => ({}))');
    // The first two are the map callback and renderReport; openReports is outermost.
    expect(mapped.slice(-2)).toEqual(['renderReport', 'openReports']);
    expect(raw.at(-1)).not.toBe('openReports');
  });

  test('a listener called from outside the bundle is named by its scope', async () => {
    const { raw, mapped } = await names('shop.onApplyCoupon()');
    expect(mapped).toEqual(['onApplyCoupon']);
    expect(raw).not.toEqual(['onApplyCoupon']);
  });

  test('a method called through a property keeps the name its caller gives it', async () => {
    const { mapped } = await names('shop.pay()');
    expect(mapped.slice(0, 2)).toEqual([expect.stringMatching(/authorize$/), 'pay']);
  });
});

test('sources over MAX_SCOPE_SOURCE_CHARS are not read for scopes', () => {
  const source = (padding: number) => `function pay() {\n  x();\n}\n${' '.repeat(padding)}`;
  // Generated line 1 → original line 2, column 3 (inside pay).
  const map = (padding: number) =>
    parseMap(
      JSON.stringify({
        version: 3,
        sources: ['a.js'],
        sourcesContent: [source(padding)],
        names: [],
        mappings: 'AACE',
      }),
    );
  const small = map(10);
  expect(enclosingName(small, originalPosition(small, 1, 1)!)).toBe('pay');
  const big = map(MAX_SCOPE_SOURCE_CHARS);
  expect(enclosingName(big, originalPosition(big, 1, 1)!)).toBeUndefined();
});
