/**
 * Bundles the browser harness (harness.tsx) with esbuild, in memory: the plugin's real editors
 * and the real @grafana/ui, @grafana/data and @grafana/runtime, as Grafana's own webpack build
 * would give them to a plugin at run time.
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
const pluginReact: esbuild.Plugin = {
  name: 'plugin-react',
  setup(build) {
    build.onResolve({ filter: /^react(-dom)?(\/|$)/ }, (args) =>
      args.pluginData === 'plugin-react'
        ? undefined
        : build.resolve(args.path, { resolveDir: PLUGIN_DIR, kind: args.kind, pluginData: 'plugin-react' })
    );
  },
};

export async function bundleHarness(): Promise<HarnessBundle> {
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'harness.tsx')],
    bundle: true,
    write: false,
    // Not written: the names only decide which output is the script and which the stylesheet.
    outdir: path.join(PLUGIN_DIR, 'harness-out'),
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    absWorkingDir: PLUGIN_DIR,
    // Development React, so its warnings (keys, invalid props, state updates) reach the console
    // and fail the test the way they would show in a developer's Grafana.
    define: { 'process.env.NODE_ENV': '"development"', global: 'globalThis' },
    plugins: [pluginReact],
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
