/**
 * The pipeline's stages, in order, and the runner that records their metrics. Decode and map come
 * before (ingest/ingest-service.ts); sanitising and the WAL append after (ingest/steps/persist.ts).
 * Every stage follows the contract of stages.ts: copy, never mutate the rows it is given.
 *
 * The order is the contract:
 * - sample first: nothing is spent on rows that are dropped.
 * - enrich before scrub: it needs the raw user agent (a 4-part version looks like an IPv4).
 * - symbolicate before scrub: source context lines from `sourcesContent` are scrubbed too.
 * - fingerprint last: it groups on what is stored, so grouping rules match what users see.
 *
 * To add a stage: write it as a `Stage`, add its definition here at the place its reasons give,
 * and its name to `StageName`. The runner gives it rows in/out/dropped and duration metrics.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { openEnricher } from '../enrich';
import { fingerprint } from '../fingerprint';
import type { Metrics } from '../observability/metrics';
import { scrub } from '../privacy';
import type { Store } from '../store/clickhouse';
import { countRows, type RumRows } from '../store/rows';
import type { Symbolicator } from '../symbolicate';
import { sample } from './sample';
import type { RunningStage, StageContext, StageDefinition } from './stages';

/** What the stages are built from. */
export interface PipelineDeps {
  client: ClickHouseClient;
  /** A user-provided MaxMind-format database for enrich; else the bundled country database. */
  geoipMmdb?: string;
  log: Logger;
  /**
   * The source map routes upload through the same symbolicator, so the processor creates and
   * closes it; the symbolicate stage only runs it.
   */
  symbolicator: Pick<Symbolicator, 'stage'>;
  /** Store.cluster, for the visitor salts' cleanup mutation (enrich/salts.ts). */
  cluster?: Store['cluster'];
}

export const STAGE_DEFINITIONS: readonly StageDefinition<PipelineDeps>[] = [
  { name: 'sample', create: () => ({ run: sample }) },
  {
    name: 'enrich',
    async create({ client, geoipMmdb, log, cluster }) {
      const enricher = await openEnricher({ client, geoipMmdb, log, cluster });
      return { run: enricher.stage, close: () => enricher.close() };
    },
  },
  { name: 'symbolicate', create: ({ symbolicator }) => ({ run: symbolicator.stage }) },
  { name: 'scrub', create: () => ({ run: scrub }) },
  { name: 'fingerprint', create: () => ({ run: fingerprint }) },
];

/** The per-stage metrics the runner records (observability/metrics.ts). */
export type StageMetrics = Pick<
  Metrics,
  'stageRowsIn' | 'stageRowsOut' | 'stageRowsDropped' | 'stageDurationSeconds'
>;

export interface Pipeline {
  readonly stages: readonly RunningStage[];
  /** Runs every stage in order on one project's rows. */
  run(rows: RumRows, ctx: StageContext): Promise<RumRows>;
  /** Closes every stage, in reverse order; later calls wait for the first. */
  close(): Promise<void>;
}

async function closeAll(stages: readonly RunningStage[]): Promise<void> {
  const errors: unknown[] = [];
  for (const stage of [...stages].reverse()) {
    try {
      await stage.close?.();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'closing the pipeline stages failed');
}

/**
 * Creates every stage of `definitions` in order (a failure closes those already created). The
 * runner, not each stage, records the metrics, so no stage can forget them.
 */
export async function startPipeline(
  deps: PipelineDeps & { metrics?: StageMetrics },
  definitions: readonly StageDefinition<PipelineDeps>[] = STAGE_DEFINITIONS,
): Promise<Pipeline> {
  const stages: RunningStage[] = [];
  try {
    for (const definition of definitions)
      stages.push({ name: definition.name, ...(await definition.create(deps)) });
  } catch (err) {
    await closeAll(stages).catch(() => undefined);
    throw err;
  }
  const { metrics } = deps;
  // Labelled children once, not a label lookup per request and stage.
  const observed = stages.map((stage) => ({
    stage,
    rowsIn: metrics?.stageRowsIn.labels({ stage: stage.name }),
    rowsOut: metrics?.stageRowsOut.labels({ stage: stage.name }),
    rowsDropped: metrics?.stageRowsDropped.labels({ stage: stage.name }),
    seconds: metrics?.stageDurationSeconds.labels({ stage: stage.name }),
  }));
  let closing: Promise<void> | undefined;
  return {
    stages,
    async run(rows, ctx) {
      let acc = rows;
      for (const { stage, rowsIn, rowsOut, rowsDropped, seconds } of observed) {
        const before = countRows(acc);
        const started = performance.now();
        acc = await stage.run(acc, ctx);
        seconds?.observe((performance.now() - started) / 1000);
        const after = countRows(acc);
        rowsIn?.inc(before);
        rowsOut?.inc(after);
        if (after < before) rowsDropped?.inc(before - after);
      }
      return acc;
    },
    close: () => (closing ??= closeAll(stages)),
  };
}
