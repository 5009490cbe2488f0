/** Replaced at build time from package.json (build.mjs defines __PULSETRACE_VERSION__). */
declare const __PULSETRACE_VERSION__: string | undefined;
export const SDK_VERSION = typeof __PULSETRACE_VERSION__ === 'string' ? __PULSETRACE_VERSION__ : '0.0.0-dev';
