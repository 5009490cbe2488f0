/**
 * Chunk-load and dynamic-import failures. After a deploy, pages still open reference the previous
 * build's chunks, which are gone: every lazy route then fails with a message naming a different
 * URL and chunk id. Grouped per release as one deploy-caused issue instead of one per chunk.
 */

/**
 * Each phrasing as the runtime that throws it words it (checked against the sources and real
 * browsers; testdata/browser-stacks.json holds the Chromium and Firefox ones):
 * - webpack / Rspack / Next.js JS chunks: ChunkLoadError "Loading chunk 123 failed.\n(error: url)"
 *   (ids can be names too: "Loading chunk app/page failed.");
 * - mini-css-extract-plugin / webpack CSS: "Loading CSS chunk 123 failed.\n(url)";
 * - Chromium import(): TypeError "Failed to fetch dynamically imported module: url";
 * - Firefox import(): TypeError "error loading dynamically imported module: url";
 * - Safari import(): TypeError "Importing a module script failed.";
 * - Vite's preload helper: Error "Unable to preload CSS for /assets/x.css".
 */
const MESSAGES = [
  /\bLoading (?:CSS )?chunk [^\s]+ failed\b/i,
  /\bFailed to fetch dynamically imported module\b/i,
  /\berror loading dynamically imported module\b/i,
  /\bImporting a module script failed\b/i,
  /\bUnable to preload CSS for\b/i,
];

/** The failure each phrasing names, without its chunk id or URL: the title. */
const TITLES = [
  'Loading chunk failed',
  'Failed to fetch dynamically imported module',
  'error loading dynamically imported module',
  'Importing a module script failed',
  'Unable to preload CSS',
];

/**
 * "<type>: <failure>" for a chunk-load issue, e.g. "ChunkLoadError: Loading chunk failed", so
 * the title names the failure rather than the first event's chunk.
 */
export function chunkLoadTitle(type: string, message: string): string {
  const i = MESSAGES.findIndex((re) => re.test(message));
  return `${type}: ${TITLES[Math.max(i, 0)]}`;
}

export function isChunkLoadError(type: string, message: string): boolean {
  return type === 'ChunkLoadError' || MESSAGES.some((re) => re.test(message));
}
