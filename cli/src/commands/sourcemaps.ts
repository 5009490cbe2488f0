/** `pulsetrace sourcemaps upload|inject|list`. */
import { Option, type Command } from 'commander';
import { CliError, joinUrl, releasePath, request } from '../api';
import { note, print, table } from '../output';
import { DEFAULT_BATCH_BYTES } from '../sourcemaps/batches';
import { injectDir, summarizeInject } from '../sourcemaps/inject';
import { formatBytes, summarize } from '../sourcemaps/pairing';
import { DEFAULT_EXT, parseExtensions, scanDir } from '../sourcemaps/scan';
import { uploadScan } from '../sourcemaps/upload';
import { connectionOf, projectOf, withConnection, type ConnectionOpts } from './options';

const extOption = () =>
  new Option('--ext <list>', 'comma-separated extensions to look at (map = source maps)').default(
    DEFAULT_EXT,
  );

interface UploadOpts extends ConnectionOpts {
  release: string;
  urlPrefix: string;
  dist?: string;
  dryRun?: boolean;
  ext: string;
  batchMb: string;
}

function batchBytes(mb: string): number {
  const n = Number(mb);
  if (!(n > 0 && n <= 200))
    throw new CliError(`--batch-mb "${mb}" must be a positive number of MB, at most 200`, 2);
  return Math.round(n * 1024 * 1024);
}

export function registerSourcemaps(program: Command): void {
  const sourcemaps = program
    .command('sourcemaps')
    .description('inject Debug IDs into a build and upload its source maps');

  withConnection(
    sourcemaps
      .command('upload')
      .description('upload the JS files and source maps under <dir> to a release')
      .argument('<dir>', 'build output directory, e.g. dist')
      .requiredOption('--release <version>', 'release version the maps belong to')
      .option(
        '--url-prefix <prefix>',
        'URL prefix of the files as the browser loads them (~/ = any host)',
        '~/',
      )
      .option('--dist <dist>', 'build variant within the release, when one release ships several builds')
      .option('--dry-run', 'scan and print the summary, send nothing')
      .addOption(extOption())
      .option(
        '--batch-mb <mb>',
        'MB per request (the processor takes up to ~200)',
        String(DEFAULT_BATCH_BYTES / 1024 / 1024),
      ),
    { project: true },
  ).action(async (dir: string, o: UploadOpts) => {
    const bytes = batchBytes(o.batchMb);
    const project = o.dryRun ? (o.project ?? '<project>') : projectOf(o);
    const scan = await scanDir(dir, parseExtensions(o.ext));
    const files = scan.js.length + scan.maps.length;
    print(`${scan.dir} → release ${o.release}, url prefix ${o.urlPrefix}`);
    print(summarize(scan.pairing));
    if (!files)
      throw new CliError(`no ${o.ext} files under ${dir}: pass the build output directory (or change --ext)`);
    const outcome = await uploadScan(scan, {
      conn: connectionOf(o),
      project,
      release: o.release,
      urlPrefix: o.urlPrefix,
      dist: o.dist,
      batchBytes: bytes,
      dryRun: !!o.dryRun,
    });
    const size = `${outcome.files} file(s), ${formatBytes(outcome.bytes)} in ${outcome.requests} request(s)`;
    if (o.dryRun) {
      const target = joinUrl(o.url, releasePath(project, o.release, 'sourcemaps'));
      print(`dry run: would upload ${size} to ${target}; nothing was sent`);
    } else {
      const s = outcome.server ?? { stored: 0, matched: 0, unmatched: [] }; // nothing fit the limits
      print(
        `uploaded ${size}: the processor stored ${s.stored} file(s) and paired ${s.matched} source(s) with a map`,
      );
      if (s.unmatched.length)
        print(`  the processor could not pair ${s.unmatched.length}: ${s.unmatched.slice(0, 20).join(', ')}`);
    }
    if (outcome.tooLarge.length)
      throw new CliError(
        `not uploaded, over the processor's 50 MB per-file limit: ${outcome.tooLarge.join(', ')}\n` +
          '  split the bundle (code splitting) or leave sources out of the map (sourcesContent: false)',
      );
  });

  sourcemaps
    .command('inject')
    .description('write a Debug ID into each JS file with a map, and into the map (idempotent)')
    .argument('<dir>', 'build output directory, e.g. dist')
    .option('--dry-run', 'print what would change, write nothing')
    .addOption(extOption())
    .action(async (dir: string, o: { dryRun?: boolean; ext: string }) => {
      const result = await injectDir(dir, parseExtensions(o.ext), { dryRun: !!o.dryRun });
      print(summarizeInject(result, !!o.dryRun));
      if (result.failed.length)
        throw new CliError(`${result.failed.length} file(s) could not be injected (listed above)`);
      if (!result.scan.pairing.pairs.length)
        note(
          `no JS file with an external source map under ${dir}: build with source maps on (e.g. sourcemap: true)`,
        );
    });

  withConnection(
    sourcemaps
      .command('list')
      .description('list the files stored for a release')
      .requiredOption('--release <version>', 'release version')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (o: ConnectionOpts & { release: string }) => {
    type Stored = { name: string; kind?: string; debugId?: string | null; bytes?: number };
    const body = await request<{ files?: Stored[] }>(
      connectionOf(o),
      'GET',
      releasePath(projectOf(o), o.release, 'sourcemaps'),
      {
        scope: 'write',
      },
    );
    const files = body?.files ?? [];
    if (o.json) return print(JSON.stringify(files, null, 2));
    if (!files.length)
      return print(
        `no files stored for ${o.release}: upload with \`pulsetrace sourcemaps upload <dir> --release ${o.release}\``,
      );
    print(
      table(
        ['NAME', 'KIND', 'DEBUG ID', 'SIZE'],
        files.map((f) => [f.name, f.kind, f.debugId, f.bytes === undefined ? '' : formatBytes(f.bytes)]),
      ),
    );
  });
}
