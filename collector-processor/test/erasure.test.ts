/**
 * Data-subject erasure against a real processor on embedded ClickHouse: a person's rows arrive
 * through real ingest, an admin erases them through the API, and every table ClickHouse lists
 * with the id's column (system.columns, so a new table can't be missed) holds none of them while
 * everyone else's rows are untouched.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { ErasureService } from '../src/erasure/erase';
import type { RunningProcessor } from '../src/processor';
import { selectRows } from '../src/store/query';
import { ADMIN_TOKEN, startTestProcessor, until } from './helpers/processor';
import { sendSubject, SUBJECT_TABLES, type Subject } from './helpers/subject-rows';
import { metricSamples } from './helpers/metrics';

jest.setTimeout(120_000);

const WRITE_TOKEN = 'erasure-write-token';
const subject = (name: string): Subject => ({
  userId: `user-${name}`,
  visitorId: `visitor-${name}`,
  sessionId: `session-${name}`,
  marker: `mk${name}${crypto.randomBytes(4).toString('hex')}`,
});
const alice = subject('alice');
const bob = subject('bob');
const carol = subject('carol');

let processor: RunningProcessor;
let shop: { id: string; key: string };
let other: { id: string; key: string };

async function columnTables(column: string): Promise<string[]> {
  const rows = await selectRows<{ table: string }>(
    processor.store.client,
    `SELECT c.table AS table FROM system.columns AS c
     INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase() AND c.name = {column:String} AND t.engine LIKE '%MergeTree'
     ORDER BY table`,
    { column },
  );
  return rows.map((r) => r.table);
}

/** Rows per table (every table with `column`) for one value in one project. */
async function rowsOf(projectId: string, column: string, value: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await columnTables(column)) {
    const [{ n }] = await selectRows<{ n: string }>(
      processor.store.client,
      `SELECT count() AS n FROM ${table} WHERE project_id = {p:String} AND ${column} = {v:String}`,
      { p: projectId, v: value },
    );
    out[table] = Number(n);
  }
  return out;
}

async function sessionRows(projectId: string, sessionId: string): Promise<number> {
  const [{ n }] = await selectRows<{ n: string }>(
    processor.store.client,
    'SELECT count() AS n FROM sessions WHERE project_id = {p:String} AND session_id = {s:String}',
    { p: projectId, s: sessionId },
  );
  return Number(n);
}

async function erase(projectId: string, body: unknown, token = ADMIN_TOKEN) {
  return fetch(`${processor.url}/api/v1/projects/${projectId}/erasure`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Starts an erasure and follows its status URL until it ends; returns the final view. */
async function eraseAndWait(projectId: string, body: unknown) {
  const res = await erase(projectId, body);
  expect(res.status).toBe(202);
  const started = (await res.json()) as { id: string; statusUrl: string; status: string };
  expect(started.status).toBe('running');
  let view: Record<string, unknown> = {};
  await until(
    async () => {
      const r = await fetch(`${processor.url}${started.statusUrl}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      view = (await r.json()) as Record<string, unknown>;
      return view.status !== 'running';
    },
    60_000,
    'erasure finished',
  );
  return view;
}

const counter = (name: string) => metricSamples(processor.url, name);

/** The erasure counters now: erasures by kind and status, rows deleted by table. */
const erasureCounters = async () => ({
  erasures: await counter('pulsetrace_erasures_total'),
  rows: await counter('pulsetrace_erasure_rows_deleted_total'),
});

/** What moved between two readings of a counter: the samples that changed, by how much. */
const moved = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, d]) => d !== 0),
  );

const walFilesWith = (marker: string) =>
  fs
    .readdirSync(processor.wal.dir)
    .filter((f) => fs.readFileSync(path.join(processor.wal.dir, f)).includes(marker));

beforeAll(async () => {
  processor = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE_TOKEN });
  const a = await processor.projects.create({ name: 'shop', rateLimitPerSecond: 1_000_000 });
  const b = await processor.projects.create({ name: 'other', rateLimitPerSecond: 1_000_000 });
  shop = { id: a.id, key: a.ingestKeys[0].key };
  other = { id: b.id, key: b.ingestKeys[0].key };
  for (const s of [alice, bob]) await sendSubject(processor.url, shop.key, s);
  // The same ids in another project: an erasure is per project.
  await sendSubject(processor.url, other.key, alice);
  await processor.drained();
});
afterAll(async () => {
  await processor?.stop();
});

it('erases every row of a user id in every table with a user_id column, and nothing else', async () => {
  const tables = await columnTables('user_id');
  // What the erasure must cover: every signal table and the sessions pre-aggregate, at least.
  expect(tables).toEqual(expect.arrayContaining([...SUBJECT_TABLES, 'sessions']));
  const before = await rowsOf(shop.id, 'user_id', alice.userId);
  for (const table of tables) expect([table, before[table]]).toEqual([table, expect.any(Number)]);
  for (const table of SUBJECT_TABLES) expect([table, before[table] > 0]).toEqual([table, true]);
  expect(await sessionRows(shop.id, alice.sessionId)).toBeGreaterThan(0);
  const bobBefore = await rowsOf(shop.id, 'user_id', bob.userId);
  const otherBefore = await rowsOf(other.id, 'user_id', alice.userId);
  expect(walFilesWith(alice.marker)).not.toEqual([]);
  // A row of alice's set aside as text (as the batch writer does with rows ClickHouse refused).
  const deadLetter = (user: string) => ({
    project_id: shop.id,
    table_name: 'errors',
    failed_at: `${Math.floor(Date.now() / 1000)}.000`,
    received_at: `${Math.floor(Date.now() / 1000)}.000`,
    error_code: 6,
    error: 'test',
    raw_row: JSON.stringify({ project_id: shop.id, user_id: user, message: 'x' }),
    wal_batch: 'test',
  });
  await processor.store.client.insert({
    table: 'dead_letters',
    values: [deadLetter(alice.userId), deadLetter(bob.userId)],
    format: 'JSONEachRow',
  });

  const countersBefore = await erasureCounters();

  const view = await eraseAndWait(shop.id, { userId: alice.userId });

  expect(view).toMatchObject({ status: 'done', kind: 'user', error: null, actor: 'admin-token' });
  const after = await rowsOf(shop.id, 'user_id', alice.userId);
  expect(after).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
  expect(await sessionRows(shop.id, alice.sessionId)).toBe(0);
  const dead = await selectRows<{ raw_row: string }>(
    processor.store.client,
    'SELECT raw_row FROM dead_letters WHERE project_id = {p:String}',
    { p: shop.id },
  );
  expect(dead.map((d) => JSON.parse(d.raw_row).user_id)).toEqual([bob.userId]);
  expect(await rowsOf(shop.id, 'user_id', bob.userId)).toEqual(bobBefore);
  expect(await sessionRows(shop.id, bob.sessionId)).toBeGreaterThan(0);
  expect(await rowsOf(other.id, 'user_id', alice.userId)).toEqual(otherBefore);
  // Stored rows left the WAL's files with the erasure (the segment max age is a minute here).
  expect(walFilesWith(alice.marker)).toEqual([]);

  const [audit] = await selectRows<Record<string, unknown>>(
    processor.store.client,
    'SELECT * FROM data_erasures FINAL WHERE id = {id:String}',
    { id: view.id },
  );
  const deleted = Object.values(view.tables as Record<string, number>).reduce((a, b) => a + b, 0);
  expect(audit).toMatchObject({
    project_id: shop.id,
    kind: 'user',
    status: 'done',
    actor: 'admin-token',
    subject_sha256: crypto.createHash('sha256').update(`user:${alice.userId}`).digest('hex'),
  });
  expect(Number(audit.rows_deleted)).toBe(deleted);
  expect(deleted).toBeGreaterThan(SUBJECT_TABLES.length);
  expect(Object.keys(audit.tables as object)).toEqual(expect.arrayContaining([...SUBJECT_TABLES]));
  expect(JSON.stringify(audit)).not.toContain(alice.userId);
  expect(audit.finished_at).not.toBeNull();
  // /metrics: one user erasure done, and the rows it deleted, table by table, as the audit has them.
  const countersAfter = await erasureCounters();
  expect(moved(countersBefore.erasures, countersAfter.erasures)).toEqual({ 'kind=user,status=done': 1 });
  const rowsMoved = moved(countersBefore.rows, countersAfter.rows);
  expect(Object.keys(rowsMoved).sort()).toEqual(
    Object.keys(audit.tables as object)
      .map((t) => `table=${t}`)
      .sort(),
  );
  for (const [table, n] of Object.entries(audit.tables as Record<string, string | number>))
    expect([table, rowsMoved[`table=${table}`]]).toEqual([table, Number(n)]);
  expect(Object.values(rowsMoved).reduce((a, b) => a + b, 0)).toBe(Number(audit.rows_deleted));
});

it('erases by visitor id, and lists erasures for the project', async () => {
  const before = await rowsOf(shop.id, 'visitor_id', bob.visitorId);
  for (const table of SUBJECT_TABLES) expect([table, before[table] > 0]).toEqual([table, true]);
  const countersBefore = await erasureCounters();
  const view = await eraseAndWait(shop.id, { visitorId: bob.visitorId });
  expect(view).toMatchObject({ status: 'done', kind: 'visitor' });
  const countersAfter = await erasureCounters();
  expect(moved(countersBefore.erasures, countersAfter.erasures)).toEqual({
    'kind=visitor,status=done': 1,
  });
  const rowsMoved = Object.values(moved(countersBefore.rows, countersAfter.rows));
  expect(view.rowsDeleted).toBeGreaterThan(0);
  expect(rowsMoved.reduce((a, b) => a + b, 0)).toBe(view.rowsDeleted);
  const after = await rowsOf(shop.id, 'visitor_id', bob.visitorId);
  expect(Object.values(after).every((n) => n === 0)).toBe(true);
  expect(await sessionRows(shop.id, bob.sessionId)).toBe(0);
  const list = await fetch(`${processor.url}/api/v1/projects/${shop.id}/erasures`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const { erasures } = (await list.json()) as { erasures: { kind: string; status: string }[] };
  expect(erasures.map((e) => [e.kind, e.status])).toEqual([
    ['visitor', 'done'],
    ['user', 'done'],
  ]);
});

it('stores rows still in the WAL before erasing, so acknowledged rows are erased too', async () => {
  processor.failpoint.fail();
  await sendSubject(processor.url, shop.key, carol);
  const res = await erase(shop.id, { userId: carol.userId });
  expect(res.status).toBe(202);
  const { statusUrl } = (await res.json()) as { statusUrl: string };
  await new Promise((r) => setTimeout(r, 300));
  // ClickHouse is "down": carol's rows are only in the WAL, and the erasure waits for them.
  expect(processor.wal.pendingRowCount()).toBeGreaterThan(0);
  processor.failpoint.lift();
  await processor.erasure.idle();
  const view = (await (
    await fetch(`${processor.url}${statusUrl}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json()) as { status: string; rowsDeleted: number };
  expect(view.status).toBe('done');
  expect(view.rowsDeleted).toBeGreaterThanOrEqual(SUBJECT_TABLES.length);
  await processor.drained();
  const after = await rowsOf(shop.id, 'user_id', carol.userId);
  expect(Object.values(after).every((n) => n === 0)).toBe(true);
});

it('fails with a clear error and deletes nothing when the WAL cannot be stored in time', async () => {
  const dave = subject('dave');
  await sendSubject(processor.url, shop.key, dave);
  await processor.drained();
  processor.failpoint.fail();
  await sendSubject(processor.url, shop.key, { ...dave, marker: `${dave.marker}x` });
  const impatient = new ErasureService({
    client: processor.store.client,
    wal: processor.wal,
    log: pino({ level: 'silent' }),
    metrics: processor.metrics,
    walWaitMs: 200,
  });
  const countersBefore = await erasureCounters();
  const started = impatient.start(shop.id, 'user', dave.userId, 'test');
  await impatient.idle();
  processor.failpoint.lift();
  const view = await impatient.get(shop.id, started.id);
  expect(view).toMatchObject({ status: 'failed', rowsDeleted: 0 });
  // /metrics: one failed user erasure, no rows deleted.
  const countersAfter = await erasureCounters();
  expect(moved(countersBefore.erasures, countersAfter.erasures)).toEqual({
    'kind=user,status=failed': 1,
  });
  expect(moved(countersBefore.rows, countersAfter.rows)).toEqual({});
  expect(view!.error).toMatch(/write-ahead log.*nothing was deleted, retry later/);
  await processor.drained();
  const rows = await rowsOf(shop.id, 'user_id', dave.userId);
  for (const table of SUBJECT_TABLES) expect([table, rows[table] > 0]).toEqual([table, true]);
});

it('needs the admin token, an existing project and exactly one id', async () => {
  expect((await erase(shop.id, { userId: 'x' }, WRITE_TOKEN)).status).toBe(403);
  expect((await erase('p-nope', { userId: 'x' })).status).toBe(404);
  const both = await erase(shop.id, { userId: 'x', visitorId: 'y' });
  expect(both.status).toBe(400);
  expect(((await both.json()) as { error: string }).error).toMatch(/either userId or visitorId/);
  expect((await erase(shop.id, {})).status).toBe(400);
  expect((await erase(shop.id, { userId: '' })).status).toBe(400);
  expect((await erase(shop.id, { email: 'a@b.c' })).status).toBe(400);
});
