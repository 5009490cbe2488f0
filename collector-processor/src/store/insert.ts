import type { ClickHouseClient } from '@clickhouse/client';
import type { InsertFn } from '../wal/batch-writer';

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

export function clickhouseInserter(client: ClickHouseClient, failpoint?: InsertFailpoint): InsertFn {
  return async (table, rows, dedupToken) => {
    failpoint?.check();
    await client.insert({
      table,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: {
        insert_deduplication_token: dedupToken,
        deduplicate_blocks_in_dependent_materialized_views: 1,
        // Rows older than retention would be dropped by TTL anyway; never fail a batch over them.
        input_format_skip_unknown_fields: 1,
      },
    });
  };
}
