import type { Project } from '../projects/project-store';
import { SIGNAL_TABLES, type RumRows } from '../store/rows';

export interface StageContext {
  project: Project;
  receivedAtMs: number;
  /** The request's sender: used by enrich (geo, visitor hash, user agent), never stored. */
  client: { ip?: string; userAgent?: string };
}

/** A pipeline stage: rows in, rows out. Only stages that read files or ClickHouse are async. */
export type Stage = (rows: RumRows, ctx: StageContext) => RumRows | Promise<RumRows>;

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

export interface PipelineStages {
  enrich: Stage;
  symbolicate: Stage;
  scrub: Stage;
  fingerprint: Stage;
}

/**
 * The order is the contract. Decode and map come before; the WAL append after.
 * - sample first: nothing is spent on rows that are dropped.
 * - enrich before scrub: it needs the raw user agent (a 4-part version looks like an IPv4).
 * - symbolicate before scrub: source context lines from `sourcesContent` are scrubbed too.
 * - fingerprint last: it groups on what is stored, so grouping rules match what users see.
 */
export function pipeline(stages: PipelineStages): readonly Stage[] {
  return [sample, stages.enrich, stages.symbolicate, stages.scrub, stages.fingerprint];
}

export async function runStages(
  rows: RumRows,
  ctx: StageContext,
  stages: readonly Stage[],
): Promise<RumRows> {
  let acc = rows;
  for (const stage of stages) acc = await stage(acc, ctx);
  return acc;
}
