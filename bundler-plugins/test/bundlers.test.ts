/**
 * @pulsetrace/bundler-plugins as an app gets it: `npm pack`ed, installed with Vite, Rollup,
 * webpack and esbuild from npm into a fresh app outside the repository, and run inside each real
 * build against a real processor (in this process, on its embedded ClickHouse). Each build must
 * leave JS that carries a Debug ID matching its map, upload the maps to the release, and make an
 * error thrown by that very bundle come back symbolicated to the original file and line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createProject, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { exceptionLogs } from '../../collector-processor/src/symbolicate/testkit';
import { debugIdsOf } from '../../sdk/src/instrumentations/errors/debug-ids';
import { describe as describeError } from '../../sdk/src/instrumentations/errors/describe';
import { REGISTRY } from '../../cli/src/sourcemaps/debug-id';
import {
  build,
  BUNDLERS,
  appFolder,
  installApp,
  outDir,
  packPlugins,
  runScript,
  THROW_SITE,
  type Bundler,
  type Packed,
} from './helpers/sample-app';

// jest-circus reads only the global testTimeout: npm install of four bundlers takes a while.
jest.setTimeout(300_000);

const WRITE_TOKEN = 'test-write-token';
const release = (bundler: Bundler) => `shop@1.0.0-${bundler}`;

let processor: RunningProcessor;
let starting: Promise<RunningProcessor> | undefined;
let project: { id: string; ingestKey: string };
let work: string;
let packed: Packed;
let app: string;

beforeAll(async () => {
  // Both folders first, so afterAll removes them whatever step fails.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-bundler-pack-'));
  app = appFolder();
  starting = startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE_TOKEN });
  starting.catch(() => {}); // awaited below; no unhandled rejection while npm runs
  packed = await packPlugins(work);
  [processor] = await Promise.all([starting, installApp(app, packed.tarball)]);
  project = await createProject(processor.url);
}, 600_000);
afterAll(async () => {
  // Stopped even when packing or installing failed before the processor was awaited.
  await (await starting?.catch(() => undefined))?.stop();
  for (const dir of [work, app]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What an app's CI sets: the plugin reads url, token and project from these. */
const buildEnv = (bundler: Bundler, token = WRITE_TOKEN) => ({
  PULSETRACE_URL: processor.url,
  PULSETRACE_TOKEN: token,
  PULSETRACE_PROJECT: project.id,
  APP_RELEASE: release(bundler),
});

interface Emitted {
  /** Relative to the build's output folder, as uploaded under `~/`. */
  rel: string;
  code: string;
  debugId: string;
  mapDebugId: string;
}

/** The JS files of a build that carry a `//# debugId=` comment, with their maps' debugId. */
function emittedWithDebugIds(bundler: Bundler): Emitted[] {
  const dir = outDir(app, bundler);
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => /\.[cm]?js$/.test(rel))
    .flatMap((rel) => {
      const code = fs.readFileSync(path.join(dir, rel), 'utf8');
      const debugId = /^\/\/# debugId=(\S+)$/m.exec(code)?.[1];
      if (!debugId) return [];
      const map = JSON.parse(fs.readFileSync(path.join(dir, `${rel}.map`), 'utf8')) as { debugId?: string };
      return [{ rel: rel.split(path.sep).join('/'), code, debugId, mapDebugId: map.debugId ?? '' }];
    });
}

async function sendError(message: string, stack: string, debugIds: string) {
  // No release: only the Debug ID can find the map, so a match proves the id round trip.
  const body = exceptionLogs({ message, stack, debugIds: JSON.parse(debugIds) as Record<string, string> });
  const res = await fetch(`${processor.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': project.ingestKey },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

interface StoredFrames {
  filename: string[];
  lineno: number[];
  symbolicated: number[];
  symbolication: string;
}

async function storedFrames(message: string): Promise<StoredFrames> {
  await processor.drained();
  const r = await processor.store.client.query({
    query: `SELECT frames.filename AS filename, frames.lineno AS lineno,
              frames.symbolicated AS symbolicated, symbolication
            FROM errors WHERE project_id = {p:String} AND exception_message = {m:String}`,
    query_params: { p: project.id, m: message },
    format: 'JSONEachRow',
  });
  const rows = await r.json<StoredFrames>();
  expect(rows).toHaveLength(1);
  return rows[0];
}

it('packs only the built package: dist (JS, CommonJS and declarations), README and package.json', () => {
  expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.mjs']));
  for (const b of BUNDLERS)
    expect(packed.files).toEqual(expect.arrayContaining([`dist/${b}.mjs`, `dist/${b}.cjs`]));
  expect(packed.files.filter((f) => !/^(dist\/|README\.md$|package\.json$)/.test(f))).toEqual([]);
  expect(packed.files).toContain('dist/types/bundler-plugins/src/index.d.ts');
});

describe.each(BUNDLERS)('%s', (bundler) => {
  it('injects a Debug ID, uploads the maps, and an error from the bundle is symbolicated', async () => {
    const built = await build(app, bundler, buildEnv(bundler));
    if (built.code !== 0) throw new Error(`${bundler} build failed:\n${built.output}`);
    expect(built.output).toMatch(
      new RegExp(
        `uploaded \\d+ file\\(s\\) to release ${release(bundler).replace(/[.+]/g, '\\$&')}; the processor paired 1`,
      ),
    );

    // One bundle (main.js with checkout.js inlined), its id in the comment, the snippet and its map.
    const emitted = emittedWithDebugIds(bundler);
    expect(emitted).toHaveLength(1);
    const [{ rel, code, debugId, mapDebugId }] = emitted;
    expect(debugId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(mapDebugId).toBe(debugId);
    expect(code).toContain(REGISTRY);

    // The processor holds the bundle and its map for this release, both under the id.
    const res = await fetch(
      `${processor.url}/api/v1/projects/${project.id}/releases/${encodeURIComponent(release(bundler))}/sourcemaps`,
      { headers: { authorization: `Bearer ${WRITE_TOKEN}` } },
    );
    expect(res.status).toBe(200);
    const { files } = (await res.json()) as {
      files: Array<{ name: string; kind: string; debugId: string | null }>;
    };
    expect(files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: `~/${rel}`, kind: 'source', debugId }),
        expect.objectContaining({ name: `~/${rel}.map`, kind: 'sourcemap', debugId }),
      ]),
    );

    // Run the built bundle, throw from it, and report the error as @pulsetrace/web would.
    const url = `https://shop.test/${rel}`;
    const ctx = vm.createContext({});
    new vm.Script(code, { filename: url }).runInContext(ctx);
    expect(vm.runInContext('appResult', ctx)).toBe(42);
    let thrown: unknown;
    try {
      vm.runInContext('explode()', ctx);
    } catch (e) {
      thrown = e;
    }
    const error = describeError(thrown);
    const debugIds = debugIdsOf([error], ctx);
    expect(debugIds).toBe(JSON.stringify({ [url]: debugId }));
    // The bundle's frames only: the test runner's own frames have no map.
    const stack = error.stacktrace
      .split('\n')
      .filter((l) => !/^\s+at /.test(l) || l.includes(url))
      .join('\n');
    const message = `cart is empty (${bundler})`;
    await sendError(message, stack, debugIds!);

    const row = await storedFrames(message);
    expect(row.symbolication).toBe('mapped');
    expect(row.filename[0]).toMatch(new RegExp(`${THROW_SITE.file.replace('.', '\\.')}$`));
    expect(row.lineno[0]).toBe(THROW_SITE.line);
    expect(row.symbolicated[0]).toBe(1);
  });
});

describe('build failures a person can act on', () => {
  it.each(BUNDLERS)('%s: a refused upload fails the build and says which token to set', async (bundler) => {
    const built = await build(app, bundler, buildEnv(bundler, 'not-a-token'));
    expect(built.code).not.toBe(0);
    expect(built.output).toMatch(/the token was refused .*PULSETRACE_TOKEN/);
  });

  it('a build without a release fails saying the option is required', async () => {
    const { APP_RELEASE: _, ...env } = buildEnv('vite');
    const built = await build(app, 'vite', env);
    expect(built.code).not.toBe(0);
    expect(built.output).toMatch(/pulsetraceSourcemaps\(\{ release \}\) is required/);
  });

  it('esbuild with write: false fails saying nothing was written to disk', async () => {
    const built = await runScript(app, 'build-esbuild-in-memory.mjs', buildEnv('esbuild'));
    expect(built.code).not.toBe(0);
    expect(built.output).toMatch(/esbuild ran with write: false: nothing to inject or upload/);
  });
});
