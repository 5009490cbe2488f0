/**
 * What every bundler plugin does once the build's files are on disk: inject Debug IDs into the
 * output directory and upload its JS files and source maps, exactly like `pulsetrace sourcemaps
 * inject` + `upload` on that directory. The bundler-specific part (which hook, where the output
 * went) is in rollup.ts here and in bundler-plugins/src/ (@pulsetrace/bundler-plugins).
 *
 * Imports only the sourcemaps modules and api.ts, not commands/ (commander): the bundler-plugins
 * package bundles this file and should carry no CLI parsing.
 */
import { DEFAULT_BATCH_BYTES } from '../sourcemaps/batches';
import { injectDir, summarizeInject } from '../sourcemaps/inject';
import { summarize } from '../sourcemaps/pairing';
import { DEFAULT_EXT, parseExtensions } from '../sourcemaps/scan';
import { uploadScan, type UploadOutcome } from '../sourcemaps/upload';

/** The CLI's `--url` default (commands/options.ts DEFAULT_URL), repeated to keep commander out. */
const DEFAULT_URL = 'http://localhost:4318';

export type { UploadOutcome };

export interface PulsetraceSourcemapsOptions {
  /** The release the app reports (service.version); required. */
  release: string;
  /** Default: PULSETRACE_URL, else http://localhost:4318. */
  url?: string;
  /** Editor or admin token. Default: PULSETRACE_TOKEN. */
  token?: string;
  /** Project id or name. Default: PULSETRACE_PROJECT. */
  project?: string;
  /** Default `~/`. */
  urlPrefix?: string;
  dist?: string;
  /** Write Debug IDs before uploading (default true). */
  inject?: boolean;
  /** Scan and log, send nothing. */
  dryRun?: boolean;
  /** Fail the build when the upload fails (default true: a release without maps is unreadable). */
  failOnError?: boolean;
  /** Default: `[pulsetrace] …` lines on stderr. */
  log?: (line: string) => void;
}

export function pluginLog(o: PulsetraceSourcemapsOptions): (line: string) => void {
  // Each line prefixed: the summaries span several lines among the bundler's own output.
  return o.log ?? ((text: string) => process.stderr.write(text.replace(/^/gm, '[pulsetrace] ') + '\n'));
}

/**
 * Inject and upload `dir` (undefined: the bundler gave no output location, `why` says which
 * option to set). Resolves to undefined when nothing was sent; throws unless failOnError is false.
 */
export async function injectAndUpload(
  dir: string | undefined,
  o: PulsetraceSourcemapsOptions,
  why = 'no output directory',
): Promise<UploadOutcome | undefined> {
  const log = pluginLog(o);
  const project = o.project ?? process.env.PULSETRACE_PROJECT;
  try {
    if (!o.release)
      throw new Error('pulsetraceSourcemaps({ release }) is required: the version the app reports');
    if (!project && !o.dryRun) throw new Error('no project: pass { project } or set PULSETRACE_PROJECT');
    if (!dir) throw new Error(`${why}: nothing to inject or upload`);
    const result = await injectDir(dir, parseExtensions(DEFAULT_EXT), {
      dryRun: o.inject === false || o.dryRun,
    });
    if (o.inject !== false) log(summarizeInject(result, o.dryRun));
    log(summarize(result.scan.pairing));
    const outcome = await uploadScan(result.scan, {
      conn: {
        url: o.url ?? process.env.PULSETRACE_URL ?? DEFAULT_URL,
        token: o.token ?? process.env.PULSETRACE_TOKEN,
      },
      project: project ?? '<project>',
      release: o.release,
      urlPrefix: o.urlPrefix ?? '~/',
      dist: o.dist,
      batchBytes: DEFAULT_BATCH_BYTES,
      dryRun: !!o.dryRun,
    });
    log(
      o.dryRun
        ? `dry run: would upload ${outcome.files} file(s) to release ${o.release}`
        : `uploaded ${outcome.files} file(s) to release ${o.release}; the processor paired ${outcome.server?.matched ?? 0}`,
    );
    if (outcome.tooLarge.length)
      throw new Error(
        `not uploaded, over the processor's 50 MB per-file limit: ${outcome.tooLarge.join(', ')}`,
      );
    return outcome;
  } catch (err) {
    if (o.failOnError === false) {
      log(`source maps not uploaded: ${(err as Error).message}`);
      return undefined;
    }
    throw err;
  }
}
