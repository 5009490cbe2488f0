/**
 * Bundles the browser harness (harness.tsx) with esbuild, in memory: the plugin's real editors
 * and the real @grafana/ui, @grafana/data and @grafana/runtime, as Grafana's own webpack build
 * would give them to a plugin at run time. The app plugin's screenshot runner
 * (grafana-app/test/browser/) bundles its own entry from its own folder with the same function.
 */
import * as esbuild from 'esbuild';
import path from 'node:path';

export const PLUGIN_DIR = path.resolve(__dirname, '../../..');

export interface HarnessBundle {
  js: string;
  /** CSS that @grafana/ui imports from its dependencies (date picker, slider, data grid, uPlot). */
  css: string;
  ms: number;
}

/**
 * Packages hoisted to the repo root (emotion, floating-ui, react-select…) would import the root's
 * React 19 next to the plugin's React 18: every React import resolves from the plugin's folder,
 * with the usual package rules (exports, browser field).
 */
const pluginReact = (pluginDir: string): esbuild.Plugin => ({
  name: 'plugin-react',
  setup(build) {
    build.onResolve({ filter: /^react(-dom)?(\/|$)/ }, (args) =>
      args.pluginData === 'plugin-react'
        ? undefined
        : build.resolve(args.path, { resolveDir: pluginDir, kind: args.kind, pluginData: 'plugin-react' })
    );
  },
});

export interface HarnessOptions {
  /** The plugin whose node_modules give React and @grafana/* (default: this data source). */
  pluginDir?: string;
  /** Source of a generated entry module, resolved from pluginDir (default: harness.tsx). */
  entry?: string;
}

export async function bundleHarness(options: HarnessOptions = {}): Promise<HarnessBundle> {
  const started = Date.now();
  const pluginDir = options.pluginDir ?? PLUGIN_DIR;
  const result = await esbuild.build({
    ...(options.entry === undefined
      ? { entryPoints: [path.join(__dirname, 'harness.tsx')] }
      : { stdin: { contents: options.entry, resolveDir: pluginDir, sourcefile: 'harness-entry.tsx', loader: 'tsx' } }),
    bundle: true,
    write: false,
    // Not written: the names only decide which output is the script and which the stylesheet.
    outdir: path.join(pluginDir, 'harness-out'),
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    absWorkingDir: pluginDir,
    // Development React, so its warnings (keys, invalid props, state updates) reach the console
    // and fail the test the way they would show in a developer's Grafana.
    define: { 'process.env.NODE_ENV': '"development"', global: 'globalThis' },
    plugins: [pluginReact(pluginDir)],
    // @grafana/ui imports illustrations (svg) and stylesheets (css) of its dependencies, which
    // bring fonts (the code editor's icon font).
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    logLevel: 'silent',
  });
  const text = (ext: string) =>
    result.outputFiles
      .filter((f) => f.path.endsWith(ext))
      .map((f) => f.text)
      .join('\n');
  return { js: text('.js'), css: text('.css'), ms: Date.now() - started };
}
