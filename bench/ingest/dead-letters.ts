/**
 * Cost of isolating rows ClickHouse rejects for their data (wal/isolate-bad-rows.ts): a
 * custom_events chunk of `--rows` rows (default 10,000) with 0, 1, 10 and 100 bad rows spread
 * evenly (alternately `"retention_days":1e+30` and an unparsable timestamp) goes through
 * insertIsolatingBadRows and then the dead-letter insert, as BatchWriter.storeTable does, into a
 * real migrated embedded store. Each case runs `--repeats` times (default 3) with fresh rows and
 * dedup tokens; reported are the median time, the insert calls (the dead-letter insert included),
 * and the rows stored and dead-lettered, read back from ClickHouse. A case whose stored + dead
 * rows are not the chunk's rows, or whose dead rows are not its bad rows, fails the run.
 *
 *   node --import tsx bench/ingest/dead-letters.ts [--rows 10000 --repeats 3]
 *
 * Writes bench/results/dead-letters.json; docs/benchmarks.md quotes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customEvent } from '../../collector-processor/test/helpers/rows';
import { openStore, type Store } from '../../collector-processor/src/store/clickhouse';
import { clickhouseInserter } from '../../collector-processor/src/store/insert';
import { classifyInsertError } from '../../collector-processor/src/store/insert-errors';
import { migrate } from '../../collector-processor/src/store/migrations';
import { rowToJsonLine } from '../../collector-processor/src/store/row-json';
import {
  DEAD_LETTER_TABLE,
  deadLetterRows,
  deadLetterToken,
} from '../../collector-processor/src/wal/dead-letters';
import { insertIsolatingBadRows, type InsertFn } from '../../collector-processor/src/wal/isolate-bad-rows';
import { numberArg } from '../cli';
import { machineInfo } from '../machine';

const ROWS = numberArg('rows', 10_000);
const REPEATS = numberArg('repeats', 3);
const BAD_COUNTS = [0, 1, 10, 100];
const TABLE = 'custom_events';
const ROOT = path.resolve(__dirname, '../..');

/** A chunk of JSONEachRow lines of one project, `bad` of them rejected by ClickHouse, spread evenly. */
function chunk(project: string, bad: number): Buffer {
  const badAt = new Set(Array.from({ length: bad }, (_, i) => Math.floor(((i + 0.5) * ROWS) / bad)));
  let text = '';
  let nth = 0;
  for (let i = 0; i < ROWS; i++) {
    const overrides = !badAt.has(i)
      ? {}
      : nth++ % 2 === 0
        ? { retention_days: 1e30 }
        : { timestamp: 'yesterday' };
    text += rowToJsonLine(customEvent(`${project}-${i}`, { project_id: project, ...overrides })) + '\n';
  }
  return Buffer.from(text);
}

async function count(store: Store, table: string, project: string): Promise<number> {
  const result = await store.client.query({
    query: `SELECT count() AS n FROM ${table} WHERE project_id = {p:String}`,
    query_params: { p: project },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
}

interface Run {
  ms: number;
  inserts: number;
  stored: number;
  dead: number;
}

/** One table chunk through bad-row isolation and the dead-letter insert, as the batch writer does. */
async function run(store: Store, insert: InsertFn, bad: number, repeat: number): Promise<Run> {
  const project = `bench-dl-${bad}-${repeat}-${process.pid}`;
  const ndjson = chunk(project, bad);
  const token = `bench:${project}:${Date.now()}:${TABLE}`;
  let inserts = 0;
  const counted: InsertFn = async (...args) => {
    inserts++;
    await insert(...args);
  };
  const start = process.hrtime.bigint();
  const rejected = await insertIsolatingBadRows(TABLE, ndjson, ROWS, token, {
    insert: counted,
    isDataError: async (err) => classifyInsertError(err) === 'data',
    wasSplit: () => false,
    recordSplit: () => {},
  });
  if (rejected.length > 0) {
    await counted(
      DEAD_LETTER_TABLE,
      deadLetterRows(TABLE, `bench:${project}`, rejected),
      rejected.length,
      deadLetterToken(token, rejected),
    );
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    ms,
    inserts,
    stored: await count(store, TABLE, project),
    dead: await count(store, DEAD_LETTER_TABLE, project),
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-bench-dead-letters-'));
  const store = await openStore({ database: 'pulsetrace', dataDir });
  let failed = false;
  try {
    await migrate(store.client);
    const insert = clickhouseInserter(store);
    // Warm-up: the first inserts into each table pay for opening it.
    await run(store, insert, 1, -1);
    const runs = new Map<number, Run[]>(BAD_COUNTS.map((bad) => [bad, []]));
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const bad of BAD_COUNTS) {
        process.stderr.write(`repeat ${repeat + 1}/${REPEATS}: ${ROWS} rows, ${bad} bad…\n`);
        runs.get(bad)!.push(await run(store, insert, bad, repeat));
      }
    }
    const results = BAD_COUNTS.map((bad) => {
      const rs = runs.get(bad)!;
      const ok = rs.every((r) => r.stored + r.dead === ROWS && r.dead === bad);
      if (!ok) failed = true;
      return {
        badRows: bad,
        medianMs: Math.round(median(rs.map((r) => r.ms))),
        msPerRepeat: rs.map((r) => Math.round(r.ms)),
        inserts: median(rs.map((r) => r.inserts)),
        stored: rs[0].stored,
        deadLettered: rs[0].dead,
        ok,
      };
    });
    const report = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      rows: ROWS,
      repeats: REPEATS,
      results,
    };
    const out = path.join(ROOT, 'bench/results/dead-letters.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
    console.table(results);
    process.stderr.write(`wrote ${out}\n`);
    for (const r of results) {
      if (!r.ok) {
        process.stderr.write(
          `FAILED: ${r.badRows} bad rows: expected ${ROWS - r.badRows} stored + ${r.badRows} dead, ` +
            `got ${JSON.stringify(runs.get(r.badRows)!.map(({ stored, dead }) => ({ stored, dead })))}\n`,
        );
      }
    }
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
