#!/usr/bin/env node
// `npm run build -w sdk`: every artefact of @pulsetrace/web in one pass (esbuild builds run in
// parallel with tsc's declaration emit), then the raw and gzip sizes of the CDN files.
//
//   dist/esm/index.js, dist/cjs/index.cjs   the core for bundlers; dependencies stay external so
//                                           apps dedupe @opentelemetry/* and web-vitals
//   dist/esm/react.js, dist/cjs/react.cjs   the React entry; its '../index' import becomes
//                                           '@pulsetrace/web' so it shares the core's client
//   dist/pulsetrace.min.js (+ .map)         CDN build: everything bundled, global `PulseTrace`
//   dist/loader.min.js                      the script-tag loader (src/loader/loader.ts)
//   dist/types/                             declarations (tsc, tsconfig.build.json)
//
// scripts/size-budget.mjs imports the option sets below, so the budget measures these exact bytes.
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export const sdkDir = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8'));
const src = (p) => path.join(sdkDir, 'src', p);
const dist = (p) => path.join(sdkDir, 'dist', p);

/**
 * Syntax level of every browser artefact: Chromium/Edge 80 (2020), Firefox 78 ESR, Safari 14.1
 * (esbuild cannot lower destructuring for older Safari, whose implementation it treats as buggy).
 * Newer syntax in dependencies (OTel 2.x ships ES2022: class fields, `??`, `?.`) is lowered.
 */
export const BROWSER_TARGET = ['es2019', 'chrome80', 'edge80', 'firefox78', 'safari14.1'];

/**
 * The SDK itself targets browsers from 2022 on (Chromium/Edge 100, Firefox 100, Safari 15.4):
 * web-vitals and the APIs it measures need them anyway, and not lowering OTel's ES2022 classes
 * saves 1 KB gzip. The loader keeps BROWSER_TARGET so old browsers still get a working stub.
 */
export const SDK_TARGET = ['es2022', 'chrome100', 'edge100', 'firefox100', 'safari15.4'];

/** Runtime dependencies and peers stay imports in the ESM/CJS builds (subpaths included). */
const EXTERNAL = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];

const banner = `/*! ${pkg.name} v${pkg.version} | ${pkg.license} | bundles OpenTelemetry JS and web-vitals (Apache-2.0) */`;

/**
 * One copy of each @opentelemetry package in the bundle: the one that resolves from sdk/. A
 * dependency that pins exact OTel versions (sdk-trace-web 2.12.0 pinned core and sdk-trace-base
 * 2.12.0 beside our ^2.12.1) makes npm nest second copies under it (that cost ~8 KB gzip).
 * Apps bundling the ESM build dedupe the same way or not, as their package manager decides.
 */
const dedupeOpenTelemetry = {
  name: 'dedupe-opentelemetry',
  setup(build) {
    build.onResolve({ filter: /^@opentelemetry\// }, (args) => {
      if (args.pluginData === 'dedupe') return undefined;
      return build.resolve(args.path, { kind: args.kind, resolveDir: sdkDir, pluginData: 'dedupe' });
    });
  },
};

/** The CDN build; also what an app ships for `import * as PulseTrace from '@pulsetrace/web'`. */
export const iifeOptions = {
  entryPoints: [src('index.ts')],
  outfile: dist('pulsetrace.min.js'),
  bundle: true,
  format: 'iife',
  globalName: 'PulseTrace',
  platform: 'browser',
  target: SDK_TARGET,
  // Terser minifies (buildIife): 6 % smaller gzip than esbuild's minifier on this bundle.
  minifySyntax: true,
  sourcemap: 'external',
  define: { 'process.env.NODE_ENV': '"production"', __PULSETRACE_VERSION__: JSON.stringify(pkg.version) },
  plugins: [dedupeOpenTelemetry],
  metafile: true,
  logLevel: 'silent',
  write: false,
};

/** The CDN build's bytes: esbuild bundles, terser minifies (with the source map chained). */
export async function buildIife() {
  const result = await esbuild.build({ ...iifeOptions, absWorkingDir: sdkDir });
  const text = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext)).text;
  const out = await minify(text('.js'), {
    ecma: 2020,
    compress: { passes: 3, pure_getters: true },
    mangle: true,
    format: { preamble: banner },
    sourceMap: { content: text('.js.map'), url: 'pulsetrace.min.js.map' },
  });
  return { code: out.code, map: String(out.map), metafile: result.metafile };
}

/** The loader is a side-effect script (it installs the `PulseTrace` stub itself). */
export const loaderOptions = {
  entryPoints: [src('loader/loader.ts')],
  outfile: dist('loader.min.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: BROWSER_TARGET,
  minify: true,
  // No "use strict" prologue (tsconfig's strict adds one): the loader does not need it.
  tsconfigRaw: {},
  metafile: true,
  logLevel: 'silent',
};

/** Library builds for bundlers: readable, external dependencies, sourcemaps. */
function libraryOptions(entry, format, outfile, plugins = []) {
  return {
    entryPoints: [src(entry)],
    outfile: dist(outfile),
    bundle: true,
    format,
    platform: 'browser',
    target: SDK_TARGET,
    external: EXTERNAL,
    sourcemap: 'linked',
    jsx: 'automatic',
    define: { __PULSETRACE_VERSION__: JSON.stringify(pkg.version) },
    metafile: true,
    logLevel: 'silent',
    plugins,
  };
}

/**
 * The React entry must not get its own copy of the core (and so its own client): imports from
 * src/react that resolve to src/index.ts become imports of the package itself.
 */
const coreAsPackage = {
  name: 'core-as-package',
  setup(build) {
    const core = src('index.ts');
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'core-as-package') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'core-as-package',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      if (resolved.path === core) return { path: pkg.name, external: true };
      return undefined;
    });
  },
};

/** A failed check on a finished library build: it bundled something it must import. */
function checkLibraryInputs(name, metafile, { react = false } = {}) {
  const problems = [];
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes('node_modules/'))
      problems.push(`${name} bundles ${input} (declare it in dependencies)`);
    if (react && /^src\/(client|index)\b/.test(path.relative(sdkDir, path.resolve(input))))
      problems.push(`${name} bundles ${input}: the React entry must import the core as '${pkg.name}'`);
  }
  return problems;
}

function runTsc() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', path.join(sdkDir, 'tsconfig.build.json')], {
      cwd: sdkDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve(code === 0 ? [] : [`tsc (declarations) failed:\n${out.trim()}`]));
  });
}

export function sizes(file) {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

export const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

async function main() {
  const started = Date.now();
  fs.rmSync(dist(''), { recursive: true, force: true });
  const jobs = {
    'esm index': () => esbuild.build(libraryOptions('index.ts', 'esm', 'esm/index.js')),
    'cjs index': () => esbuild.build(libraryOptions('index.ts', 'cjs', 'cjs/index.cjs')),
    'esm react': () =>
      esbuild.build(libraryOptions('react/index.tsx', 'esm', 'esm/react.js', [coreAsPackage])),
    'cjs react': () =>
      esbuild.build(libraryOptions('react/index.tsx', 'cjs', 'cjs/react.cjs', [coreAsPackage])),
    iife: async () => {
      const { code, map, metafile } = await buildIife();
      fs.mkdirSync(dist(''), { recursive: true });
      fs.writeFileSync(dist('pulsetrace.min.js'), code);
      fs.writeFileSync(dist('pulsetrace.min.js.map'), map);
      return { metafile, warnings: [] };
    },
    loader: () => esbuild.build(loaderOptions),
  };
  const names = Object.keys(jobs);
  const [tscProblems, ...results] = await Promise.all([
    runTsc(),
    ...names.map((name) =>
      jobs[name]().then(
        (result) => ({ result }),
        (error) => ({ error }),
      ),
    ),
  ]);
  const problems = [...tscProblems];
  const failures = new Map(); // message → builds that hit it (the same error fails several builds)
  results.forEach(({ result, error }, i) => {
    const name = names[i];
    if (error) {
      const messages = error.errors?.length
        ? esbuild.formatMessagesSync(error.errors, { kind: 'error', color: false })
        : [String(error)];
      for (const message of messages) failures.set(message, [...(failures.get(message) ?? []), name]);
      return;
    }
    for (const w of esbuild.formatMessagesSync(result.warnings, { kind: 'warning', color: false }))
      process.stderr.write(`warning (${name}): ${w}`);
    if (!['iife', 'loader'].includes(name))
      problems.push(...checkLibraryInputs(name, result.metafile, { react: name.endsWith('react') }));
  });

  for (const [message, builds] of failures) problems.push(`${builds.join(', ')} failed:\n${message.trim()}`);

  for (const [label, file] of [
    ['pulsetrace.min.js', dist('pulsetrace.min.js')],
    ['loader.min.js', dist('loader.min.js')],
  ]) {
    if (!fs.existsSync(file)) continue;
    const { raw, gzip } = sizes(file);
    process.stdout.write(
      `${label.padEnd(18)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzip -9\n`,
    );
  }
  const ms = Date.now() - started;
  if (problems.length > 0) {
    process.stderr.write(`\n${problems.join('\n\n')}\n\nsdk build failed (${ms} ms)\n`);
    process.exit(1);
  }
  process.stdout.write(`sdk build ok (${ms} ms)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
