/**
 * Builds sdk/test/bundle-app into real minified bundles with source maps, the way apps ship:
 * `esbuild` minifies on its own, or bundles unminified and `terser` minifies with the esbuild map
 * as its input map (a chained map). Expected original positions come from `// @throw:<name>`
 * markers in the sources, so nothing about the output is hard-coded.
 */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { minify } from 'terser';

export const BUNDLE_APP_DIR = path.resolve(__dirname, '../bundle-app');

export type Minifier = 'esbuild' | 'terser';

export interface BuiltBundle {
  /** Output root; the script is under assets/. */
  dir: string;
  /** Script path relative to `dir`, e.g. assets/main-3KX7Q2AB.js. */
  script: string;
}

/** A throw site in the original sources: file relative to bundle-app, 1-based line and column of `new`. */
export interface ThrowSite {
  file: string;
  line: number;
  column: number;
}

export function throwSites(): Record<string, ThrowSite> {
  const sites: Record<string, ThrowSite> = {};
  const srcDir = path.join(BUNDLE_APP_DIR, 'src');
  for (const name of fs.readdirSync(srcDir)) {
    const lines = fs.readFileSync(path.join(srcDir, name), 'utf8').split('\n');
    lines.forEach((text, i) => {
      const marker = /\/\/ @throw:(\w+)/.exec(text);
      if (marker) sites[marker[1]] = { file: `src/${name}`, line: i + 1, column: text.indexOf('new ') + 1 };
    });
  }
  return sites;
}

export async function buildBundle(release: string, minifier: Minifier): Promise<BuiltBundle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pt-bundle-${release}-`));
  const assets = path.join(dir, 'assets');
  const result = await esbuild.build({
    entryPoints: [path.join(BUNDLE_APP_DIR, 'src/main.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: minifier === 'esbuild',
    sourcemap: 'linked',
    sourcesContent: true,
    // Content-hashed names, as production builds have; the release string changes the content.
    entryNames: '[name]-[hash]',
    banner: { js: `/* release ${release} */` },
    outdir: assets,
    sourceRoot: '',
    absWorkingDir: BUNDLE_APP_DIR,
    metafile: true,
    logLevel: 'silent',
  });
  const js = Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js'));
  if (!js) throw new Error('esbuild produced no script');
  const jsPath = path.resolve(BUNDLE_APP_DIR, js);
  const script = path.relative(dir, jsPath);
  const mapPath = `${jsPath}.map`;
  // Sources relative to the app root (`src/cart.ts`), not to this temp dir.
  const map = JSON.parse(fs.readFileSync(mapPath, 'utf8')) as { sources: string[] };
  map.sources = map.sources.map((s) => path.relative(BUNDLE_APP_DIR, path.resolve(assets, s)));
  fs.writeFileSync(mapPath, JSON.stringify(map));
  if (minifier === 'terser') {
    const minified = await minify(fs.readFileSync(jsPath, 'utf8'), {
      sourceMap: {
        content: fs.readFileSync(mapPath, 'utf8'),
        url: `${path.basename(jsPath)}.map`,
        includeSources: true,
      },
      mangle: true,
      compress: true,
    });
    fs.writeFileSync(jsPath, minified.code!);
    fs.writeFileSync(mapPath, minified.map as string);
  }
  return { dir, script };
}
