/**
 * Which stack frames are the app's own code. Only those may group an error: a frame of an
 * extension, of the browser itself, of injected or evaluated code, of a vendor package or of the
 * PulseTrace SDK is there in one browser and not another (or for one user and not another), so it
 * would split one bug into several issues. Used by the mapper (`frames.in_app`), by symbolication
 * (which frames need a map) and again by grouping on stored file names, so rows stored before
 * these rules are regrouped by them too.
 */

/** Why a frame is not the app's own code. */
export type NotInAppReason =
  | 'no_file' // no location at all ("", V8's `<anonymous>`, `debugger eval code`)
  | 'browser_internal' // `[native code]`, `native`, Firefox's `self-hosted`
  | 'eval' // eval / new Function code
  | 'foreign_scheme' // extensions, puppeteer, debugger, Safari's masked URLs...
  | 'vendor' // node_modules and other package managers' directories
  | 'sdk'; // PulseTrace's own bundle and loader

/** Schemes that load a page's own scripts; anything else is an extension, a tool or the browser. */
const APP_SCHEMES = new Set(['http', 'https', 'file', 'blob', 'webpack', 'webpack-internal']);

const BROWSER_INTERNAL = /^(?:\[native code\]|native|self-hosted|<anonymous>)$/i;

/** Package managers' directories, in a URL or in a symbolicated source path. */
export const VENDOR_PATH = /(?:^|[/\\])(?:node_modules|bower_components|jspm_packages)[/\\]/;

/**
 * The SDK's own scripts: the CDN bundle and loader (`pulsetrace.min.js`, `pulsetrace/loader.min.js`)
 * and the npm package (under node_modules, so vendor anyway, or `@pulsetrace/web` in a map). An
 * app's own `pulsetrace-setup.js` is the app's.
 */
const SDK_PATH =
  /(?:^|\/)pulsetrace(?:\.[\w-]+)*\.m?js$|\/pulsetrace\/loader(?:\.min)?\.js$|@pulsetrace\/web\//i;

function withoutQuery(filename: string): string {
  const cut = filename.search(/[?#]/);
  return cut >= 0 ? filename.slice(0, cut) : filename;
}

/**
 * Why `filename` is not the app's own code, or undefined when it is. A source path from a source
 * map (`fromSourceMap`) was mapped from one of the page's scripts, so only vendor and SDK paths
 * exclude it: bundlers name sources with schemes of their own (`webpack://`, `turbopack://`,
 * `ng://`, `rollup://`).
 */
export function notInAppReason(
  filename: string,
  isEval = false,
  fromSourceMap = false,
): NotInAppReason | undefined {
  const f = filename.trim();
  if (!f) return 'no_file';
  if (fromSourceMap) return vendorOrSdk(withoutQuery(f));
  if (BROWSER_INTERNAL.test(f)) return 'browser_internal';
  if (isEval || /^eval$|\beval code$/i.test(f)) return 'eval';
  const scheme = /^([a-z][\w+.-]*):/i.exec(f)?.[1]?.toLowerCase();
  // A drive letter (C:\app\x.js) is a path, not a scheme.
  if (scheme && scheme.length > 1 && !APP_SCHEMES.has(scheme)) return 'foreign_scheme';
  // Neither a path nor a file name: `__puppeteer_evaluation_script__`, ":370" of a V8 eval.
  if (!scheme && !/[/\\.]/.test(f)) return 'no_file';
  return vendorOrSdk(withoutQuery(f));
}

function vendorOrSdk(path: string): NotInAppReason | undefined {
  if (VENDOR_PATH.test(path)) return 'vendor';
  if (SDK_PATH.test(path)) return 'sdk';
  return undefined;
}

/** 1 when the frame's file is the app's own code (the `frames.in_app` column), else 0. */
export function isAppFile(filename: string, isEval = false): number {
  return notInAppReason(filename, isEval) === undefined ? 1 : 0;
}
