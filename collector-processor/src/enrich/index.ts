import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { Stage } from '../pipeline/stages';

export interface EnricherOptions {
  client: ClickHouseClient;
  /** A user-provided MaxMind-format database; else the bundled country database. */
  geoipMmdb?: string;
  log: Logger;
}

export interface Enricher {
  stage: Stage;
  close(): Promise<void>;
}

// Placeholder: the enrichment helper replaces this (issue #4).
export async function openEnricher(_opts: EnricherOptions): Promise<Enricher> {
  return { stage: (rows) => rows, close: async () => {} };
}
