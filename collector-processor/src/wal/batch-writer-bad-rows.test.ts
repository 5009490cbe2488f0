/**
 * Defence in depth (issue #12): rows that reach the WAL and that ClickHouse then rejects for their
 * data must not stall the writer. The batch is split to isolate them; they go to `dead_letters`
 * with the error, everything else is stored exactly once, and the checkpoint moves on. The lines
 * here are written into WAL records directly, bypassing ingest's sanitising, and go through the
 * real inserter into embedded ClickHouse.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { until } from '../../test/helpers/processor';
import { customEvent } from '../../test/helpers/rows';
import { clickhouseInserter, clickhouseProbe, InsertFailpoint, statementInserter } from '../store/insert';
import { rowToJsonLine } from '../store/row-json';
import { WAL_TABLES, type WalTable } from '../store/rows';
import { toDateTime64 } from '../store/time';
import { BatchWriter, type BatchWriterOptions, type InsertFn } from './batch-writer';
import { Wal } from './wal';
import { useMigratedStore } from '../../test/helpers/store';

jest.setTimeout(120_000);

const store = useMigratedStore('bad-rows');
const log = pino({ level: 'silent' });
const batch: BatchWriterOptions = {
  minRows: 1000,
  maxRows: 5000,
  maxWaitMs: 50,
  retryBaseMs: 20,
  retryMaxMs: 100,
};
const walOptions = { segmentBytes: 1 << 20, maxBytes: 1 << 30 };

/** A WAL payload from raw JSONEachRow lines per table, as ingest would write them. */
function rawPayload(chunks: [WalTable, string[]][]): { payload: Buffer; count: number } {
  let count = 0;
  const parts = chunks.flatMap(([table, lines]) => {
    const text = Buffer.from(lines.map((l) => l + '\n').join(''));
    const header = Buffer.alloc(9);
    header.writeUInt8(WAL_TABLES.indexOf(table), 0);
    header.writeUInt32LE(lines.length, 1);
    header.writeUInt32LE(text.length, 5);
    count += lines.length;
    return [header, text];
  });
  return { payload: Buffer.concat(parts), count };
}

const WEEK_MS = 7 * 86400_000;

/**
 * Good rows of two projects, 101 good rows of project A in 101 different weeks (more partitions
 * than one insert may touch), and the rejected values issue #12 found, in one table chunk.
 */
function poisonedLines(prefix: string) {
  const event = (id: string, project: string, overrides = {}) =>
    rowToJsonLine(
      customEvent(`${prefix}-${id}`, { project_id: project, retention_days: 3650, ...overrides }),
    );
  const good = [
    ...Array.from({ length: 20 }, (_, i) => event(`a-${i}`, `${prefix}-pa`)),
    ...Array.from({ length: 20 }, (_, i) => event(`b-${i}`, `${prefix}-pb`)),
    ...Array.from({ length: 101 }, (_, i) =>
      event(`week-${i}`, `${prefix}-pa`, { timestamp: toDateTime64(Date.now() - i * WEEK_MS) }),
    ),
  ];
  const bad = {
    exponent: event('bad-exponent', `${prefix}-pa`, { retention_days: 1e30 }),
    surrogate: event('bad-surrogate', `${prefix}-pa`, { name: 'lone \ud800 surrogate' }),
    timestamp: event('bad-timestamp', `${prefix}-pa`, { timestamp: 'yesterday' }),
  };
  // Bad rows spread through the chunk, so both halves of the first split hold one.
  const lines = [...good];
  lines.splice(5, 0, bad.exponent);
  lines.splice(60, 0, bad.surrogate);
  lines.push(bad.timestamp);
  return { lines, good: good.length, bad };
}

async function storedCounts(prefix: string): Promise<Map<string, number>> {
  const result = await store().client.query({
    query: `SELECT event_id, count() AS n FROM custom_events WHERE startsWith(event_id, {p:String}) GROUP BY event_id`,
    query_params: { p: prefix },
    format: 'JSONEachRow',
  });
  return new Map(
    (await result.json<{ event_id: string; n: string }>()).map((r) => [r.event_id, Number(r.n)]),
  );
}

interface DeadLetter {
  project_id: string;
  table_name: string;
  error_code: number;
  error: string;
  raw_row: string;
  wal_batch: string;
}

async function deadLetters(prefix: string): Promise<DeadLetter[]> {
  const result = await store().client.query({
    query: `SELECT project_id, table_name, error_code, error, raw_row, wal_batch FROM dead_letters
      WHERE startsWith(project_id, {p:String}) ORDER BY raw_row`,
    query_params: { p: prefix },
    format: 'JSONEachRow',
  });
  return result.json<DeadLetter>();
}

function expectIsolated(
  counts: Map<string, number>,
  dead: DeadLetter[],
  prefix: string,
  expected: ReturnType<typeof poisonedLines>,
) {
  expect(counts.size).toBe(expected.good);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  for (const id of ['bad-exponent', 'bad-surrogate', 'bad-timestamp'])
    expect(counts.has(`${prefix}-${id}`)).toBe(false);
  expect(dead.map((d) => d.raw_row).sort()).toEqual(Object.values(expected.bad).sort());
  const byRow = new Map(dead.map((d) => [d.raw_row, d]));
  expect(byRow.get(expected.bad.exponent)!.error_code).toBe(27);
  expect(byRow.get(expected.bad.surrogate)!.error_code).toBe(25);
  expect(byRow.get(expected.bad.timestamp)!.error_code).toBe(41);
  expect(byRow.get(expected.bad.timestamp)!.error).toMatch(/Cannot read DateTime/);
  for (const d of dead) {
    expect(d.project_id).toBe(`${prefix}-pa`);
    expect(d.table_name).toBe('custom_events');
    expect(d.wal_batch).toMatch(/^[0-9a-f]{16}:\d+:\d+-\d+$/);
  }
}

describe('BatchWriter with rows ClickHouse rejects', () => {
  // The embedded engine's raw insert and a server's INSERT statement report errors differently
  // (chDB: "Code: N." in the message; @clickhouse/client: ClickHouseError.code): both are split.
  it.each([
    ['raw insert (embedded)', 'iso-raw', () => clickhouseInserter(store())],
    ['INSERT statement (server form)', 'iso-sql', () => statementInserter(store().client)],
  ])(
    '%s: stores every good row once, dead-letters the bad ones with their error, moves the checkpoint on',
    async (_name, prefix, inserter) => {
      const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), walOptions);
      const poisoned = poisonedLines(prefix);
      const { payload, count } = rawPayload([['custom_events', poisoned.lines]]);
      await wal.append(payload, count);
      const deadByTable = new Map<string, number>();
      let splits = 0;
      const writer = new BatchWriter(wal, inserter(), batch, log, {
        onDeadLetter: (table, rows) => deadByTable.set(table, (deadByTable.get(table) ?? 0) + rows),
        onSplit: () => splits++,
      });
      writer.start();
      await until(() => writer.isDrained(), 60_000, 'the poisoned batch to be stored');
      expectIsolated(await storedCounts(prefix), await deadLetters(prefix), prefix, poisoned);
      expect(deadByTable).toEqual(new Map([['custom_events', 3]]));
      expect(splits).toBeGreaterThan(0);
      expect(wal.checkpointPosition()).toEqual(wal.durableEnd());
      expect(wal.readMarker('inflight.json')).toBeUndefined();
      expect(writer.stalledSince()).toBeUndefined();
      await writer.stop({ drain: false });
      await wal.close();
    },
  );

  // A crash may come after some split parts and dead letters are stored but before the
  // checkpoint: the replay must split the same way with the same tokens, so nothing doubles.
  it.each([
    ['after some split parts are stored', 'crash-mid', (_table: string, n: number) => n === 2],
    ['after everything but the checkpoint', 'crash-end', (table: string) => table === 'ingest_batches'],
  ])(
    'a replay after a crash %s stores each row and each dead letter once',
    async (_name, prefix, crashAfter) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-'));
      let wal = Wal.open(dir, walOptions);
      const poisoned = poisonedLines(prefix);
      const batchId = rowToJsonLine({
        project_id: `${prefix}-pa`,
        batch_id: 'b1',
        received_at: toDateTime64(Date.now()),
      });
      const { payload, count } = rawPayload([
        ['custom_events', poisoned.lines],
        ['ingest_batches', [batchId]],
      ]);
      await wal.append(payload, count);
      const real = clickhouseInserter(store());
      let stored = 0;
      let crashed = false;
      const dying: InsertFn = async (table, ndjson, rows, token) => {
        if (crashed) throw new Error('the process is dead');
        await real(table, ndjson, rows, token);
        if (crashAfter(table, ++stored)) {
          crashed = true;
          throw new Error('killed');
        }
      };
      let writer = new BatchWriter(wal, dying, { ...batch, retryBaseMs: 60_000, retryMaxMs: 60_000 }, log);
      writer.start();
      await until(() => crashed, 60_000, 'the simulated crash');
      await writer.stop({ drain: false });
      await wal.close();

      wal = Wal.open(dir, walOptions);
      expect(wal.readMarker('inflight.json')).toBeDefined();
      writer = new BatchWriter(wal, real, batch, log);
      writer.start();
      await until(() => writer.isDrained(), 60_000, 'the replay to be stored');
      expectIsolated(await storedCounts(prefix), await deadLetters(prefix), prefix, poisoned);
      await writer.stop({ drain: false });
      await wal.close();
    },
  );

  it('dead-letters nothing while ClickHouse is unavailable, then isolates the bad rows once it is back', async () => {
    const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), walOptions);
    const poisoned = poisonedLines('outage');
    const { payload, count } = rawPayload([['custom_events', poisoned.lines]]);
    await wal.append(payload, count);
    const failpoint = new InsertFailpoint();
    failpoint.fail();
    let failures = 0;
    const writer = new BatchWriter(
      wal,
      clickhouseInserter(store(), failpoint),
      { ...batch, probe: clickhouseProbe(store(), failpoint) },
      log,
      { onInsertError: () => failures++ },
    );
    writer.start();
    await until(() => failures >= 6, 30_000, 'failed inserts');
    expect(await deadLetters('outage')).toEqual([]);
    expect((await storedCounts('outage')).size).toBe(0);
    expect(wal.pendingRowCount()).toBe(count);
    expect(writer.stalledSince()).toBeLessThan(Date.now());
    failpoint.lift();
    await until(() => writer.isDrained(), 60_000, 'the batch to be stored after the outage');
    expectIsolated(await storedCounts('outage'), await deadLetters('outage'), 'outage', poisoned);
    expect(writer.stalledSince()).toBeUndefined();
    await writer.stop({ drain: false });
    await wal.close();
  });

  // An error code the writer does not know: while ClickHouse answers the probe, inserts that keep
  // failing are the rows' fault; while the probe fails too, it is an outage and nothing is set aside.
  it.each([
    ['answers the probe', true],
    ['fails the probe', false],
  ])('an unknown error code for some rows while ClickHouse %s', async (_name, probeAnswers) => {
    const prefix = probeAnswers ? 'unknown-up' : 'unknown-down';
    const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), walOptions);
    const lines = Array.from({ length: 16 }, (_, i) =>
      rowToJsonLine(
        customEvent(`${prefix}-${i}`, { project_id: `${prefix}-pa`, name: i === 9 ? 'mystery' : 'fine' }),
      ),
    );
    const { payload, count } = rawPayload([['custom_events', lines]]);
    await wal.append(payload, count);
    const real = clickhouseInserter(store());
    let failures = 0;
    const picky: InsertFn = async (table, ndjson, rows, token) => {
      if (ndjson.includes('"mystery"'))
        throw new Error('Code: 9999. DB::Exception: something new. (SOMETHING_NEW)');
      await real(table, ndjson, rows, token);
    };
    const probe = async () => {
      if (!probeAnswers) throw new Error('connect ECONNREFUSED');
    };
    const writer = new BatchWriter(wal, picky, { ...batch, probe }, log, { onInsertError: () => failures++ });
    writer.start();
    if (probeAnswers) {
      await until(() => writer.isDrained(), 30_000, 'the batch to be stored');
      expect((await storedCounts(prefix)).size).toBe(15);
      const dead = await deadLetters(prefix);
      expect(dead.map((d) => [d.raw_row, d.error_code])).toEqual([[lines[9], 9999]]);
    } else {
      await until(() => failures >= 8, 30_000, 'failed inserts');
      expect(await deadLetters(prefix)).toEqual([]);
      expect(wal.pendingRowCount()).toBe(16);
    }
    await writer.stop({ drain: false });
    await wal.close();
  });
});
