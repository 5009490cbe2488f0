import type { Pipeline } from '../../pipeline/registry';
import type { Project } from '../../projects/project-store';
import { emptyRumRows, SIGNAL_TABLES, type RumRows } from '../../store/rows';
import type { IngestRequest } from '../types';

/**
 * Step 7: the pipeline (pipeline/registry.ts: sample, enrich, symbolicate, scrub, fingerprint)
 * on each project's rows, with that project's settings, then all projects' rows together: one
 * request is one WAL record.
 */
export async function runStages(
  req: IngestRequest,
  perProject: Map<Project, RumRows>,
  receivedAtMs: number,
  pipeline: Pick<Pipeline, 'run'>,
): Promise<RumRows> {
  const all = emptyRumRows();
  for (const [project, rows] of perProject) {
    const staged = await pipeline.run(rows, {
      project,
      receivedAtMs,
      client: { ip: req.clientIp, userAgent: req.userAgent },
    });
    for (const table of SIGNAL_TABLES) (all[table] as unknown[]).push(...staged[table]);
  }
  return all;
}
