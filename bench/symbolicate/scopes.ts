/**
 * What naming frames by scope costs (collector-processor/src/symbolicate/scopes.ts): reading an
 * original source's function scopes happens once per source of a loaded map, then each frame
 * without a named caller is one lookup. Sources: the largest real ones at hand, React DOM's
 * development build (1.2 MB) and TypeScript's compiler (9.1 MB, above the 1 MB limit the stage
 * applies: measured to show why the limit exists).
 *
 *   node --import tsx bench/symbolicate/scopes.ts [--runs 5 --lookups 1000000]
 *
 * Prints a markdown table; docs/benchmarks.md quotes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  enclosingFunction,
  functionScopes,
  lineStarts,
} from '../../collector-processor/src/symbolicate/scopes';
import { numberArg } from '../cli';
import { machineInfo } from '../machine';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = numberArg('runs', 5);
const LOOKUPS = numberArg('lookups', 1_000_000);
const SOURCES = [
  'node_modules/react-dom/cjs/react-dom-client.development.js',
  'node_modules/typescript/lib/typescript.js',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const n = (x: number) => Math.round(x).toLocaleString('en-US');

console.log(`machine: ${JSON.stringify(machineInfo())}\n`);
console.log('| source | size | functions (named) | read scopes (median) | MB/s | lookups/s |');
console.log('| ------ | ---: | ----------------: | -------------------: | ---: | --------: |');
for (const file of SOURCES) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const times: number[] = [];
  let scopes = functionScopes(text);
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    scopes = functionScopes(text);
    times.push(performance.now() - t0);
  }
  const starts = lineStarts(text);
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines = Array.from({ length: LOOKUPS }, () => 1 + Math.floor(rand() * starts.length));
  let named = 0;
  const t0 = performance.now();
  for (const line of lines) if (enclosingFunction(scopes, starts, line, 5)) named++;
  const lookupMs = performance.now() - t0;
  const ms = median(times);
  console.log(
    `| \`${path.basename(file)}\` | ${(text.length / 2 ** 20).toFixed(1)} MB | ${n(scopes.length)} ` +
      `(${n(scopes.filter((s) => s.name).length)}) | ${ms.toFixed(0)} ms | ${(text.length / 2 ** 20 / (ms / 1000)).toFixed(1)} ` +
      `| ${n(LOOKUPS / (lookupMs / 1000))} |`,
  );
  if (named === 0) throw new Error(`no lookup landed in a named function of ${file}`);
}
