/**
 * The real CLI (a child process) against a real processor (in this process, on its embedded
 * ClickHouse), on a real esbuild bundle: projects, releases, deploys, inject, upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { ADMIN_TOKEN, freePort, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { debugIdsOf } from '../../sdk/src/instrumentations/errors/debug-ids';
import { describe as describeError } from '../../sdk/src/instrumentations/errors/describe';
import { pulsetraceSourcemaps } from '../src/plugins/rollup';
import { buildApp, runCli } from './helpers/cli';
import { sendSubject } from '../../collector-processor/test/helpers/subject-rows';

// jest-circus reads only the global testTimeout, not the project's: each CLI run is ~0.4 s.
jest.setTimeout(120_000);

const WRITE_TOKEN = 'test-write-token';
const RELEASE = 'shop@1.0.0+build.7';

let processor: RunningProcessor;
let app: Awaited<ReturnType<typeof buildApp>>;
let projectId = '';
const admin = () => ({ PULSETRACE_URL: processor.url, PULSETRACE_TOKEN: ADMIN_TOKEN });
const editor = () => ({
  PULSETRACE_URL: processor.url,
  PULSETRACE_TOKEN: WRITE_TOKEN,
  PULSETRACE_PROJECT: projectId,
});

beforeAll(async () => {
  [processor, app] = await Promise.all([
    startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE_TOKEN }),
    buildApp(),
  ]);
});
afterAll(async () => {
  await processor?.stop();
  if (app) fs.rmSync(app.root, { recursive: true, force: true });
});

describe('projects', () => {
  it('creates a project and prints its id and ingest key', async () => {
    const r = await runCli(
      ['projects', 'create', 'shop', '--origin', 'https://shop.test', '--environment', 'production'],
      admin(),
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    projectId = /id: +(\S+)/.exec(r.stdout)![1];
    const project = processor.projects.get(projectId)!;
    expect(project).toMatchObject({
      name: 'shop',
      environment: 'production',
      allowedOrigins: ['https://shop.test'],
    });
    expect(r.stdout).toContain(`ingest key: ${project.ingestKeys[0].key}`);
    expect(r.stdout).toContain(`export PULSETRACE_PROJECT=${projectId}`);
  });

  it('lists projects, as a table and as JSON', async () => {
    const table = await runCli(['projects', 'list'], admin());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${projectId} +shop +production `, 'm'));
    const json = await runCli(['projects', 'list', '--json'], admin());
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: projectId, name: 'shop' })]);
  });
});

describe('errors a person can act on', () => {
  it.each<[string, string[], () => Record<string, string>, number, RegExp[]]>([
    [
      'the editor token for an admin route',
      ['projects', 'create', 'shop'],
      () => ({ ...editor() }),
      1,
      [/admin token/, /PULSETRACE_TOKEN/],
    ],
    [
      'no token',
      ['sourcemaps', 'list', '--release', RELEASE],
      () => ({ ...editor(), PULSETRACE_TOKEN: '' }),
      1,
      [/needs a token/, /PULSETRACE_TOKEN/, /PULSETRACE_WRITE_TOKEN/],
    ],
    [
      'a 400 with its issues',
      ['projects', 'create', ' '],
      admin,
      1,
      [/HTTP 400: invalid request body: name: Too small/],
    ],
    [
      'an unknown project',
      ['sourcemaps', 'list', '--release', RELEASE],
      () => ({ ...editor(), PULSETRACE_PROJECT: 'nope' }),
      1,
      [/no project nope/, /projects list/],
    ],
    ['a missing --release (usage)', ['sourcemaps', 'upload', '.'], editor, 2, [/--release/]],
    [
      'a missing project (usage)',
      ['releases', 'new', '1.0.0'],
      admin,
      2,
      [/--project/, /PULSETRACE_PROJECT/],
    ],
    ['a missing subcommand (usage)', ['releases'], admin, 2, [/Usage: pulsetrace releases/]],
    ['deploy without --env (usage)', ['releases', 'deploys', RELEASE, 'new'], editor, 2, [/--env/]],
    ['a bad --url (usage)', ['projects', 'list', '--url', 'not a url'], admin, 2, [/is not a URL/]],
  ])('%s', async (_name, args, env, code, expected) => {
    const r = await runCli(args, env());
    expect(r.code).toBe(code);
    for (const re of expected) expect(r.stderr).toMatch(re);
  });

  it('names the URL when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await runCli(['projects', 'list', '--url', url], { PULSETRACE_TOKEN: ADMIN_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the processor at ${url} (ECONNREFUSED)`);
    expect(r.stderr).toContain('PULSETRACE_URL');
  });
});

describe('sourcemaps', () => {
  let debugId = '';

  it('injects a debug id into the bundle and its map, once', async () => {
    const first = await runCli(['sourcemaps', 'inject', app.dist]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^injected: 1 file/m);
    expect(first.stdout).toMatch(/^skipped, no source map: 1/m);
    const code = fs.readFileSync(app.bundle, 'utf8');
    debugId = /\/\/# debugId=(\S+)/.exec(code)![1];
    expect(JSON.parse(fs.readFileSync(app.map, 'utf8')).debugId).toBe(debugId);
    expect(code.trimEnd().split('\n').pop()).toMatch(/^\/\/# sourceMappingURL=app-\w+\.js\.map$/);

    const before = [fs.readFileSync(app.bundle), fs.readFileSync(app.map)];
    const second = await runCli(['sourcemaps', 'inject', app.dist]);
    expect(second.stdout).toMatch(/^injected: 0 file/m);
    expect(second.stdout).toMatch(/^already had a debug id: 1/m);
    expect([fs.readFileSync(app.bundle), fs.readFileSync(app.map)]).toEqual(before);
  });

  it('leaves a bundle that runs, registers its id and still maps to the original source', () => {
    const url = `https://shop.test/assets/${path.basename(app.bundle)}`;
    const ctx = vm.createContext({});
    new vm.Script(fs.readFileSync(app.bundle, 'utf8'), { filename: url }).runInContext(ctx);
    expect(vm.runInContext('appResult', ctx)).toBe(42);
    let thrown: unknown;
    try {
      vm.runInContext('explode()', ctx);
    } catch (e) {
      thrown = e;
    }
    // What @pulsetrace/web attaches to this error as pulsetrace.exception.debug_ids.
    const error = describeError(thrown);
    expect(debugIdsOf([error], ctx)).toBe(JSON.stringify({ [url]: debugId }));
    // The throw's minified position, through the injected map, is still line 5 of src/app.js.
    const [, line, column] = /at \S*explode \(.+:(\d+):(\d+)\)$/m.exec(error.stacktrace)!;
    const original = originalPositionFor(new TraceMap(fs.readFileSync(app.map, 'utf8')), {
      line: Number(line),
      column: Number(column) - 1,
    });
    expect(original).toMatchObject({ source: expect.stringMatching(/src\/app\.js$/), line: 5 });
  });

  it('dry run: prints the summary and sends nothing', async () => {
    const r = await runCli(['sourcemaps', 'upload', app.dist, '--release', RELEASE, '--dry-run'], editor());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('matched:             1 JS file(s) with a source map');
    expect(r.stdout).toContain('JS without a map:    1');
    expect(r.stdout).toContain('debug ids:           1 of 2 JS file(s) have one');
    expect(r.stdout).toMatch(/JS without a map \(1\).*\n {4}legacy\.js/);
    expect(r.stdout).toMatch(
      /dry run: would upload 3 file\(s\), .* in 1 request\(s\) to .*\/releases\/shop%401\.0\.0%2Bbuild\.7\/sourcemaps; nothing was sent/,
    );
    expect(await processor.symbolicator.list(projectId, RELEASE)).toEqual({ release: RELEASE, files: [] });
  });

  it('uploads in several requests with a line per request, and the processor lists the files', async () => {
    const r = await runCli(
      ['sourcemaps', 'upload', app.dist, '--release', RELEASE, '--batch-mb', '0.0005'],
      editor(),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^uploaded request 1\/2: 2 file\(s\)/m);
    expect(r.stderr).toMatch(/^uploaded request 2\/2: 1 file\(s\), .*100%\)$/m);
    expect(r.stdout).toMatch(
      /uploaded 3 file\(s\), .* in 2 request\(s\): the processor stored 3 file\(s\) and paired 1 source\(s\) with a map/,
    );

    const list = await runCli(['sourcemaps', 'list', '--release', RELEASE, '--json'], editor());
    const bundle = `~/assets/${path.basename(app.bundle)}`;
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: bundle, kind: 'source', debugId }),
        expect.objectContaining({ name: `${bundle}.map`, kind: 'sourcemap', debugId }),
        expect.objectContaining({ name: '~/legacy.js', kind: 'source', debugId: null }),
      ]),
    );
  });
});

describe('releases', () => {
  it('creates, lists, finalizes and records a deploy', async () => {
    const created = await runCli(['releases', 'new', RELEASE, '--ref', 'abc123'], editor());
    expect(created).toMatchObject({ code: 0, stdout: `created ${RELEASE}\n` });
    const again = await runCli(['releases', 'new', RELEASE], editor());
    expect(again.code).toBe(0);

    const finalized = await runCli(['releases', 'finalize', RELEASE], editor());
    expect(finalized.code).toBe(0);
    expect(finalized.stdout).toMatch(new RegExp(`^finalized ${RELEASE.replace(/[.+]/g, '\\$&')}`));

    const deploy = await runCli(
      ['releases', 'deploys', RELEASE, 'new', '--env', 'production', '--name', 'ci-42'],
      editor(),
    );
    expect(deploy).toMatchObject({
      code: 0,
      stdout: `recorded deploy of ${RELEASE} to production (ci-42)\n`,
    });

    const deploys = await runCli(['releases', 'deploys', RELEASE, 'list'], editor());
    expect(deploys.code).toBe(0);
    expect(deploys.stdout).toMatch(
      /^ENVIRONMENT +NAME +STARTED +FINISHED +URL\nproduction +ci-42 +- +\d{4}-/,
    );

    const table = await runCli(['releases', 'list'], editor());
    expect(table.stdout).toMatch(/^VERSION +CREATED +FINALIZED +REF +DEPLOYS\n/);
    expect(table.stdout).toMatch(
      new RegExp(`^${RELEASE.replace(/[.+]/g, '\\$&')} +\\S+ +\\S+ +abc123 +1$`, 'm'),
    );

    const list = await runCli(['releases', 'list', '--json'], editor());
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ version: RELEASE, ref: 'abc123', finalizedAt: expect.any(String) }),
      ]),
    );
  });
});

describe('Rollup/Vite plugin', () => {
  // Rollup itself is not installed here: its writeBundle hook is called as Rollup would.
  it('injects and uploads the output directory in writeBundle', async () => {
    const other = await buildApp();
    try {
      const lines: string[] = [];
      const plugin = pulsetraceSourcemaps({
        release: 'shop@2.0.0',
        url: processor.url,
        token: WRITE_TOKEN,
        project: projectId,
        log: (l) => lines.push(l),
      });
      expect(plugin).toMatchObject({ name: 'pulsetrace-sourcemaps', apply: 'build' });
      const outcome = await plugin.writeBundle({ dir: other.dist });
      expect(outcome).toMatchObject({ files: 3, requests: 1, server: { stored: 3, matched: 1 } });
      const debugId = JSON.parse(fs.readFileSync(other.map, 'utf8')).debugId;
      expect(fs.readFileSync(other.bundle, 'utf8')).toContain(`//# debugId=${debugId}`);
      expect(lines.join('\n')).toMatch(/injected: 1 file[\s\S]*uploaded 3 file\(s\) to release shop@2\.0\.0/);
      const stored = await processor.symbolicator.list(projectId, 'shop@2.0.0');
      expect(stored.files.filter((f) => f.debugId === debugId)).toHaveLength(2);
    } finally {
      fs.rmSync(other.root, { recursive: true, force: true });
    }
  });

  it('fails the build on a refused upload, or only logs with failOnError: false', async () => {
    const options = {
      release: 'shop@2.0.0',
      url: processor.url,
      token: 'wrong',
      project: projectId,
      inject: false,
    };
    const lines: string[] = [];
    await expect(
      pulsetraceSourcemaps({ ...options, log: () => {} }).writeBundle({ dir: app.dist }),
    ).rejects.toThrow(/PULSETRACE_TOKEN/);
    const soft = pulsetraceSourcemaps({ ...options, failOnError: false, log: (l) => lines.push(l) });
    await expect(soft.writeBundle({ file: path.join(app.dist, 'legacy.js') })).resolves.toBeUndefined();
    expect(lines.at(-1)).toMatch(/^source maps not uploaded: the token was refused/);
  });
});

describe('erase', () => {
  const ivan = {
    userId: 'user-ivan',
    visitorId: 'visitor-ivan',
    sessionId: 'session-ivan',
    marker: 'mkivan',
  };
  const count = async (project: string, user: string) => {
    const result = await processor.store.client.query({
      query: 'SELECT count() AS n FROM errors WHERE project_id = {p:String} AND user_id = {u:String}',
      query_params: { p: project, u: user },
      format: 'JSONEachRow',
    });
    return Number((await result.json<{ n: string }>())[0].n);
  };

  it('erases a user id, showing progress on stderr and rows per table on stdout', async () => {
    const project = await processor.projects.create({ name: 'erase-me', rateLimitPerSecond: 1_000_000 });
    await sendSubject(processor.url, project.ingestKeys[0].key, ivan);
    await processor.drained();
    expect(await count(project.id, ivan.userId)).toBe(1);
    const r = await runCli(['erase', '--user', ivan.userId, '--poll-ms', '100'], {
      ...admin(),
      PULSETRACE_PROJECT: project.id,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/erasure er_\w+ started/);
    expect(r.stderr).toMatch(/^ {2}done$/m);
    expect(r.stdout).toMatch(
      new RegExp(`erased \\d+ row\\(s\\) of user ${ivan.userId} in project ${project.id}`),
    );
    expect(r.stdout).toMatch(/^errors +1$/m);
    expect(await count(project.id, ivan.userId)).toBe(0);
  });

  it.each<[string, string[], () => Record<string, string>, number, RegExp[]]>([
    [
      'neither --user nor --visitor (usage)',
      ['erase'],
      () => ({ ...editor() }),
      2,
      [/exactly one of --user/],
    ],
    ['both (usage)', ['erase', '--user', 'a', '--visitor', 'b'], () => ({ ...editor() }), 2, [/exactly one/]],
    ['the editor token', ['erase', '--user', 'a'], () => ({ ...editor() }), 1, [/admin token/]],
    ['no project (usage)', ['erase', '--user', 'a'], admin, 2, [/--project/]],
  ])('%s', async (_name, args, env, code, expected) => {
    const r = await runCli(args, env());
    expect(r.code).toBe(code);
    for (const re of expected) expect(r.stderr).toMatch(re);
  });
});
