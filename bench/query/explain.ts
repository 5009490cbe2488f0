/**
 * The query benchmark's second look at each case, with the processor stopped: the same handler run
 * in this process on the same data dir (real chDB, no HTTP), recording the statements it sends, so
 * the report can say how much of a case's time is ClickHouse and what each statement reads
 * (EXPLAIN ESTIMATE: parts, rows and marks per table after index analysis).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { loadConfig } from '../../collector-processor/src/config/config';
import type { RegisteredHandler } from '../../collector-processor/src/query/handler';
import { openStore } from '../../collector-processor/src/store/clickhouse';
import { selectRows } from '../../collector-processor/src/store/query';

export interface TableEstimate {
  table: string;
  parts: number;
  rows: number;
  marks: number;
}

export interface Explained {
  /** Median of the in-process runs: the handler with its ClickHouse statements, without HTTP. */
  directMs: number;
  statements: Array<{ sql: string; reads: TableEstimate[]; error?: string }>;
}

interface Recorded {
  sql: string;
  params: Record<string, unknown>;
}

/** The real client, noting every SELECT it is asked to run. */
function recording(client: ClickHouseClient, into: Recorded[]): ClickHouseClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return (args: { query: string; query_params?: Record<string, unknown> }) => {
        into.push({ sql: args.query, params: args.query_params ?? {} });
        return target.query(args as Parameters<ClickHouseClient['query']>[0]);
      };
    },
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function estimate(client: ClickHouseClient, r: Recorded): Promise<TableEstimate[]> {
  const rows = await selectRows<Record<string, unknown>>(client, `EXPLAIN ESTIMATE ${r.sql}`, r.params, {
    output_format_json_quote_64bit_integers: 0,
  });
  const byTable = new Map<string, TableEstimate>();
  for (const row of rows) {
    const table = String(row.table);
    const t = byTable.get(table) ?? { table, parts: 0, rows: 0, marks: 0 };
    t.parts += Number(row.parts);
    t.rows += Number(row.rows);
    t.marks += Number(row.marks);
    byTable.set(table, t);
  }
  return [...byTable.values()];
}

/** Runs each (handler, body) `runs` times in process and explains its statements; keyed like the input. */
export async function explainCases(
  dataDir: string,
  cases: Array<{ key: string; handler: RegisteredHandler; body: Record<string, unknown> }>,
  runs = 5,
): Promise<Map<string, Explained>> {
  const config = loadConfig({ PULSETRACE_DATA_DIR: dataDir });
  const store = await openStore({ ...config.clickhouse, dataDir: config.dataDir });
  const out = new Map<string, Explained>();
  try {
    for (const { key, handler, body } of cases) {
      const query = handler.parser.parse(body);
      const recorded: Recorded[] = [];
      const ctx = { client: recording(store.client, recorded), now: Date.now() };
      const times: number[] = [];
      // Two warm-up runs first: the engine was just opened, with cold mark and page caches.
      for (let i = 0; i < runs + 2; i++) {
        recorded.length = 0;
        const t0 = performance.now();
        await query.run(ctx);
        if (i >= 2) times.push(performance.now() - t0);
      }
      const statements: Explained['statements'] = [];
      for (const r of recorded) {
        try {
          statements.push({ sql: r.sql, reads: await estimate(store.client, r) });
        } catch (err) {
          statements.push({ sql: r.sql, reads: [], error: (err as Error).message.split('\n')[0] });
        }
      }
      out.set(key, { directMs: median(times), statements });
    }
  } finally {
    await store.close();
  }
  return out;
}
