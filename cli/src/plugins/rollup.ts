/**
 * Rollup / Vite plugin without dependencies, for builds inside this repository (cli/test/e2e.test.ts).
 * Apps install @pulsetrace/bundler-plugins instead (bundler-plugins/): the same steps for Vite,
 * Rollup, webpack and esbuild. Turn on source maps in the build (`build.sourcemap: true` in Vite).
 */
import path from 'node:path';
import { injectAndUpload, type PulsetraceSourcemapsOptions, type UploadOutcome } from './inject-upload';

export type { PulsetraceSourcemapsOptions };

/** The fields of Rollup's OutputOptions the plugin reads (no dependency on rollup's types). */
export interface OutputOptionsLike {
  dir?: string;
  file?: string;
}

/** Where Rollup wrote: `output.dir`, or the folder of `output.file`. */
export function rollupOutputDir(output: OutputOptionsLike): string | undefined {
  return output.dir ?? (output.file ? path.dirname(output.file) : undefined);
}

export function pulsetraceSourcemaps(o: PulsetraceSourcemapsOptions) {
  return {
    name: 'pulsetrace-sourcemaps',
    /** Vite: production builds only, not the dev server. */
    apply: 'build' as const,
    writeBundle(output: OutputOptionsLike): Promise<UploadOutcome | undefined> {
      return injectAndUpload(
        rollupOutputDir(output),
        o,
        'no output.dir or output.file in the Rollup options',
      );
    },
  };
}
