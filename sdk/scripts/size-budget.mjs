#!/usr/bin/env node
// Size budget for @pulsetrace/web, run by `npm test` after the sdk build:
//   node sdk/scripts/size-budget.mjs [--verbose]
// Bundles in memory exactly what build.mjs writes (its esbuild options, and buildIife()'s terser
// pass for the CDN build) and compares gzip -9 sizes:
//   full SDK  = dist/pulsetrace.min.js: src/index.ts with every dependency bundled and minified,
//               i.e. what an app ships for `import * as PulseTrace from '@pulsetrace/web'`
//   loader    = dist/loader.min.js
//   npm import = `import { init } from '@pulsetrace/web'` in an app, bundled and minified by
//               esbuild with its defaults (dist/esm and the dependencies as npm resolves them):
//               what a bundler user ships, without our terser pass. Needs `npm run build -w sdk`.
// Exits 1 when one is over budget, listing the 10 inputs that contribute most to it (--verbose:
// always).
import * as esbuild from 'esbuild';
import { Buffer } from 'node:buffer';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildIife, iifeOptions, kb, loaderOptions, sdkDir } from '../build.mjs';

const NPM_IMPORT = {
  stdin: {
    contents:
      "import { init } from '@pulsetrace/web';\ninit({ endpoint: 'https://rum.example', ingestKey: 'k', serviceName: 'shop' });\n",
    resolveDir: sdkDir,
    loader: 'js',
  },
  outfile: path.join(sdkDir, 'npm-import.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'silent',
  write: false,
};

const BUDGETS = [
  { name: 'full SDK (pulsetrace.min.js)', options: iifeOptions, build: buildIife, budget: 28 * 1024 },
  {
    name: 'loader (loader.min.js)',
    options: loaderOptions,
    build: async () => {
      const r = await esbuild.build({
        ...loaderOptions,
        write: false,
        sourcemap: false,
        absWorkingDir: sdkDir,
      });
      return { code: r.outputFiles.find((f) => f.path.endsWith('.js')).contents, metafile: r.metafile };
    },
    budget: 1536,
  },
  {
    name: "npm import (esbuild: import { init } from '@pulsetrace/web')",
    options: NPM_IMPORT,
    build: async () => {
      const r = await esbuild.build({ ...NPM_IMPORT, absWorkingDir: sdkDir });
      return { code: r.outputFiles[0].contents, metafile: r.metafile };
    },
    budget: 28 * 1024,
  },
];
const verbose = process.argv.includes('--verbose');

/** Minified bytes per input in the output (esbuild metafile), biggest first. */
function contributors(metafile, outputPath) {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(path.basename(outputPath)));
  if (!output) return [];
  return Object.entries(output[1].inputs)
    .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
    .filter((c) => c.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** node_modules/@scope/name/… → @scope/name; sources → src. */
function packageOf(input) {
  const parts = input.split('node_modules/');
  if (parts.length === 1) return 'src (@pulsetrace/web)';
  const segments = parts[parts.length - 1].split('/');
  return segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
}

let failed = false;
for (const { name, options, build, budget } of BUDGETS) {
  let result;
  try {
    result = await build();
  } catch (error) {
    process.stdout.write(`✗ ${name}: build failed\n${error.message}\n`);
    failed = true;
    continue;
  }
  const js = { contents: Buffer.from(result.code) };
  const gzip = zlib.gzipSync(js.contents, { level: 9 }).length;
  const over = gzip > budget;
  failed ||= over;
  process.stdout.write(
    `${over ? '✗' : '✓'} ${name}: ${kb(gzip)} gzip -9 (${gzip} B, ${kb(js.contents.length)} minified)` +
      ` / budget ${kb(budget)} (${budget} B), ${((gzip / budget) * 100).toFixed(0)} %\n`,
  );
  if (!over && !verbose) continue;
  const list = contributors(result.metafile, options.outfile);
  const total = list.reduce((sum, c) => sum + c.bytes, 0) || 1;
  process.stdout.write(`  top inputs (minified bytes in the output, before gzip):\n`);
  for (const { input, bytes } of list.slice(0, 10))
    process.stdout.write(
      `  ${String(bytes).padStart(8)} B ${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${input}\n`,
    );
  const byPackage = new Map();
  for (const { input, bytes } of list)
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytes);
  process.stdout.write(`  by package:\n`);
  for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]))
    process.stdout.write(
      `  ${String(bytes).padStart(8)} B ${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${pkg}\n`,
    );
}
if (failed) {
  process.stdout.write('size budget exceeded (or the bundle did not build)\n');
  process.exit(1);
}
