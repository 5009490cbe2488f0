/**
 * Symbolication benchmark: source-map@0.7 (WASM) against @jridgewell/trace-mapping on a multi-MB
 * map built in the run (esbuild bundles and minifies node_modules/typescript/lib/typescript.js
 * with an external map, sourcesContent included), then the processor's symbolicate stage with a
 * warm cache.
 *
 * Per library, each in a fresh `node --expose-gc` child (child.ts) so memory deltas are clean:
 *   - cold: median of N fresh parses (constructor), and of the first lookup after each (both
 *     libraries decode the mappings lazily, on the first lookup);
 *   - memory held by one parsed map after its first lookup (heap, external/ArrayBuffer incl.
 *     WASM memory, RSS), after a forced GC;
 *   - warm lookups/s over 1M positions sampled from the map's own generated mappings (a random
 *     segment, a random column inside it).
 * Stage: rows of 20 frames, 50 rows per call, map uploaded to a real FsArtifactStore; warm
 * frames/s including source context.
 *
 *   npm run bench:symbolicate [-- --positions 1000000 --parses 7]
 *
 * Writes bench/results/symbolicate.json and prints a markdown table; docs/benchmarks.md quotes it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import * as prettier from 'prettier';
import { numberArg } from '../cli';
import { machineInfo } from '../machine';

const ROOT = path.resolve(__dirname, '../..');
const POSITIONS = numberArg('positions', 1_000_000);
const PARSES = numberArg('parses', 7);
const LIBRARIES = [
  'source-map',
  'trace-mapping',
  'trace-mapping traceSegment',
  'trace-mapping, no sourcesContent',
] as const;

/** A realistic large production map: one big minified bundle, all its sources embedded. */
function buildMap(dir: string) {
  const entry = path.join(ROOT, 'node_modules/typescript/lib/typescript.js');
  const outfile = path.join(dir, 'bundle.js');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    sourcemap: 'external',
    platform: 'node',
    outfile,
    logLevel: 'error',
  });
  const raw = fs.readFileSync(`${outfile}.map`, 'utf8');
  const json = JSON.parse(raw) as {
    mappings: string;
    sources: string[];
    names: string[];
    sourcesContent?: string[];
  };
  return {
    raw,
    facts: {
      input: 'node_modules/typescript/lib/typescript.js, esbuild --bundle --minify --sourcemap',
      bundleMB: round(fs.statSync(outfile).size / 2 ** 20, 2),
      mapMB: round(Buffer.byteLength(raw) / 2 ** 20, 2),
      mappingsMB: round(json.mappings.length / 2 ** 20, 2),
      sourcesContentMB: round((json.sourcesContent ?? []).reduce((n, s) => n + s.length, 0) / 2 ** 20, 2),
      sources: json.sources.length,
      names: json.names.length,
    },
  };
}

/** Random positions that exist in the map: a random mapped segment, a random column inside it. */
function samplePositions(raw: string, n: number): { ints: Int32Array; segments: number } {
  const lines = decodedMappings(new TraceMap(raw));
  const starts: number[] = [];
  for (let l = 0; l < lines.length; l++)
    for (let s = 0; s < lines[l].length; s++) if (lines[l][s].length >= 4) starts.push(l, s);
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const ints = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rand() * (starts.length / 2));
    const [l, s] = [starts[2 * k], starts[2 * k + 1]];
    const col = lines[l][s][0];
    const next = lines[l][s + 1]?.[0] ?? col + 1;
    ints[2 * i] = l + 1;
    ints[2 * i + 1] = col + Math.floor(rand() * (next - col));
  }
  return { ints, segments: starts.length / 2 };
}

function child(mode: string, dir: string): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'child.ts'), mode, dir],
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_PARSES: String(PARSES) },
      maxBuffer: 1 << 20,
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as Record<string, unknown>;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
type Rates = { perWallSecond: number; perCpuSecond: number };
const warm = (r: Record<string, unknown>) => r.warmFrames as Rates;
const n = (x: unknown) => Number(x).toLocaleString('en-US');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-bench-maps-'));
  process.stderr.write('building a multi-MB map (esbuild, typescript.js)…\n');
  const { raw, facts } = buildMap(dir);
  const { ints, segments } = samplePositions(raw, POSITIONS);
  fs.writeFileSync(path.join(dir, 'positions.bin'), Buffer.from(ints.buffer));
  const libraries: Record<string, Record<string, unknown>> = {};
  for (const lib of LIBRARIES) {
    process.stderr.write(`${lib}: ${PARSES} cold parses, ${n(POSITIONS)} warm lookups…\n`);
    libraries[lib] = child(lib, dir);
  }
  process.stderr.write('symbolicate stage, warm cache…\n');
  const stage = child('stage', dir);
  /** Parsed heap (+ external) over raw map bytes: what the cache's raw-bytes accounting under-counts by. */
  const parsedOverRaw = (lib: string) => {
    const m = libraries[lib].memoryAfterParseMB as { heap: number; external: number };
    return round((m.heap + Math.max(0, m.external)) / Number(libraries[lib].rawMapMB), 1);
  };
  const report = {
    date: new Date().toISOString(),
    machine: { ...machineInfo(), loadAverage1m5m15mAtEnd: os.loadavg().map((x) => round(x, 2)) },
    map: { ...facts, mappedSegments: segments },
    positions: POSITIONS,
    parses: PARSES,
    libraries,
    ratio: {
      warmSourceMapOverTraceMappingCpu: round(
        warm(libraries['source-map']).perCpuSecond / warm(libraries['trace-mapping']).perCpuSecond,
        2,
      ),
      parsedOverRawBytes: Object.fromEntries(LIBRARIES.map((l) => [l, parsedOverRaw(l)])),
    },
    stage,
  };
  const out = path.join(ROOT, 'bench/results/symbolicate.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const options = { ...(await prettier.resolveConfig(out)), parser: 'json' };
  fs.writeFileSync(out, await prettier.format(JSON.stringify(report), options));
  const row = (name: string, r: Record<string, unknown>) => {
    const m = r.memoryAfterParseMB as Record<string, number>;
    const w = warm(r);
    return `| ${name} | ${r.rawMapMB} MB | ${r.coldParseMs} ms | ${r.firstLookupMs} ms | ${r.coldTotalMs} ms | ${m.heap} / ${m.external} / ${m.rss} MB | ${parsedOverRaw(name)}× | ${n(w.perCpuSecond)} | ${n(w.perWallSecond)} |`;
  };
  const s = (k: string) => stage[k] as Rates;
  process.stdout.write(
    [
      `map: ${facts.mapMB} MB (${facts.mappingsMB} MB mappings, ${facts.sourcesContentMB} MB sourcesContent, ${facts.sources} sources), bundle ${facts.bundleMB} MB`,
      '',
      '| library | map | parse (cold) | first lookup | cold total | memory held: heap / external / RSS | parsed ÷ raw | warm frames per CPU-s | per wall-s |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...LIBRARIES.map((l) => row(l, libraries[l])),
      '',
      `stage, 20 frames/row, warm, with context — distinct positions: ${n(s('warmDistinctPositions').perCpuSecond)} frames per CPU-s (${n(s('warmDistinctPositions').perWallSecond)} per wall-s); repeated errors: ${n(s('warmRepeatedErrors').perCpuSecond)} (${n(s('warmRepeatedErrors').perWallSecond)}); first call (read + parse + decode) ${stage.coldFirstCallMs} ms`,
      '',
    ].join('\n'),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`wrote ${out}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
