import type { ClickHouseClient } from '@clickhouse/client';
import type { InsertFn } from '../wal/batch-writer';
import { quoteIdentifier } from './clickhouse';

/**
 * Test and operations hook: while set, every insert fails as if ClickHouse were down. Lets the
 * outage test run against the embedded engine, which cannot be stopped on its own.
 */
export class InsertFailpoint {
  private error: string | undefined;
  fail(message = 'failpoint: ClickHouse unavailable'): void {
    this.error = message;
  }
  lift(): void {
    this.error = undefined;
  }
  check(): void {
    if (this.error) throw new Error(this.error);
  }
  get active(): boolean {
    return this.error !== undefined;
  }
}

/**
 * Inserts pre-serialised JSONEachRow text as the data part of the INSERT statement: the rows were
 * serialised once at ingest and are never parsed back into objects in this process. Works the
 * same over HTTP (data in the POST body after FORMAT) and on the embedded engine.
 */
export function clickhouseInserter(client: ClickHouseClient, failpoint?: InsertFailpoint): InsertFn {
  return async (table, ndjson, _rowCount, dedupToken) => {
    failpoint?.check();
    await client.command({
      query: `INSERT INTO ${quoteIdentifier(table)} FORMAT JSONEachRow\n${ndjson}`,
      clickhouse_settings: {
        insert_deduplication_token: dedupToken,
        deduplicate_blocks_in_dependent_materialized_views: 1,
        // Parallel parsing buffers ~10 MB per thread; batches are parsed fast enough by one.
        input_format_parallel_parsing: 0,
      },
    });
  };
}
