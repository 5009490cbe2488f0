/**
 * `@pulsetrace/cli` as a library: the command runner and the source map steps the `sourcemaps`
 * commands are made of (scan a build directory, inject Debug IDs, upload in size-bounded
 * requests), for build tools that want them without spawning the CLI. Compiled to dist/index.js.
 */
export { run, buildProgram, VERSION } from './main';
export { CliError, type Connection } from './api';
export { DEFAULT_URL } from './commands/options';
export { DEFAULT_BATCH_BYTES, MAX_FILE_BYTES } from './sourcemaps/batches';
export { scanDir, parseExtensions, DEFAULT_EXT, type Extensions, type Scan } from './sourcemaps/scan';
export { injectDir, summarizeInject, type InjectResult } from './sourcemaps/inject';
export { summarize } from './sourcemaps/pairing';
export { uploadScan, type UploadOptions, type UploadOutcome, type UploadResponse } from './sourcemaps/upload';
