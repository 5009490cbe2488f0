/**
 * A small multi-file TypeScript shop app, bundled for real (esbuild, optionally terser on top with
 * the maps chained), run in V8 under a script URL to get genuine minified stack traces.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

export const APP_SOURCES: Record<string, string> = {
  'src/format.ts': `export function formatPrice(cents: number): string {
  return \`$\${(cents / 100).toFixed(2)}\`;
}
`,
  'src/cart.ts': `import { formatPrice } from './format';

export class CartError extends Error {}

export interface Item {
  price: number;
  qty: number;
}

export function validateCart(items: Item[]): number {
  let total = 0;
  for (const item of items) {
    if (item.qty <= 0) {
      throw new CartError(\`invalid quantity \${item.qty}\`);
    }
    total += item.price * item.qty;
  }
  return total;
}

export function checkout(items: Item[]): string {
  const total = validateCart(items);
  return formatPrice(total);
}
`,
  'src/main.ts': `import { checkout, type Item } from './cart';

function submitOrder(items: Item[]): string {
  return checkout(items);
}

(globalThis as unknown as { shop: unknown }).shop = { submitOrder };
`,
};

export interface OriginalPosition {
  /** As the maps name it: relative to the output directory `dist/assets`. */
  filename: string;
  lineno: number;
  colno: number;
  /** The original line, for the context assertion. */
  line: string;
}

/** Where an original-source needle is (1-based line and column). */
export function positionOf(file: string, needle: string): OriginalPosition {
  const lines = APP_SOURCES[file].split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return { filename: `../../${file}`, lineno: i + 1, colno: lines[i].indexOf(needle) + 1, line: lines[i] };
}

/** The frames a thrown CartError has, innermost first: the throw, then its two callers. */
export const EXPECTED = [
  positionOf('src/cart.ts', 'new CartError('),
  positionOf('src/cart.ts', 'validateCart(items);'),
  positionOf('src/main.ts', 'checkout(items);'),
];
export const EXPECTED_FUNCTIONS = ['validateCart', 'checkout'];

export interface Bundle {
  /** Relative path in the build dir → content: the script and its map. */
  files: Record<string, string>;
  script: string;
}

/** Writes the app to a temp dir and bundles it: esbuild minified, or esbuild then terser. */
export async function bundleApp(variant: 'esbuild' | 'terser', scriptName: string): Promise<Bundle> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-app-'));
  for (const [file, text] of Object.entries(APP_SOURCES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const out = await build({
    entryPoints: [path.join(root, 'src/main.ts')],
    bundle: true,
    format: 'iife',
    minify: variant === 'esbuild',
    sourcemap: 'external',
    outfile: path.join(root, 'dist', scriptName),
    write: false,
    logLevel: 'error',
  });
  const text = (suffix: string) => out.outputFiles.find((f) => f.path.endsWith(suffix))!.text;
  let code = text('.js');
  let map = text('.js.map');
  if (variant === 'terser') {
    // The esbuild map goes in as `content`: terser's map then points at the TypeScript sources.
    // No inlining, so the three app frames stay three frames.
    // terser's types resolve to its ESM build: import it dynamically from this CommonJS module.
    const { minify } = await import('terser');
    const min = await minify(code, {
      sourceMap: { content: map, url: `${path.basename(scriptName)}.map` },
      compress: { inline: false, reduce_funcs: false },
      mangle: { toplevel: true },
    });
    code = min.code!;
    map = min.map as string;
  }
  fs.rmSync(root, { recursive: true, force: true });
  return { files: { [scriptName]: code, [`${scriptName}.map`]: map }, script: scriptName };
}

/** Adds a Debug ID the way bundler plugins do: a `//# debugId=` comment and `debugId` in the map. */
export function withDebugId(bundle: Bundle, debugId: string): Bundle {
  const map = JSON.parse(bundle.files[`${bundle.script}.map`]) as Record<string, unknown>;
  return {
    script: bundle.script,
    files: {
      [bundle.script]: `${bundle.files[bundle.script]}\n//# debugId=${debugId}\n`,
      [`${bundle.script}.map`]: JSON.stringify({ ...map, debugId }),
    },
  };
}

/** Runs the bundle in V8 as if loaded from `url` and returns the CartError's stack, app frames only. */
export function v8Stack(bundle: Bundle, url: string): string {
  const context = vm.createContext({});
  vm.runInContext(bundle.files[bundle.script], context, { filename: url });
  try {
    (context.shop as { submitOrder(items: unknown[]): void }).submitOrder([{ price: 100, qty: 0 }]);
  } catch (err) {
    const lines = (err as Error).stack!.split('\n');
    return [lines[0], ...lines.slice(1).filter((l) => l.includes(url))].join('\n');
  }
  throw new Error('the app did not throw');
}

/** The same frames as Firefox writes them: `name@url:line:column`, no message line. */
export function firefoxStack(v8: string): string {
  return v8
    .split('\n')
    .slice(1)
    .map((l) => {
      const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(l);
      if (!m) throw new Error(`not a V8 frame: ${l}`);
      const name = (m[1] ?? '').replace(/^Object\./, '').replace(/ \[as .*\]$/, '');
      return `${name}@${m[2]}:${m[3]}:${m[4]}`;
    })
    .join('\n');
}

export interface ExceptionEvent {
  message: string;
  stack: string;
  /** service.version; none when omitted. */
  release?: string;
  /** Script URL → Debug ID, as the SDK sends them. */
  debugIds?: Record<string, string>;
}

/** One exception log event as OTLP/HTTP JSON, the shape @pulsetrace/web sends. */
export function exceptionLogs(e: ExceptionEvent) {
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const resource = [attr('service.name', 'shop-web')];
  if (e.release) resource.push(attr('service.version', e.release));
  const attributes = [
    attr('exception.type', 'Error'),
    attr('exception.message', e.message),
    attr('exception.stacktrace', e.stack),
  ];
  if (e.debugIds) attributes.push(attr('pulsetrace.exception.debug_ids', JSON.stringify(e.debugIds)));
  const record = { timeUnixNano: `${Date.now()}000000`, eventName: 'exception', attributes };
  return {
    resourceLogs: [
      {
        resource: { attributes: resource },
        scopeLogs: [{ scope: { name: 'pulsetrace' }, logRecords: [record] }],
      },
    ],
  };
}
