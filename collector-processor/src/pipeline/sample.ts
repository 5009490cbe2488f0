/**
 * The sample stage: server-side sampling by session, at the project's `sampleRate`. A session is
 * kept or dropped whole, so funnels and session timelines stay intact. Errors are always kept, as
 * Sentry and Faro do.
 */
import { SIGNAL_TABLES, type RumRows } from '../store/rows';
import type { Stage } from './stages';

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

export const sample: Stage = (rows, { project }) => {
  if (project.sampleRate >= 1) return rows;
  const keep = (row: { session_id: string; event_id: string }) =>
    sessionSampleValue(row.session_id || row.event_id) < project.sampleRate;
  const out: RumRows = { ...rows };
  for (const table of SIGNAL_TABLES) {
    if (table === 'errors') continue;
    (out[table] as unknown[]) = (rows[table] as { session_id: string; event_id: string }[]).filter(keep);
  }
  return out;
};
