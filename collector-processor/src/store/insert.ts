import type { ClickHouseClient } from '@clickhouse/client';
import type { InsertFn } from '../wal/batch-writer';
import { quoteIdentifier, type InsertSettings, type Store } from './clickhouse';

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

function insertSettings(dedupToken: string): InsertSettings {
  return {
    insert_deduplication_token: dedupToken,
    deduplicate_blocks_in_dependent_materialized_views: 1,
    // Parallel parsing buffers ~10 MB per thread; batches are parsed fast enough by one.
    input_format_parallel_parsing: 0,
  };
}

/**
 * Inserts pre-serialised JSONEachRow text: the rows were serialised once at ingest and are never
 * parsed back into objects in this process. The embedded engine takes the bytes through its raw
 * insert; a server gets them as the data part of the INSERT (the POST body after FORMAT).
 */
export function clickhouseInserter(store: Store, failpoint?: InsertFailpoint): InsertFn {
  const raw = store.insertJsonEachRow;
  if (raw) {
    return async (table, ndjson, _rowCount, dedupToken) => {
      failpoint?.check();
      await raw(table, ndjson, insertSettings(dedupToken));
    };
  }
  return statementInserter(store.client, failpoint);
}

/** The INSERT-statement form every ClickHouse endpoint accepts; used for servers. */
export function statementInserter(client: ClickHouseClient, failpoint?: InsertFailpoint): InsertFn {
  return async (table, ndjson, _rowCount, dedupToken) => {
    failpoint?.check();
    await client.command({
      query: `INSERT INTO ${quoteIdentifier(table)} FORMAT JSONEachRow\n${ndjson.toString('utf8')}`,
      clickhouse_settings: insertSettings(dedupToken),
    });
  };
}

/**
 * Whether ClickHouse answers at all (the failpoint counts as down): the batch writer asks before it
 * blames rows for an insert error whose code it does not know.
 */
export function clickhouseProbe(store: Store, failpoint?: InsertFailpoint): () => Promise<void> {
  return async () => {
    failpoint?.check();
    await store.client.command({ query: 'SELECT 1' });
  };
}
