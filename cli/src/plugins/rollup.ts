/**
 * Rollup / Vite plugin: after the bundle is written, inject Debug IDs into it and upload its JS
 * files and source maps, exactly like `pulsetrace sourcemaps inject` + `upload` on the output
 * directory. Turn on source maps in the build (`build.sourcemap: true` in Vite).
 *
 *   import { pulsetraceSourcemaps } from '@pulsetrace/cli/src/plugins/rollup.ts';
 *   plugins: [pulsetraceSourcemaps({ release: process.env.GIT_SHA })]
 */
import path from 'node:path';
import { DEFAULT_URL } from '../commands/options';
import { DEFAULT_BATCH_BYTES } from '../sourcemaps/batches';
import { injectDir, summarizeInject } from '../sourcemaps/inject';
import { summarize } from '../sourcemaps/pairing';
import { DEFAULT_EXT, parseExtensions } from '../sourcemaps/scan';
import { uploadScan, type UploadOutcome } from '../sourcemaps/upload';

export interface PulsetraceSourcemapsOptions {
  /** The release the app reports (service.version); required. */
  release: string;
  /** Default: PULSETRACE_URL, else http://localhost:4318. */
  url?: string;
  /** Editor or admin token. Default: PULSETRACE_TOKEN. */
  token?: string;
  /** Default: PULSETRACE_PROJECT. */
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
  log?: (line: string) => void;
}

/** The fields of Rollup's OutputOptions the plugin reads (no dependency on rollup's types). */
interface OutputOptionsLike {
  dir?: string;
  file?: string;
}

export function pulsetraceSourcemaps(o: PulsetraceSourcemapsOptions) {
  const log = o.log ?? ((line: string) => process.stderr.write(`[pulsetrace] ${line}\n`));
  return {
    name: 'pulsetrace-sourcemaps',
    /** Vite: production builds only, not the dev server. */
    apply: 'build' as const,
    async writeBundle(output: OutputOptionsLike): Promise<UploadOutcome | undefined> {
      const dir = output.dir ?? (output.file ? path.dirname(output.file) : undefined);
      if (!dir) {
        log('no output dir or file in the Rollup output options: nothing uploaded');
        return undefined;
      }
      const project = o.project ?? process.env.PULSETRACE_PROJECT;
      try {
        if (!o.release)
          throw new Error('pulsetraceSourcemaps({ release }) is required: the version the app reports');
        if (!project && !o.dryRun) throw new Error('no project: pass { project } or set PULSETRACE_PROJECT');
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
    },
  };
}
