import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { until } from '../../test/helpers/processor';
import { commonRow, customEvent, errorOf, pageViewOf } from '../../test/helpers/rows';
import { openStore, type Store } from '../store/clickhouse';
import { clickhouseInserter, InsertFailpoint, statementInserter } from '../store/insert';
import { migrate } from '../store/migrations';
import { emptyRumRows, WAL_TABLES } from '../store/rows';
import { rowToJsonLine } from '../store/row-json';
import { toDateTime64 } from '../store/time';
import { BatchWriter, decodePayload, encodePayload, type InsertFn } from './batch-writer';
import { Wal } from './wal';

let store: Store;
const log = pino({ level: 'silent' });
const batch = { minRows: 1000, maxRows: 5000, maxWaitMs: 50, retryBaseMs: 20, retryMaxMs: 100 };

beforeAll(async () => {
  store = await openStore({
    database: 'pulsetrace',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pt-bw-')),
  });
  await migrate(store.client);
});
afterAll(() => store.close());

async function eventCounts(prefix: string): Promise<Map<string, number>> {
  const result = await store.client.query({
    query:
      'SELECT event_id, count() AS n FROM custom_events WHERE startsWith(event_id, {p:String}) GROUP BY event_id',
    query_params: { p: prefix },
    format: 'JSONEachRow',
  });
  return new Map(
    (await result.json<{ event_id: string; n: string }>()).map((r) => [r.event_id, Number(r.n)]),
  );
}

async function appendEvents(wal: Wal, prefix: string, requests: number, perRequest: number) {
  for (let r = 0; r < requests; r++) {
    const rows = emptyRumRows();
    for (let i = 0; i < perRequest; i++) rows.custom_events.push(customEvent(`${prefix}-${r}-${i}`));
    const { payload, count } = encodePayload(rows);
    await wal.append(payload, count);
  }
}

describe('BatchWriter with embedded ClickHouse', () => {
  it('keeps rows in the WAL while inserts fail and stores each exactly once after recovery', async () => {
    const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), {
      segmentBytes: 1 << 20,
      maxBytes: 1 << 30,
    });
    const failpoint = new InsertFailpoint();
    failpoint.fail();
    let failures = 0;
    const writer = new BatchWriter(wal, clickhouseInserter(store, failpoint), batch, log, {
      onInsertError: () => failures++,
    });
    writer.start();
    await appendEvents(wal, 'outage', 30, 10);
    await until(() => failures >= 3);
    expect((await eventCounts('outage')).size).toBe(0);
    expect(wal.pendingRowCount()).toBe(300);
    failpoint.lift();
    await until(() => writer.isDrained());
    const counts = await eventCounts('outage');
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await writer.stop({ drain: true });
    await wal.close();
  });

  // The embedded engine takes the raw-insert path; a server gets the INSERT statement form. Both
  // run here against the real engine, so the server form's SQL and settings are exercised too.
  it.each([
    ['raw insert (embedded)', 'lost-ack-raw', () => clickhouseInserter(store)],
    ['INSERT statement (server form)', 'lost-ack-sql', () => statementInserter(store.client)],
  ])(
    '%s: does not duplicate a batch whose insert succeeded but whose acknowledgement was lost',
    async (_name, prefix, inserter) => {
      const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), {
        segmentBytes: 1 << 20,
        maxBytes: 1 << 30,
      });
      const real = inserter();
      let calls = 0;
      const lossy: InsertFn = async (table, ndjson, rows, token) => {
        await real(table, ndjson, rows, token);
        if (++calls <= 2) throw new Error('socket hang up after the server stored the block');
      };
      const writer = new BatchWriter(wal, lossy, batch, log);
      writer.start();
      await appendEvents(wal, prefix, 5, 20);
      await until(() => writer.isDrained());
      const counts = await eventCounts(prefix);
      expect(counts.size).toBe(100);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(calls).toBeGreaterThanOrEqual(3);
      await writer.stop({ drain: false });
      await wal.close();
    },
  );

  it('replays an interrupted batch after a restart with the same bounds, so nothing doubles', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-'));
    const options = { segmentBytes: 1 << 20, maxBytes: 1 << 30 };
    let wal = Wal.open(dir, options);
    const real = clickhouseInserter(store);
    let crashed = false;
    // First life: the insert lands, then the process "dies" before the checkpoint is written.
    const dying: InsertFn = async (table, ndjson, rows, token) => {
      await real(table, ndjson, rows, token);
      crashed = true;
      throw new Error('killed');
    };
    let writer = new BatchWriter(wal, dying, { ...batch, retryBaseMs: 60_000, retryMaxMs: 60_000 }, log);
    await appendEvents(wal, 'restart', 4, 25);
    writer.start();
    await until(() => crashed);
    await writer.stop({ drain: false });
    await wal.close();
    // Rows written after the crash must not change the replayed batch's bounds.
    wal = Wal.open(dir, options);
    expect(wal.readMarker('inflight.json')).toBeDefined();
    await appendEvents(wal, 'restart-later', 3, 25);
    writer = new BatchWriter(wal, real, batch, log);
    writer.start();
    await until(() => writer.isDrained());
    const counts = await eventCounts('restart');
    expect(counts.size).toBe(175);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await writer.stop({ drain: false });
    await wal.close();
  });

  it('splits the WAL into batches of at most maxBytes of row text and stores every row once', async () => {
    const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), {
      segmentBytes: 1 << 20,
      maxBytes: 1 << 30,
    });
    const real = clickhouseInserter(store);
    const insertedBytes: number[] = [];
    const counting: InsertFn = async (table, ndjson, rows, token) => {
      insertedBytes.push(ndjson.length);
      await real(table, ndjson, rows, token);
    };
    await appendEvents(wal, 'capped', 6, 10);
    const recordBytes = wal.pendingBytes() / 6;
    // Room for two records per batch: six records must take three inserts, not one.
    const writer = new BatchWriter(wal, counting, { ...batch, maxBytes: recordBytes * 2 }, log);
    writer.start();
    await until(() => writer.isDrained());
    expect(insertedBytes).toHaveLength(3);
    expect(Math.max(...insertedBytes)).toBeLessThanOrEqual(recordBytes * 2);
    const counts = await eventCounts('capped');
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await writer.stop({ drain: false });
    await wal.close();
  });

  it('inserts the ingest_batches chunk of a record with its rows, once despite a lost acknowledgement', async () => {
    const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), {
      segmentBytes: 1 << 20,
      maxBytes: 1 << 30,
    });
    const rows = emptyRumRows();
    rows.custom_events.push(customEvent('batched-1'), customEvent('batched-2'));
    const at = Date.now();
    const batches = [{ project_id: 'pbw', batch_id: 'bw-batch-1', received_at: toDateTime64(at) }];
    const { payload, count } = encodePayload(rows, batches);
    expect(count).toBe(3);
    await wal.append(payload, count);
    const real = clickhouseInserter(store);
    const tables: string[] = [];
    const lossy: InsertFn = async (table, ndjson, n, token) => {
      await real(table, ndjson, n, token);
      tables.push(table);
      if (tables.length === 2) throw new Error('acknowledgement lost');
    };
    const writer = new BatchWriter(wal, lossy, batch, log);
    writer.start();
    await until(() => writer.isDrained());
    // Batch ids go last, after the rows they vouch for; the retry resends only the failed table.
    expect(tables).toEqual(['custom_events', 'ingest_batches', 'ingest_batches']);
    expect([...(await eventCounts('batched-')).values()]).toEqual([1, 1]);
    const stored = await store.client.query({
      query: `SELECT project_id, batch_id, toUnixTimestamp64Milli(received_at) AS at
        FROM ingest_batches WHERE batch_id = 'bw-batch-1'`,
      format: 'JSONEachRow',
    });
    const found = await stored.json<{ project_id: string; batch_id: string; at: string | number }>();
    expect(found.map((r) => ({ ...r, at: Number(r.at) }))).toEqual([
      { project_id: 'pbw', batch_id: 'bw-batch-1', at },
    ]);
    await writer.stop({ drain: false });
    await wal.close();
  });
  it('retries only the tables of a batch that were not stored yet', async () => {
    const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), {
      segmentBytes: 1 << 20,
      maxBytes: 1 << 30,
    });
    const rows = emptyRumRows();
    const common = { project_id: 'pbw-partial', session_id: 'partial-session' };
    for (let i = 0; i < 3; i++) {
      rows.page_views.push(pageViewOf(commonRow({ ...common, event_id: `partial-pv-${i}` })));
      rows.custom_events.push(customEvent(`partial-ev-${i}`, common));
    }
    rows.errors.push(errorOf(commonRow({ ...common, event_id: 'partial-err' })));
    const { payload, count } = encodePayload(rows);
    await wal.append(payload, count);
    const real = clickhouseInserter(store);
    const attempts: string[] = [];
    let failedOnce = false;
    // The errors insert fails before reaching ClickHouse once; page_views was stored before it.
    const flaky: InsertFn = async (table, ndjson, n, token) => {
      attempts.push(table);
      if (table === 'errors' && !failedOnce) {
        failedOnce = true;
        throw new Error('connection reset');
      }
      await real(table, ndjson, n, token);
    };
    const writer = new BatchWriter(wal, flaky, batch, log);
    writer.start();
    await until(() => writer.isDrained());
    await writer.stop({ drain: false });
    await wal.close();
    expect(attempts).toEqual(['page_views', 'errors', 'errors', 'custom_events']);
    expect([...(await eventCounts('partial-ev-')).values()]).toEqual([1, 1, 1]);
    const sessions = await store.client.query({
      query: `SELECT sum(page_views) AS page_views, sum(errors) AS errors FROM sessions
        WHERE project_id = 'pbw-partial'`,
      format: 'JSONEachRow',
    });
    const [totals] = await sessions.json<{ page_views: number | string; errors: number | string }>();
    expect([Number(totals.page_views), Number(totals.errors)]).toEqual([3, 1]);
  });
});

describe('WAL payload format', () => {
  /** A record as written before ingest_batches existed: [u8 table][u32 rows][u32 bytes][text]. */
  function oldPayload(chunks: [index: number, lines: string[]][]): Buffer {
    return Buffer.concat(
      chunks.flatMap(([index, lines]) => {
        const text = Buffer.from(lines.map((l) => l + '\n').join(''));
        const header = Buffer.alloc(9);
        header.writeUInt8(index, 0);
        header.writeUInt32LE(lines.length, 1);
        header.writeUInt32LE(text.length, 5);
        return [header, text];
      }),
    );
  }

  it('decodes a record written before the ingest_batches chunk existed', () => {
    const event = rowToJsonLine(customEvent('old-1'));
    const old = oldPayload([
      [3, [event]],
      [6, ['{"project_id":"p"}', '{"project_id":"q"}']],
    ]);
    const chunks = decodePayload(old);
    expect(chunks.map((c) => [c.table, c.rows, c.ndjson.toString()])).toEqual([
      ['custom_events', 1, event + '\n'],
      ['resources', 2, '{"project_id":"p"}\n{"project_id":"q"}\n'],
    ]);
  });

  it('writes a request without batch ids exactly as before', () => {
    const rows = emptyRumRows();
    rows.custom_events.push(customEvent('same-1'));
    expect(encodePayload(rows).payload).toEqual(oldPayload([[3, [rowToJsonLine(rows.custom_events[0])]]]));
  });

  it('keeps the table indexes: signal tables first, ingest_batches appended', () => {
    expect(WAL_TABLES).toEqual([
      'page_views',
      'web_vitals',
      'errors',
      'custom_events',
      'http_requests',
      'long_tasks',
      'resources',
      'ingest_batches',
    ]);
    const { payload } = encodePayload(emptyRumRows(), [
      { project_id: 'p', batch_id: 'b', received_at: '1.000' },
    ]);
    expect(payload.readUInt8(0)).toBe(7);
    expect(decodePayload(payload).map((c) => c.table)).toEqual(['ingest_batches']);
  });

  it.each([
    ['an unknown table index', oldPayload([[8, ['{}']]])],
    ['a chunk longer than the payload', oldPayload([[3, ['{}']]]).subarray(0, 10)],
    ['a truncated chunk header', Buffer.from([3, 1, 0])],
  ])('rejects %s as corrupt', (_name, payload) => {
    expect(() => decodePayload(payload)).toThrow(/WAL payload is corrupt/);
  });
});
