import type { Project } from '../projects/project-store';
import { SIGNAL_TABLES, type RumRows } from '../store/rows';

export interface StageContext {
  project: Project;
  receivedAtMs: number;
}

/** A pipeline stage: a pure function from rows to rows. */
export type Stage = (rows: RumRows, ctx: StageContext) => RumRows;

/** FNV-1a 32-bit, mapped to [0, 1): stable across instances and restarts, unlike Math.random. */
export function sessionSampleValue(sessionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x100000000;
}

/**
 * Server-side sampling by session: a session is kept or dropped whole, so funnels and session
 * timelines stay intact. Errors are always kept, as Sentry and Faro do.
 */
export const sample: Stage = (rows, { project }) => {
  if (project.sampleRate >= 1) return rows;
  const keep = (row: { session_id: string; event_id: string }) =>
    sessionSampleValue(row.session_id || row.event_id) < project.sampleRate;
  const out = { ...rows };
  for (const table of SIGNAL_TABLES) {
    if (table === 'errors') continue;
    (out[table] as unknown[]) = (rows[table] as { session_id: string; event_id: string }[]).filter(keep);
  }
  return out;
};

// Issue #4 fills these stages (PII scrubbing, geo/UA enrichment, source maps, fingerprinting);
// until then they pass rows through unchanged and the order below is the contract.
export const scrub: Stage = (rows) => rows;
export const enrich: Stage = (rows) => rows;
export const symbolicate: Stage = (rows) => rows;
export const fingerprint: Stage = (rows) => rows;

/** decode and validate/map happen before these; write (WAL append) after. */
export const STAGES: readonly Stage[] = [sample, scrub, enrich, symbolicate, fingerprint];

export function runStages(rows: RumRows, ctx: StageContext, stages: readonly Stage[] = STAGES): RumRows {
  return stages.reduce((acc, stage) => stage(acc, ctx), rows);
}
