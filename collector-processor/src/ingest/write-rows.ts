import { describeUnmapped, type UnmappedReason } from '../pipeline/map/unmapped';
import type { Project } from '../projects/project-store';
import { runStages } from '../pipeline/stages';
import { countRows, emptyRumRows, SIGNAL_TABLES, type RumRows } from '../store/rows';
import { sanitizeRows } from '../store/sanitize';
import { encodePayload } from '../wal/batch-writer';
import { WalFullError } from '../wal/wal';
import { batchIdRows } from './batch-ids';
import { failure, ok, RPC, type Encoding, type IngestResponse } from './ingest-responses';
import type { IngestDeps, IngestRequest } from './types';
import type { RateCharge } from './rate-limiter';

/** What mapping left besides rows: records rejected (with reasons) and records that map to nothing. */
interface Mapped {
  rejected: number;
  reasons: Set<string>;
  /** Records that became no row, by reason (pipeline/map/unmapped.ts). */
  unmapped?: ReadonlyMap<UnmappedReason, number>;
  receivedAtMs: number;
}

/** Rate limit, then stages and WAL: `stored` when a record was appended (with the batch id, if any). */
export async function writeRows(
  req: IngestRequest,
  encoding: Encoding,
  perProject: Map<Project, RumRows>,
  { rejected, reasons, unmapped = new Map(), receivedAtMs }: Mapped,
  deps: IngestDeps,
): Promise<{ response: IngestResponse; stored: boolean }> {
  const { metrics } = deps;
  const reject = (reason: string, response: IngestResponse) => {
    metrics.rejected.inc({ reason });
    return { response, stored: false };
  };
  // Every project is admitted before any is charged or staged: a request refused for one project's
  // limit costs the others nothing, so its retry is not charged twice.
  const charges: RateCharge[] = [...perProject].map(([project, rows]) => ({
    projectId: project.id,
    ratePerSecond: project.rateLimitPerSecond,
    cost: SIGNAL_TABLES.reduce((n, t) => n + rows[t].length, 0),
  }));
  const admission = deps.limiter.admit(charges);
  if (admission.wait > 0) {
    return reject(
      'rate_limited',
      failure(
        encoding,
        429,
        RPC.RESOURCE_EXHAUSTED,
        `project ${admission.limitedProjectId} is over its rate limit`,
        { 'Retry-After': String(admission.wait) },
      ),
    );
  }
  let stored: AppendResult;
  try {
    stored = await stageAndAppend(req, encoding, perProject, receivedAtMs, deps);
  } catch (err) {
    deps.limiter.refund(charges);
    throw err;
  }
  if (!stored.ok) {
    // Not stored: the client retries, and that retry should not pay twice.
    deps.limiter.refund(charges);
    return reject(stored.reason, stored.response);
  }
  if (rejected > 0) metrics.rejected.inc({ reason: 'partial' }, rejected);
  // Counted once the request is stored: a refused request is resent and would count twice.
  let notStored = rejected;
  for (const [reason, n] of unmapped) {
    metrics.unmapped.inc({ signal: req.signal, reason }, n);
    notStored += n;
  }
  // OTLP partial success: rejected_spans / rejected_log_records counts every record not stored.
  const messages = [...describeUnmapped(unmapped, req.signal), ...reasons].slice(0, 8);
  const partial = notStored > 0 ? { rejected: notStored, message: messages.join('; ') } : undefined;
  return { response: ok(req.signal, encoding, partial), stored: stored.count > 0 };
}

type AppendResult = { ok: true; count: number } | { ok: false; reason: string; response: IngestResponse };

/** Stages per project, then one WAL record with every project's rows (and the batch ids). */
async function stageAndAppend(
  req: IngestRequest,
  encoding: Encoding,
  perProject: Map<Project, RumRows>,
  receivedAtMs: number,
  deps: IngestDeps,
): Promise<AppendResult> {
  const all = emptyRumRows();
  for (const [project, rows] of perProject) {
    const staged = await runStages(
      rows,
      { project, receivedAtMs, client: { ip: req.clientIp, userAgent: req.userAgent } },
      deps.stages,
    );
    for (const table of SIGNAL_TABLES) (all[table] as unknown[]).push(...staged[table]);
  }

  // After every stage, before the WAL: a value ClickHouse would refuse must never be acknowledged.
  const sanitized = sanitizeRows(all);
  for (const table in sanitized)
    deps.metrics.valuesSanitized.inc({ table }, sanitized[table as keyof typeof sanitized]);

  const count = countRows(all);
  if (count > 0) {
    const ids = [...perProject.keys()].map((p) => p.id);
    const batches = req.batchId === undefined ? [] : batchIdRows(ids, req.batchId, receivedAtMs);
    try {
      const { payload, count: walRows } = encodePayload(all, batches);
      await deps.wal.append(payload, walRows);
    } catch (err) {
      if (err instanceof WalFullError) {
        return {
          ok: false,
          reason: 'wal_full',
          response: failure(encoding, 503, RPC.UNAVAILABLE, 'ingest is overloaded: retry later', {
            'Retry-After': '5',
          }),
        };
      }
      return {
        ok: false,
        reason: 'wal_error',
        response: failure(encoding, 503, RPC.UNAVAILABLE, 'could not persist the request: retry later', {
          'Retry-After': '5',
        }),
      };
    }
    for (const table of SIGNAL_TABLES)
      if (all[table].length) deps.metrics.accepted.inc({ table }, all[table].length);
  }
  return { ok: true, count };
}
