/**
 * @pulsetrace/bundler-plugins: after a production build has written its files, inject Debug IDs
 * and upload the JS files and source maps to PulseTrace (cli/src/plugins/inject-upload.ts, the
 * same steps as `pulsetrace sourcemaps inject` + `upload`). One unplugin for every bundler.
 *
 * unplugin calls a plain `writeBundle()` with no arguments on webpack and esbuild, so it cannot
 * say where the files went: each bundler gets its own hook instead, the one that runs once the
 * files are on disk and that knows the output location.
 */
import path from 'node:path';
import { createUnplugin, type UnpluginFactory, type UnpluginInstance } from 'unplugin';
import {
  injectAndUpload,
  pluginLog,
  type PulsetraceSourcemapsOptions,
} from '../../cli/src/plugins/inject-upload';
import { rollupOutputDir, type OutputOptionsLike } from '../../cli/src/plugins/rollup';

export type { PulsetraceSourcemapsOptions };

const NAME = 'pulsetrace-sourcemaps';

/** The parts of webpack's Compiler the plugin uses (no dependency on webpack's types). */
interface WebpackCompilerLike {
  hooks: {
    afterEmit: {
      tapPromise(name: string, hook: (compilation: WebpackCompilationLike) => Promise<void>): void;
    };
  };
}
interface WebpackCompilationLike {
  errors: unknown[];
  outputOptions: { path?: string };
}

/** The parts of esbuild's PluginBuild the plugin uses. */
interface EsbuildBuildLike {
  initialOptions: { outdir?: string; outfile?: string; write?: boolean; absWorkingDir?: string };
  onEnd(callback: (result: { errors: unknown[] }) => Promise<void>): void;
}

const factory: UnpluginFactory<PulsetraceSourcemapsOptions> = (o) => {
  const log = pluginLog(o);
  const rollupHook = {
    // Rollup and Vite call writeBundle once per output, after its files are written.
    async writeBundle(output: OutputOptionsLike) {
      await injectAndUpload(rollupOutputDir(output), o, 'no output.dir or output.file in the Rollup options');
    },
  };
  return {
    name: NAME,
    rollup: rollupHook,
    // Vite: production builds only (`vite build`), not the dev server.
    vite: { apply: 'build', ...rollupHook },
    webpack(compiler: WebpackCompilerLike) {
      compiler.hooks.afterEmit.tapPromise(NAME, async (compilation) => {
        if (compilation.errors.length) {
          log(`webpack build has ${compilation.errors.length} error(s): source maps not uploaded`);
          return;
        }
        await injectAndUpload(compilation.outputOptions.path, o, 'no output.path in the webpack options');
      });
    },
    esbuild: {
      setup(build: EsbuildBuildLike) {
        const { outdir, outfile, write, absWorkingDir } = build.initialOptions;
        build.onEnd(async (result) => {
          if (result.errors.length) {
            log(`esbuild build has ${result.errors.length} error(s): source maps not uploaded`);
            return;
          }
          // With write: false esbuild hands the files to the caller and nothing is on disk.
          const out = outdir ?? (outfile ? path.dirname(outfile) : undefined);
          // esbuild reads a relative outdir from absWorkingDir, not from the process's cwd.
          const dir = write === false || !out ? undefined : path.resolve(absWorkingDir ?? process.cwd(), out);
          await injectAndUpload(
            dir,
            o,
            write === false ? 'esbuild ran with write: false' : 'no outdir or outfile in the esbuild options',
          );
        });
      },
    },
  };
};

/** The unplugin instance: `.vite`, `.rollup`, `.webpack`, `.esbuild` (other bundlers get no hooks). */
export const pulsetraceSourcemaps: Plugins = /* #__PURE__ */ createUnplugin(factory);

// Annotated so the declarations name vite's, rollup's, webpack's and esbuild's own plugin types
// (resolved in the app that installs them) instead of what tsc found here.
type Plugins = UnpluginInstance<PulsetraceSourcemapsOptions, false>;
export const vitePlugin: Plugins['vite'] = pulsetraceSourcemaps.vite;
export const rollupPlugin: Plugins['rollup'] = pulsetraceSourcemaps.rollup;
export const webpackPlugin: Plugins['webpack'] = pulsetraceSourcemaps.webpack;
export const esbuildPlugin: Plugins['esbuild'] = pulsetraceSourcemaps.esbuild;
