/**
 * The sample stage: server-side sampling by session, at the project's `sampleRate`. A session is
 * kept or dropped whole, so funnels and session timelines stay intact. Errors are always kept, as
 * Sentry and Faro do.
 */
import { SIGNAL_TABLES, type RumRows } from '../store/rows';
import { sessionSampleValue } from './sample-hash';
import type { Stage } from './stages';

export { sessionSampleValue };

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
