import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { clickhouseInserter, statementInserter } from '../src/store/insert';
import { emptyRumRows, WAL_TABLES, type RumRows } from '../src/store/rows';
import { BatchWriter, encodePayload, type InsertFn } from '../src/wal/batch-writer';
import { Wal } from '../src/wal/wal';
import { DAY, HOUR, releaseTraffic } from './helpers/seed-errors';
import { customEventRow, longTask, resource } from './helpers/seed-performance';
import { until } from './helpers/processor';
import { useMigratedStore } from './helpers/store';

// A batch ClickHouse stored whose acknowledgement was lost (or whose checkpoint a kill -9
// prevented) is sent again with the same insert_deduplication_token. The signal tables drop the
// copy; every materialized view's target must drop it too, or pre-aggregates count it twice.
// The views are read from system.tables, so a view a future migration adds is covered as well.
jest.setTimeout(120_000);

const store = useMigratedStore('preagg-replay');
const log = pino({ level: 'silent' });
const batch = { minRows: 100_000, maxRows: 100_000, maxWaitMs: 20, retryBaseMs: 5, retryMaxMs: 20 };

interface View {
  name: string;
  target: string;
}

async function query<T>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await store().client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

/** Every materialized view of the database and the table it writes to (its `TO` clause). */
async function materializedViews(): Promise<View[]> {
  const rows = await query<{ name: string; create_table_query: string }>(
    `SELECT name, create_table_query FROM system.tables
     WHERE database = currentDatabase() AND engine = 'MaterializedView' ORDER BY name`,
  );
  return rows.map(({ name, create_table_query }) => {
    const to = / TO (?:`?\w+`?\.)?`?(\w+)`?/.exec(create_table_query);
    if (!to) throw new Error(`${name} has no TO table: an inner-table view cannot be checked`);
    return { name, target: to[1] };
  });
}

/** A realistic batch of every signal table for `project`: traffic feeding every view. */
function trafficBatch(project: string, now: number): RumRows {
  const rows = emptyRumRows();
  const traffic = releaseTraffic(project, now);
  rows.page_views.push(...traffic.page_views);
  rows.errors.push(...traffic.errors);
  rows.web_vitals.push(...traffic.web_vitals);
  rows.http_requests.push(...traffic.http_requests);
  const at = { atMs: now - HOUR, project_id: project, session_id: 's1' };
  rows.custom_events.push(customEventRow(at), customEventRow(at, { name: 'add_to_cart' }));
  rows.long_tasks.push(longTask(at));
  rows.resources.push(resource(at));
  return rows;
}

/** Writes one WAL record of `rows` through a BatchWriter with `insert`, until it is checkpointed. */
async function writeThroughWal(rows: RumRows, insert: InsertFn): Promise<void> {
  const wal = Wal.open(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-')), {
    segmentBytes: 8 << 20,
    maxBytes: 1 << 30,
  });
  const { payload, count } = encodePayload(rows);
  await wal.append(payload, count);
  const writer = new BatchWriter(wal, insert, batch, log);
  writer.start();
  await until(() => writer.isDrained());
  await writer.stop({ drain: false });
  await wal.close();
}

/**
 * A target's rows of one project, merged (FINAL) and finalised to comparable text: states become
 * their values, so a doubled sum shows while an idempotent uniq or max does not hide anything.
 */
async function targetContents(table: string, project: string): Promise<string[]> {
  const [{ engine }] = await query<{ engine: string }>(
    'SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = {t:String}',
    { t: table },
  );
  const columns = await query<{ name: string; type: string }>(
    `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String}
     AND name != 'project_id' ORDER BY position`,
    { t: table },
  );
  const values = columns.map(({ name, type }) => {
    const id = `\`${name}\``;
    if (!type.startsWith('AggregateFunction(')) return `toString(${id})`;
    if (type.includes('groupUniqArray')) return `toString(arraySort(finalizeAggregation(${id})))`;
    return `toString(finalizeAggregation(${id}))`;
  });
  const final = /Aggregating|Summing|Replacing|Collapsing/.test(engine) ? 'FINAL' : '';
  const rows = await query<{ row: string }>(
    `SELECT concat(${values.join(", '|', ")}) AS row FROM \`${table}\` ${final}
     WHERE project_id = {p:String} ORDER BY row`,
    { p: project },
  );
  return rows.map((r) => r.row);
}

describe('pre-aggregates under retried and replayed batches', () => {
  it('every materialized view writes to a table with a deduplication window', async () => {
    const views = await materializedViews();
    // The views of migrations 0001-0006 at least; a new one is checked the same way.
    expect(views.map((v) => v.target)).toEqual(
      expect.arrayContaining(['sessions', 'web_vitals_1m', 'http_requests_1m', 'issues', 'issue_releases']),
    );
    const withoutWindow: string[] = [];
    for (const { name, target } of views) {
      const [{ create_table_query }] = await query<{ create_table_query: string }>(
        'SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = {t:String}',
        { t: target },
      );
      const window = /non_replicated_deduplication_window = (\d+)/.exec(create_table_query);
      if (Number(window?.[1] ?? 0) < 1000) withoutWindow.push(`${name} -> ${target}`);
    }
    expect(withoutWindow).toEqual([]);
  });

  // The embedded raw insert and the INSERT statement a server gets carry the same settings.
  it.each([
    ['raw insert (embedded)', 'raw', () => clickhouseInserter(store())],
    ['INSERT statement (server form)', 'sql', () => statementInserter(store().client)],
  ])(
    '%s: a batch sent twice with the same tokens leaves every target as a single send does',
    async (_n, form, inserter) => {
      const now = Math.floor(Date.now() / DAY) * DAY + 12 * HOUR;
      const real = inserter();
      // Each table's insert is stored, then its acknowledgement is lost once: every table of the
      // batch reaches ClickHouse twice with the same token, as after a retry or a WAL replay.
      const lostAck = new Set<string>();
      const lossy: InsertFn = async (table, ndjson, rows, token) => {
        await real(table, ndjson, rows, token);
        if (!lostAck.has(token)) {
          lostAck.add(token);
          throw new Error('socket hang up after the server stored the block');
        }
      };
      await writeThroughWal(trafficBatch(`p-once-${form}`, now), real);
      await writeThroughWal(trafficBatch(`p-twice-${form}`, now), lossy);
      expect(lostAck.size).toBeGreaterThanOrEqual(WAL_TABLES.length - 1);

      const targets = [...new Set((await materializedViews()).map((v) => v.target))];
      for (const target of targets) {
        const once = await targetContents(target, `p-once-${form}`);
        // The batch feeds every view, so an empty target would prove nothing.
        expect({ target, empty: once.length === 0 }).toEqual({ target, empty: false });
        expect({ target, contents: await targetContents(target, `p-twice-${form}`) }).toEqual({
          target,
          contents: once,
        });
      }
    },
  );

  it('a batch replayed by a restarted writer (kill -9 before the checkpoint) is counted once', async () => {
    const now = Math.floor(Date.now() / DAY) * DAY + 12 * HOUR;
    const real = clickhouseInserter(store());
    // First life stores everything, then dies before the checkpoint: the next life replays it all.
    const rows = trafficBatch('p-replayed', now);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-'));
    const options = { segmentBytes: 8 << 20, maxBytes: 1 << 30 };
    let wal = Wal.open(dir, options);
    const { payload, count } = encodePayload(rows);
    await wal.append(payload, count);
    let stored = 0;
    const dying: InsertFn = async (table, ndjson, n, token) => {
      await real(table, ndjson, n, token);
      if (++stored === WAL_TABLES.length - 1) throw new Error('killed before the checkpoint');
    };
    let writer = new BatchWriter(wal, dying, { ...batch, retryBaseMs: 60_000, retryMaxMs: 60_000 }, log);
    writer.start();
    await until(() => stored === WAL_TABLES.length - 1);
    await writer.stop({ drain: false });
    await wal.close();
    wal = Wal.open(dir, options);
    writer = new BatchWriter(wal, real, batch, log);
    writer.start();
    await until(() => writer.isDrained());
    await writer.stop({ drain: false });
    await wal.close();
    await writeThroughWal(trafficBatch('p-single', now), real);

    for (const target of [...new Set((await materializedViews()).map((v) => v.target))]) {
      const single = await targetContents(target, 'p-single');
      expect({ target, contents: await targetContents(target, 'p-replayed') }).toEqual({
        target,
        contents: single,
      });
    }
  });
});
