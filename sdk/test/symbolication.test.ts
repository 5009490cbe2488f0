/**
 * Real minified bundles through the whole pipeline. sdk/test/bundle-app is built twice, as two
 * releases: esbuild-minified (Debug IDs injected by the CLI) and esbuild-then-terser (a chained
 * map, matched by URL). The `pulsetrace` CLI uploads the maps; Chromium and Firefox load each
 * build and fail in three ways (a throw in a click handler, an unhandled rejection from an async
 * function, a captured error in a class method). The processor symbolicates and groups them:
 * frames must equal the original source positions, and each failure must be one issue across
 * both browsers and both releases, distinct from the other two.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_TOKEN } from '../../collector-processor/test/helpers/processor';
import { BROWSERS } from './helpers/browsers';
import { buildBundle, throwSites, type BuiltBundle, type Minifier } from './helpers/bundle-app';
import type { ErrorRow } from './helpers/clickhouse';
import { queryRows } from './helpers/clickhouse';
import { sleep, useBrowser, useHarness, type Project } from './helpers/harness';

const h = useHarness();
const CLI = path.resolve(__dirname, '../../cli/bin/pulsetrace.mjs');
const run = promisify(execFile);

const RELEASES: { release: string; minifier: Minifier; debugIds: boolean }[] = [
  { release: '2026.11.1', minifier: 'esbuild', debugIds: true },
  { release: '2026.11.2', minifier: 'terser', debugIds: false },
];
const SITES = throwSites();
/** Failure → its throw site and message. */
const FAILURES = {
  cart: 'quantity must be positive',
  checkout: 'payment declined',
  inventory: 'negative stock',
} as const;

let project: Project;
const bundles = new Map<string, BuiltBundle>();

async function cli(...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    PULSETRACE_URL: h().processor.url,
    PULSETRACE_TOKEN: ADMIN_TOKEN,
    PULSETRACE_PROJECT: project.id,
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pulsetrace ${args.join(' ')} failed: ${e.message}\n${e.stdout}\n${e.stderr}`, {
      cause: err,
    });
  }
}

beforeAll(async () => {
  project = await h().project('bundled-app');
  for (const { release, minifier, debugIds } of RELEASES) {
    const bundle = await buildBundle(release, minifier);
    bundles.set(release, bundle);
    if (debugIds) await cli('sourcemaps', 'inject', bundle.dir);
    await cli('releases', 'new', release);
    const prefix = `~/bundles/${release}/`;
    const upload = await cli(
      'sourcemaps',
      'upload',
      bundle.dir,
      '--release',
      release,
      '--url-prefix',
      prefix,
    );
    expect(upload).toMatch(/paired 1 source\(s\) with a map/);
    h().pages.mounts[`/bundles/${release}/`] = bundle.dir;
  }
});

describe.each(BROWSERS)('minified bundles in %s', (name) => {
  const browser = useBrowser(name);

  it.each(RELEASES)(
    'symbolicates every failure of release $release ($minifier)',
    async ({ release, debugIds }) => {
      const bundle = bundles.get(release)!;
      const s = await h().scenario(browser(), {
        project,
        bundle: `/bundles/${release}/${bundle.script}`,
        init: { release },
      });
      await s.open('/bundle/');
      await s.page.click('#add');
      await s.page.click('#order');
      await s.page.click('#audit');
      await sleep(100);
      await s.flush();
      const session = await s.page.evaluate(() => window.PulseTrace.getSessionId());
      const rows = await s.rows<ErrorRow>('errors', {
        count: 3,
        where: 'session_id = {session:String}',
        params: { session },
      });
      expect(rows).toHaveLength(3);
      for (const [site, message] of Object.entries(FAILURES)) {
        const row = rows.find((r) => r.exception_message.includes(message));
        if (!row) throw new Error(`no error "${message}" in ${name}:\n${s.diagnostics()}`);
        const expected = SITES[site];
        expect(row.release).toBe(release);
        expect(row.symbolication).toBe('mapped');
        // The innermost frame is the throw site, at its original file, line and column.
        expect(row['frames.filename'][0]).toMatch(new RegExp(`${expected.file}$`));
        expect(row['frames.lineno'][0]).toBe(expected.line);
        expect(row['frames.colno'][0]).toBe(expected.column);
        expect(row['frames.symbolicated'][0]).toBe(1);
        expect(row['frames.abs_path'][0]).toContain(bundle.script);
        // The injected build's Debug ID travels with the error (the SDK reads it from the page).
        const ids = JSON.parse(row.attributes['pulsetrace.exception.debug_ids'] ?? '{}') as Record<
          string,
          string
        >;
        if (debugIds) expect(ids[row['frames.abs_path'][0]]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
        else expect(ids).toEqual({});
        const context = JSON.parse(row['frames.context'][0]) as { line: string };
        expect(context.line).toContain(`// @throw:${site}`);
      }
    },
  );
});

describe('grouping across browsers and releases', () => {
  it('puts each failure in one issue, distinct from the others', async () => {
    const rows = await queryRows<{ message: string; fingerprints: string[]; events: string }>(
      h().processor,
      `SELECT exception_message AS message, groupUniqArray(fingerprint) AS fingerprints, count() AS events
       FROM errors WHERE project_id = {project:String} GROUP BY message`,
      { project: project.id },
    );
    const fingerprintOf = (message: string) => {
      const group = rows.filter((r) => r.message.includes(message));
      expect(group).toHaveLength(1);
      expect(Number(group[0].events)).toBe(BROWSERS.length * RELEASES.length);
      expect(group[0].fingerprints).toHaveLength(1);
      expect(group[0].fingerprints[0]).toMatch(/^[0-9a-f]{16,}$/);
      return group[0].fingerprints[0];
    };
    const fingerprints = Object.values(FAILURES).map(fingerprintOf);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);

    const res = await fetch(`${h().processor.url}/api/v1/projects/${project.id}/issues`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const { issues } = (await res.json()) as {
      issues: { id: string; events: number; releases: string[] }[];
    };
    expect(issues.map((i) => i.id).sort()).toEqual([...fingerprints].sort());
    for (const issue of issues) {
      expect(Number(issue.events)).toBe(BROWSERS.length * RELEASES.length);
      expect([...issue.releases].sort()).toEqual(RELEASES.map((r) => r.release).sort());
    }
  });
});
