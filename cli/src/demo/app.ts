/**
 * The demo shop's own JavaScript, built per release with esbuild into a minified bundle and a real
 * source map, so the errors the seeder sends carry stack positions that exist in the bundle and
 * the processor symbolicates them back to src/*.js (as it would for a real app). Positions are
 * looked up in the map, never hard-coded: a different esbuild version changes the bundle, not
 * the correctness of the stacks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the bundle is served from (the shop's origin; the upload uses the `~/assets/` prefix). */
export const ASSET_BASE = 'https://shop.example/assets/';

/** A bug in the shop's source: `site` is a unique snippet of the faulting line in `file`. */
export interface BugSite {
  file: string;
  site: string;
  /** The function the fault is in, and the caller printed under it. */
  fn: string;
  caller: { file: string; site: string; fn: string };
}

const SOURCES = (release: string, regressed: boolean): Record<string, string> => ({
  'src/price.js': [
    'export function renderPrice(item) {',
    '  const cents = Math.round(item.product.price * 100);',
    "  return (cents / 100).toFixed(2) + ' EUR';",
    '}',
    '',
  ].join('\n'),
  'src/recommendations.js': [
    'export async function loadRecommendations(api) {',
    "  const res = await fetch(api + '/v1/recommendations');",
    "  if (!res.ok) throw new Error('recommendations request failed with HTTP ' + res.status);",
    '  return res.json();',
    '}',
    '',
  ].join('\n'),
  'src/layout.js': [
    'export function observeHeader(el, onResize) {',
    '  const ro = new ResizeObserver((entries) => onResize(entries[0].contentRect.height));',
    '  ro.observe(el);',
    '  return ro;',
    '}',
    '',
  ].join('\n'),
  'src/checkout.js': [
    'export function applyCoupon(cart, code) {',
    // The regression: 1.6.0 reads the coupon before checking it was found.
    regressed
      ? '  const coupon = cart.coupons.find((c) => c.code === code); return cart.total * (1 - coupon.discount);'
      : '  const coupon = cart.coupons.find((c) => c.code === code); return coupon ? cart.total * (1 - coupon.discount) : cart.total;',
    '}',
    '',
  ].join('\n'),
  'src/app.js': [
    "import { renderPrice } from './price';",
    "import { loadRecommendations } from './recommendations';",
    "import { observeHeader } from './layout';",
    "import { applyCoupon } from './checkout';",
    '',
    `export const RELEASE = ${JSON.stringify(release)};`,
    'export function onRender(items) { return items.map((item) => renderPrice(item)); }',
    'export function onHome(api) { return loadRecommendations(api); }',
    "export function onMount(doc) { return observeHeader(doc.querySelector('header'), () => {}); }",
    'export function onPay(cart, code) { return applyCoupon(cart, code); }',
    'globalThis.shop = { RELEASE, onRender, onHome, onMount, onPay };',
    '',
  ].join('\n'),
});

export const BUG_SITES = {
  price: {
    file: 'src/price.js',
    site: 'item.product.price',
    fn: 'renderPrice',
    caller: { file: 'src/app.js', site: 'renderPrice(item)', fn: 'onRender' },
  },
  recommendations: {
    file: 'src/recommendations.js',
    site: "new Error('recommendations",
    fn: 'loadRecommendations',
    caller: { file: 'src/app.js', site: 'loadRecommendations(api)', fn: 'onHome' },
  },
  resize: {
    file: 'src/layout.js',
    site: 'entries[0].contentRect',
    fn: 'observeHeader',
    caller: { file: 'src/app.js', site: 'observeHeader(doc', fn: 'onMount' },
  },
  coupon: {
    file: 'src/checkout.js',
    site: 'coupon.discount',
    fn: 'applyCoupon',
    caller: { file: 'src/app.js', site: 'applyCoupon(cart, code)', fn: 'onPay' },
  },
} satisfies Record<string, BugSite>;
export type BugName = keyof typeof BUG_SITES;

/** A position in the bundle as engines print it: 1-based line and column. */
export interface Frame {
  fn: string;
  line: number;
  col: number;
}

export interface BuiltRelease {
  release: string;
  /** The bundle's file name under ASSET_BASE (content-hashed, so each release has its own). */
  fileName: string;
  url: string;
  code: string;
  map: string;
  /** Top frame and caller of each bug, in this bundle. */
  frames: Record<BugName, [Frame, Frame]>;
}

/** esbuild and trace-mapping are the repository's devDependencies: `demo seed` runs from a checkout. */
async function tools() {
  try {
    const esbuild = await import('esbuild');
    const tm = await import('@jridgewell/trace-mapping');
    return { esbuild, tm };
  } catch (err) {
    throw new Error(
      `demo seed builds the demo app with esbuild (${(err as Error).message}): run it from a PulseTrace checkout after \`npm install\` (npm run demo)`,
      { cause: err },
    );
  }
}

export async function buildRelease(release: string, regressed: boolean): Promise<BuiltRelease> {
  const { esbuild, tm } = await tools();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-demo-app-'));
  try {
    const sources = SOURCES(release, regressed);
    for (const [rel, text] of Object.entries(sources)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const out = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/app.js'],
      bundle: true,
      // Whitespace and syntax only: identifiers keep their names, so the function names the
      // stacks print are the bundle's own (a minifier's short names would need the map's `names`).
      minifyWhitespace: true,
      minifySyntax: true,
      format: 'iife',
      sourcemap: 'linked',
      sourcesContent: true,
      // Beside src/, so the map's sources read `src/price.js` (what the issue's frames show).
      outdir: root,
      entryNames: 'app-[hash]',
      write: false,
      logLevel: 'silent',
    });
    const js = out.outputFiles.find((f) => f.path.endsWith('.js'))!;
    const map = out.outputFiles.find((f) => f.path.endsWith('.js.map'))!;
    const fileName = path.basename(js.path);
    const traced = new tm.TraceMap(map.text);
    const sourceOf = (file: string) => traced.sources.find((s) => s?.endsWith(file)) ?? file;
    const locate = (file: string, site: string, fn: string): Frame => {
      const lines = sources[file]!.split('\n');
      const line = lines.findIndex((l) => l.includes(site));
      if (line < 0) throw new Error(`demo app: "${site}" is not in ${file}`);
      const g = tm.generatedPositionFor(traced, {
        source: sourceOf(file),
        line: line + 1,
        column: lines[line]!.indexOf(site),
        bias: tm.LEAST_UPPER_BOUND,
      });
      if (g.line === null) throw new Error(`demo app: no mapping for ${file}:${line + 1}`);
      return { fn, line: g.line, col: g.column + 1 };
    };
    const frames = {} as BuiltRelease['frames'];
    for (const [name, b] of Object.entries(BUG_SITES) as [BugName, BugSite][])
      frames[name] = [locate(b.file, b.site, b.fn), locate(b.caller.file, b.caller.site, b.caller.fn)];
    return { release, fileName, url: ASSET_BASE + fileName, code: js.text, map: map.text, frames };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
