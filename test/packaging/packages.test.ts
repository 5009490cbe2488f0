/**
 * @pulsetrace/cli and @pulsetrace/web as a user installs them: each workspace's `npm pack`
 * tarball installed into a fresh app outside the repository (dependencies from the npm
 * registry), then run there against a real processor: the CLI's compiled bin creates a release
 * and uploads a source map, and a bundle of `import { init } from '@pulsetrace/web'` reports an
 * error from Debian's Chromium.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import type { ErrorRow } from '../../collector-processor/src/store/rows';
import {
  ADMIN_TOKEN,
  createProject,
  startTestProcessor,
} from '../../collector-processor/test/helpers/processor';
import { launchBrowser, type TestBrowser } from '../../sdk/test/helpers/browsers';
import { waitForRows } from '../../sdk/test/helpers/clickhouse';
import { createTempApp, packWorkspace, REPO_ROOT, type PackedTarball, type TempApp } from './helpers';

// npm pack + one npm install (cache-friendly) + an esbuild build + a browser: minutes on 2 cores.
jest.setTimeout(300_000);

const RELEASE = 'sample-app@1.0.0';

let app: TempApp;
let cli: PackedTarball;
let web: PackedTarball;
let processor: RunningProcessor;

/** sdk/dist is built by `npm test` before jest (browser tests read it meanwhile): never rebuilt here. */
function assertSdkDistFresh() {
  const built = path.join(REPO_ROOT, 'sdk/dist/esm/index.js');
  const newestSource = (dir: string): number =>
    Math.max(
      ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs;
      }),
    );
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newestSource(path.join(REPO_ROOT, 'sdk/src')))
    throw new Error('sdk/dist is missing or older than sdk/src: run `npm run build -w sdk` first');
}

beforeAll(async () => {
  assertSdkDistFresh();
  app = createTempApp();
  // cli's prepack compiles src/ to dist/ (tsc), as `npm publish` would.
  [cli, web, processor] = await Promise.all([
    packWorkspace('cli', app.dir),
    packWorkspace('sdk', app.dir, { ignoreScripts: true }),
    startTestProcessor(),
  ]);
  await app.install([cli.file, web.file, 'esbuild@^0.28']);
});
afterAll(async () => {
  await processor?.stop();
  app?.remove();
});

describe('@pulsetrace/cli from its tarball', () => {
  it('ships the compiled bin and library, no TypeScript sources', () => {
    expect(cli.files).toEqual(
      expect.arrayContaining(['bin/pulsetrace.mjs', 'dist/main.js', 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(
      cli.files.filter((f) => f.startsWith('src/') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
    ).toEqual([]);
  });

  it('runs without tsx: neither installed in the app nor reachable from it', async () => {
    const ls = await app.run('npm', ['ls', 'tsx', '--all', '--parseable']);
    expect(ls.stdout.trim()).toBe('');
    expect(() => require.resolve('tsx', { paths: [app.dir] })).toThrow();

    const help = await app.run('npx', ['pulsetrace', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: pulsetrace /);
    expect(help.stdout).toContain('sourcemaps');
    // The form the docs use: the scoped package name, whose only bin is `pulsetrace`.
    const version = await app.run('npx', ['--offline', '@pulsetrace/cli', '--version']);
    const { version: packaged } = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'cli/package.json'), 'utf8'),
    );
    expect(version).toMatchObject({ code: 0, stdout: `${packaged}\n` });
  });

  it('exports the source map API to require() (types: dist/index.d.ts, checked above)', async () => {
    const r = await app.run('node', [
      '-e',
      "const c = require('@pulsetrace/cli'); console.log([typeof c.injectDir, typeof c.uploadScan, typeof c.scanDir].join())",
    ]);
    expect(r).toMatchObject({ code: 0, stdout: 'function,function,function\n' });
  });

  it('creates a release and uploads a built file and its map to a real processor', async () => {
    const project = await createProject(processor.url);
    app.write('src/cart.js', 'export const total = (n) => n * 21;\n');
    app.write('src/app.js', "import { total } from './cart';\nglobalThis.result = total(2);\n");
    const build = await app.run('npx', [
      'esbuild',
      'src/app.js',
      '--bundle',
      '--minify',
      '--sourcemap',
      '--outfile=dist/app.js',
    ]);
    expect(build.code).toBe(0);

    const env = {
      PULSETRACE_URL: processor.url,
      PULSETRACE_TOKEN: ADMIN_TOKEN,
      PULSETRACE_PROJECT: project.id,
    };
    for (const args of [
      ['releases', 'new', RELEASE],
      ['sourcemaps', 'inject', 'dist'],
      ['sourcemaps', 'upload', 'dist', '--release', RELEASE],
    ]) {
      const r = await app.run('npx', ['pulsetrace', ...args], env);
      expect({ args, ...r, code: r.code }).toMatchObject({ args, code: 0 });
    }

    const debugId = /\/\/# debugId=(\S+)/.exec(
      fs.readFileSync(path.join(app.dir, 'dist/app.js'), 'utf8'),
    )?.[1];
    expect(debugId).toBeDefined();
    const releases = await fetch(`${processor.url}/api/v1/projects/${project.id}/releases`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(JSON.stringify(await releases.json())).toContain(`"version":"${RELEASE}"`);
    expect((await processor.symbolicator.list(project.id, RELEASE)).files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '~/app.js', kind: 'source', debugId }),
        expect.objectContaining({ name: '~/app.js.map', kind: 'sourcemap', debugId }),
      ]),
    );
  });
});

describe('@pulsetrace/web from its tarball', () => {
  let browser: TestBrowser | undefined;
  let pages: http.Server | undefined;
  afterAll(async () => {
    await browser?.close();
    pages?.close();
  });

  it('resolves for require() and import in Node', async () => {
    const cjs = await app.run('node', ['-e', "console.log(typeof require('@pulsetrace/web').init)"]);
    expect(cjs).toMatchObject({ code: 0, stdout: 'function\n' });
    const esm = await app.run('node', [
      '--input-type=module',
      '-e',
      "import { init } from '@pulsetrace/web'; console.log(typeof init)",
    ]);
    expect(esm).toMatchObject({ code: 0, stdout: 'function\n' });
  });

  it('bundles with esbuild and reports an error from Chromium to a real processor', async () => {
    app.write(
      'src/main.js',
      [
        "import { captureException, flush, init } from '@pulsetrace/web';",
        '',
        'window.ptInit = init({ ...window.PT_CONFIG, service: "sample-app", release: "1.0.0" }) !== false;',
        "captureException(new Error('reported by the packaged SDK'));",
        'window.ptFlush = () => flush();',
        '',
      ].join('\n'),
    );
    const build = await app.run('npx', [
      'esbuild',
      'src/main.js',
      '--bundle',
      '--format=iife',
      '--outfile=dist/main.js',
    ]);
    expect(build.code).toBe(0);

    const bundle = fs.readFileSync(path.join(app.dir, 'dist/main.js'));
    let html = '';
    const pageUrl = await new Promise<string>((resolve) => {
      pages = http.createServer((req, res) => {
        if (req.url === '/main.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
        else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      });
      pages.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(pages!.address() as AddressInfo).port}`),
      );
    });
    const project = await createProject(processor.url, {
      name: 'packaged-web',
      allowedOrigins: [pageUrl],
      rateLimitPerSecond: 1_000_000,
    });
    html =
      `<!doctype html><script>window.PT_CONFIG = ${JSON.stringify({ endpoint: processor.url, key: project.ingestKey })};</script>` +
      '<script src="/main.js"></script>';

    browser = await launchBrowser('chromium');
    const tab = await browser.newPage();
    await tab.goto(`${pageUrl}/`);
    expect(await tab.evaluate(() => (globalThis as unknown as { ptInit: boolean }).ptInit)).toBe(true);
    await tab.evaluate(() => (globalThis as unknown as { ptFlush: () => Promise<void> }).ptFlush());
    const rows = await waitForRows<ErrorRow>(processor, {
      table: 'errors',
      projectId: project.id,
      count: 1,
      diagnostics: () => tab.logs.join('\n'),
    });
    expect(rows[0]).toMatchObject({ exception_message: 'reported by the packaged SDK' });
  });
});
