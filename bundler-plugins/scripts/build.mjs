// Builds dist/ for the npm package (runs as `prepack`): one ESM and one CommonJS bundle of
// src/index.ts, carrying the CLI's inject/upload modules (cli/src/sourcemaps/) so the package
// needs no @pulsetrace/cli, plus one thin file per bundler that loads it. Declarations: tsc.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const BUNDLERS = ['vite', 'rollup', 'webpack', 'esbuild'];

fs.rmSync(dist, { recursive: true, force: true });

for (const [format, ext] of [
  ['esm', 'mjs'],
  ['cjs', 'cjs'],
]) {
  await build({
    entryPoints: [path.join(root, 'src/index.ts')],
    outfile: path.join(dist, `index.${ext}`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    // Declared dependencies stay imports; everything else (the CLI's modules) is bundled in.
    external: Object.keys(pkg.dependencies),
    logLevel: 'warning',
  });
  // Each per-bundler entry re-exports from the one bundle, so a build loading two of them
  // shares one copy of the code.
  for (const b of BUNDLERS) {
    await build({
      entryPoints: [path.join(root, `src/${b}.ts`)],
      outfile: path.join(dist, `${b}.${ext}`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      plugins: [
        {
          name: 'index-stays-external',
          setup(b) {
            b.onResolve({ filter: /^\.\/index$/ }, () => ({ path: `./index.${ext}`, external: true }));
          },
        },
      ],
      logLevel: 'warning',
    });
  }
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.types.json')], { stdio: 'inherit' });
