/**
 * Source maps end to end: real esbuild/terser bundles run in V8, their maps uploaded through the
 * HTTP API, their stack traces sent over OTLP, and the frames read back from ClickHouse.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import { sourcemapRoutes } from '../src/http/sourcemap-routes';
import type { RunningProcessor } from '../src/processor';
import { createSymbolicator, FsArtifactStore } from '../src/symbolicate';
import {
  bundleApp,
  EXPECTED,
  EXPECTED_FUNCTIONS,
  exceptionLogs,
  firefoxStack,
  v8Stack,
  withDebugId,
  type Bundle,
  type ExceptionEvent,
} from '../src/symbolicate/testkit';
import { ADMIN_TOKEN, createProject, startTestProcessor, tempDataDir } from './helpers/processor';

const WRITE = 'test-write-token';
const READ = 'test-read-token';
let processor: RunningProcessor;
let project: { id: string; ingestKey: string };
let esbuilt: Bundle;
let tersed: Bundle;

beforeAll(async () => {
  processor = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE, PULSETRACE_READ_TOKEN: READ });
  project = await createProject(processor.url);
  [esbuilt, tersed] = await Promise.all([
    bundleApp('esbuild', 'assets/app-3f9a.js'),
    bundleApp('terser', 'assets/app-7c1d.js'),
  ]);
});
afterAll(() => processor?.stop());

type Files = Record<string, string>;
const sourcemaps = (release: string, projectId = project.id) =>
  `${processor.url}/api/v1/projects/${projectId}/releases/${encodeURIComponent(release)}/sourcemaps`;

async function upload(release: string, files: Files, opts: { token?: string; urlPrefix?: string } = {}) {
  const form = new FormData();
  if (opts.urlPrefix) form.append('urlPrefix', opts.urlPrefix);
  for (const [name, content] of Object.entries(files)) form.append('file', new Blob([content]), name);
  const res = await fetch(sourcemaps(release), {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.token ?? WRITE}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function listed(release: string) {
  const res = await fetch(sourcemaps(release), { headers: { authorization: `Bearer ${WRITE}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { files: { name: string; sha256: string }[] }).files;
}

async function sendError(opts: ExceptionEvent) {
  const res = await fetch(`${processor.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': project.ingestKey },
    body: JSON.stringify(exceptionLogs(opts)),
  });
  expect(res.status).toBe(200);
}

interface StoredError {
  filename: string[];
  lineno: number[];
  colno: number[];
  fn: string[];
  context: string[];
  symbolicated: number[];
  in_app: number[];
  abs_path: string[];
  raw_colno: number[];
  symbolication: string;
}

async function stored(message: string): Promise<StoredError> {
  await processor.drained();
  const r = await processor.store.client.query({
    query: `SELECT frames.filename AS filename, frames.lineno AS lineno, frames.colno AS colno,
              frames.function AS fn, frames.context AS context, frames.symbolicated AS symbolicated,
              frames.in_app AS in_app, frames.abs_path AS abs_path, frames.raw_colno AS raw_colno, symbolication
            FROM errors WHERE project_id = {p:String} AND exception_message = {m:String}`,
    query_params: { p: project.id, m: message },
    format: 'JSONEachRow',
  });
  const rows = await r.json<StoredError>();
  expect(rows).toHaveLength(1);
  return rows[0];
}

/** The stored frames are the original source positions of the throw and its callers. */
function expectOriginal(row: StoredError) {
  expect(row.symbolication).toBe('mapped');
  expect(row.filename).toEqual(EXPECTED.map((e) => e.filename));
  expect(row.lineno).toEqual(EXPECTED.map((e) => e.lineno));
  expect(row.colno).toEqual(EXPECTED.map((e) => e.colno));
  expect(row.fn.slice(0, 2)).toEqual(EXPECTED_FUNCTIONS);
  expect(row.symbolicated).toEqual([1, 1, 1]);
  expect(row.in_app).toEqual([1, 1, 1]);
  const ctx = JSON.parse(row.context[0]) as { pre: string[]; line: string; post: string[] };
  expect(ctx.line).toBe(EXPECTED[0].line);
  expect(ctx.pre).toHaveLength(5);
  expect(ctx.post).toHaveLength(5);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('upload, then symbolicate real minified stacks', () => {
  const URL = 'http://localhost:4321/assets/app-3f9a.js';

  test('esbuild bundle: upload answers with the stored files and pairs', async () => {
    const res = await upload('1.0.0', esbuilt.files);
    expect(res.status).toBe(201);
    const js = esbuilt.files['assets/app-3f9a.js'];
    const map = esbuilt.files['assets/app-3f9a.js.map'];
    expect(res.body).toEqual({
      release: '1.0.0',
      files: [
        {
          name: '~/assets/app-3f9a.js',
          kind: 'source',
          debugId: null,
          bytes: Buffer.byteLength(js),
          sha256: sha256(js),
        },
        {
          name: '~/assets/app-3f9a.js.map',
          kind: 'sourcemap',
          debugId: null,
          bytes: Buffer.byteLength(map),
          sha256: sha256(map),
        },
      ],
      matched: [{ source: '~/assets/app-3f9a.js', sourcemap: '~/assets/app-3f9a.js.map' }],
      unmatched: [],
    });
    expect((await listed('1.0.0')).map((f) => f.name)).toEqual([
      '~/assets/app-3f9a.js',
      '~/assets/app-3f9a.js.map',
    ]);
  });

  test('V8 stack (Chrome format), script URL with a query string', async () => {
    const stack = v8Stack(esbuilt, `${URL}?v=1`);
    await sendError({ message: 'v8 esbuild', stack, release: '1.0.0' });
    const row = await stored('v8 esbuild');
    expectOriginal(row);
    // The minified position as received stays next to the original one.
    expect(row.abs_path[0]).toBe(`${URL}?v=1`);
    expect(row.raw_colno[0]).toBe(Number(/:1:(\d+)\)/.exec(stack)![1]));
  });

  test('Firefox stack format', async () => {
    await sendError({
      message: 'firefox esbuild',
      stack: firefoxStack(v8Stack(esbuilt, URL)),
      release: '1.0.0',
    });
    expectOriginal(await stored('firefox esbuild'));
  });

  test('terser on top of esbuild (chained map), uploaded under a full URL prefix', async () => {
    const res = await upload('1.1.0', tersed.files, { urlPrefix: 'https://cdn.example/static/' });
    expect(res.status).toBe(201);
    expect(res.body.matched).toEqual([
      {
        source: 'https://cdn.example/static/assets/app-7c1d.js',
        sourcemap: 'https://cdn.example/static/assets/app-7c1d.js.map',
      },
    ]);
    const stack = v8Stack(tersed, 'https://cdn.example/static/assets/app-7c1d.js');
    await sendError({ message: 'v8 terser', stack, release: '1.1.0' });
    expectOriginal(await stored('v8 terser'));
  });

  test('Debug ID: matched in any release, even when the event has none', async () => {
    const id = randomUUID();
    const bundle = withDebugId(esbuilt, id);
    const res = await upload('build-42', bundle.files);
    expect((res.body.files as { debugId: string | null }[]).map((f) => f.debugId)).toEqual([id, id]);
    const url = 'https://shop.example/assets/app-3f9a.js';
    await sendError({ message: 'debug id', stack: v8Stack(bundle, url), debugIds: { [url]: id } });
    expectOriginal(await stored('debug id'));
  });

  test('no map → missing; an upload makes the next event map at once (negative cache cleared)', async () => {
    const stack = v8Stack(esbuilt, URL);
    await sendError({ message: 'before upload', stack, release: '2.0.0' });
    const before = await stored('before upload');
    expect(before.symbolication).toBe('missing');
    expect(before.filename).toEqual(before.abs_path);
    expect(before.symbolicated).toEqual([0, 0, 0]);
    expect((await upload('2.0.0', esbuilt.files)).status).toBe(201);
    await sendError({ message: 'after upload', stack, release: '2.0.0' });
    expectOriginal(await stored('after upload'));
  });

  test('re-upload replaces: the new map is used (the fs store also removes the old file)', async () => {
    const name = 'assets/app-3f9a.js.map';
    const wrong = { [name]: tersed.files['assets/app-7c1d.js.map'] };
    expect((await upload('3.0.0', wrong)).status).toBe(201);
    expect((await upload('3.0.0', { [name]: esbuilt.files[name] })).status).toBe(201);
    expect(await listed('3.0.0')).toEqual([
      expect.objectContaining({ name: `~/${name}`, sha256: sha256(esbuilt.files[name]) }),
    ]);
    // ClickHouse (the default store) keeps replaced content until the project's purge: other
    // releases may share it by hash (src/symbolicate/clickhouse-store.ts).
    const store = processor.symbolicator.store;
    if (store instanceof FsArtifactStore) {
      const maps = fs.readdirSync(path.join(store.root, project.id, '3.0.0', 'maps'));
      expect(maps).toEqual([`${sha256(esbuilt.files[name])}.map`]);
    }
    await sendError({ message: 'after replace', stack: v8Stack(esbuilt, URL), release: '3.0.0' });
    expectOriginal(await stored('after replace'));
  });
});

describe('bad uploads get a clear 4xx and store nothing', () => {
  const VALID_MAP = '{"version":3,"sources":[],"names":[],"mappings":""}';
  test.each([
    ['no token', undefined, 401],
    ['read token', READ, 403],
  ])('%s → %i on upload and list', async (_name, token, status) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const form = new FormData();
    form.append('file', new Blob(['{}']), 'a.js.map');
    expect((await fetch(sourcemaps('1.0.0'), { method: 'POST', headers, body: form })).status).toBe(status);
    expect((await fetch(sourcemaps('1.0.0'), { headers })).status).toBe(status);
  });

  test('the admin token may upload too', async () => {
    expect((await upload('admin-1', esbuilt.files, { token: ADMIN_TOKEN })).status).toBe(201);
  });

  test('unknown project → 404', async () => {
    const res = await fetch(sourcemaps('1.0.0', 'pnope'), { headers: { authorization: `Bearer ${WRITE}` } });
    expect(res.status).toBe(404);
  });

  test.each([
    ['path traversal', { '../secret.js.map': VALID_MAP }, /\.\./],
    ['absolute path', { '/etc/app.js.map': VALID_MAP }, /absolute/],
    [
      'not JSON',
      { 'assets/ok.js': 'x()', 'assets/bad.js.map': 'nope' },
      /assets\/bad\.js\.map is not valid JSON/,
    ],
    ['not version 3', { 'assets/v2.js.map': '{"version":2,"mappings":"","sources":[]}' }, /version 3/],
    ['other file type', { 'index.html': '<html>' }, /only \.js, \.mjs, \.cjs and \.map/],
  ])('%s → 400 naming the problem', async (_name, files, message) => {
    const res = await upload('bad-1', files);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    expect(await listed('bad-1')).toEqual([]);
  });

  test('a bad urlPrefix → 400', async () => {
    const res = await upload('bad-2', esbuilt.files, { urlPrefix: 'static/' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/urlPrefix/);
    expect(await listed('bad-2')).toEqual([]);
  });

  test('not multipart → 415', async () => {
    const res = await fetch(sourcemaps('1.0.0'), {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });

  test('map content is never served', async () => {
    const res = await fetch(`${sourcemaps('1.0.0')}/~/assets/app-3f9a.js.map`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('mappings');
  });
});

describe('size limits → 413 (a small-limit symbolicator on the same project store)', () => {
  let url: string;
  let server: import('node:http').Server;
  beforeAll(async () => {
    const symbolicator = createSymbolicator({
      dataDir: tempDataDir(),
      cacheBytes: 1 << 20,
      log: pino({ level: 'silent' }),
      limits: { fileBytes: 1000, requestBytes: 2500 },
    });
    const app = express().use(
      '/api/v1',
      sourcemapRoutes({
        projects: processor.projects,
        tokens: { admin: ADMIN_TOKEN, projects: processor.projects },
        symbolicator,
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/projects/${project.id}/releases/1/sourcemaps`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const map = (n: number) => JSON.stringify({ version: 3, sources: [], names: [], mappings: ';'.repeat(n) });
  test.each([
    ['one file over the per-file limit', [map(1200)], /m0\.js\.map is over the 1000 bytes per-file limit/],
    [
      'files over the per-request limit together',
      [map(900), map(900), map(900)],
      /over the 2500 bytes per-request limit/,
    ],
  ])('%s', async (_name, maps, message) => {
    const form = new FormData();
    maps.forEach((m, i) => form.append('file', new Blob([m]), `m${i}.js.map`));
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: form,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
    const list = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(((await list.json()) as { files: unknown[] }).files).toEqual([]);
  });
});
