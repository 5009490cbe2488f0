// No imports: the Grafana app's "send a test event" (grafana-app/src/pages/setup/testEvent.ts)
// bundles this same function to pick a session id the project's sampling keeps.
/**
 * FNV-1a 32-bit, then murmur3's finaliser, mapped to [0, 1): stable across instances and restarts,
 * unlike Math.random. FNV alone moves the top bits little when only the last character changes, so
 * sequential ids (`session-1`, `session-2`…) landed side by side and were kept or dropped together;
 * the finaliser spreads each input bit over the whole hash (sample.test.ts).
 */
export function sessionSampleValue(sessionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x100000000;
}
