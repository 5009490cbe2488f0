#!/usr/bin/env node
// Builds the demo shop into <out> (default deploy/demo-shop/dist):
//   <out>/*.html                        pages, with the README's loader tag (values filled by server.mjs)
//   <out>/assets/shop.min.js(.map)      src/ bundled and minified by esbuild, with a source map
//   <out>/pulsetrace/                   the SDK's loader.min.js + pulsetrace.min.js from sdk/dist
// Usage: node deploy/demo-shop/build.mjs [out]   (build the SDK first: npm run build -w sdk)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, 'dist'));
const sdkDist = path.resolve(here, '../../sdk/dist');
const SDK_FILES = ['loader.min.js', 'pulsetrace.min.js', 'pulsetrace.min.js.map'];

const missing = SDK_FILES.filter((f) => !fs.existsSync(path.join(sdkDist, f)));
if (missing.length) {
  console.error(`sdk/dist lacks ${missing.join(', ')}: run \`npm run build -w sdk\` first`);
  process.exit(1);
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'pulsetrace'), { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/main.js')],
  bundle: true,
  minify: true,
  sourcemap: true,
  // Original sources inside the map: the processor shows source context without fetching files.
  sourcesContent: true,
  format: 'iife',
  target: 'es2020',
  outfile: path.join(out, 'assets/shop.min.js'),
  logLevel: 'warning',
});
for (const f of fs.readdirSync(path.join(here, 'public')))
  fs.copyFileSync(path.join(here, 'public', f), path.join(out, f));
for (const f of SDK_FILES) fs.copyFileSync(path.join(sdkDist, f), path.join(out, 'pulsetrace', f));
console.log(`demo shop built into ${out}`);
