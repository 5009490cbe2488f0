/**
 * Seeds the query benchmark's data dir through the processor's own store and migrations: two
 * projects, the releases and deploys, 10M events (INSERT … SELECT in ClickHouse, one chunk of
 * sessions at a time, so the materialized views fill the pre-aggregates as ingest does), a few
 * issue states, then waits for background merges and writes the marker `run.ts` checks.
 *
 *   node --import tsx bench/query/seed.ts --dir <data dir> --events 10000000
 *
 * Runs as its own process (run.ts spawns it) so chDB's engine is released before the processor
 * opens the same data dir.
 */
import '../../collector-processor/src/store/embedded-allocator';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../collector-processor/src/config/config';
import { saveChanges } from '../../collector-processor/src/issues/issue-store';
import { addDeploy, saveRelease } from '../../collector-processor/src/issues/release-store';
import { initialState, type IssueState } from '../../collector-processor/src/issues/state';
import { ProjectStore } from '../../collector-processor/src/projects/project-store';
import { openStore, type Store } from '../../collector-processor/src/store/clickhouse';
import { migrate } from '../../collector-processor/src/store/migrations';
import { selectRows } from '../../collector-processor/src/store/query';
import { numberArg, stringArg } from '../cli';
import {
  GENERATOR_VERSION,
  insertSql,
  sessionsPerChunk,
  shapeFor,
  WINDOW_DAYS,
  type Shape,
} from './generate';
import { fingerprintOf, TABLES } from './generate-tables';
import { RELEASE_DAYS, RELEASES } from './vocab';

export const MARKER = 'bench-query-seed.json';
/** Events per chunk (all tables together), which bounds each INSERT's memory. */
const CHUNK_EVENTS = 1_000_000;
const log = (line: string) => process.stderr.write(`${line}\n`);

export interface SeedMarker {
  generatorVersion: number;
  events: number;
  shape: Shape;
  seedSeconds: number;
  mergeWaitSeconds: number;
  tables: Array<{
    table: string;
    rows: number;
    parts: number;
    bytesOnDisk: number;
    uncompressedBytes: number;
  }>;
  dataDirBytes: number;
  samples: Samples;
}

/** Ids the benchmark's detail queries need, found in the seeded data. */
export interface Samples {
  issueId: string;
  eventId: string;
  longSessionId: string;
  typicalSessionId: string;
}

async function count(store: Store, table: string): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    store.client,
    `SELECT count() AS n FROM ${table}`,
    {},
    {
      output_format_json_quote_64bit_integers: 0,
    },
  );
  return Number(row?.n ?? 0);
}

async function registerReleases(store: Store, shape: Shape) {
  const start = shape.anchorMs - WINDOW_DAYS * 86400_000;
  for (const [i, version] of RELEASES.entries()) {
    const at = Math.round(start + RELEASE_DAYS[i]! * 86400_000);
    for (const project of [shape.projects.main, shape.projects.small]) {
      await saveRelease(store.client, {
        projectId: project,
        version,
        createdAt: at - 3600_000,
        finalizedAt: at - 1800_000,
        ref: `refs/tags/v${version}`,
        url: '',
        updatedBy: 'bench',
      });
      await addDeploy(store.client, project, {
        release: version,
        environment: 'production',
        name: `deploy ${version}`,
        url: '',
        startedAt: at - 600_000,
        finishedAt: at,
        createdBy: 'bench',
      });
    }
  }
}

/** Some issues resolved, ignored, resolved in the next release or regressed, as a team would leave them. */
async function setIssueStates(store: Store, shape: Shape) {
  const at = shape.anchorMs + 60_000;
  const state = (f: number, change: Partial<IssueState>): IssueState => ({
    ...initialState(shape.projects.main, fingerprintOf(f)),
    updatedAt: at,
    updatedBy: 'bench',
    version: at * 1000 + f,
    ...change,
  });
  const states = [
    ...[3, 8, 14, 25, 40, 61, 90, 150].map((f) => state(f, { status: 'resolved', resolvedAt: at })),
    ...[5, 33, 120, 180].map((f) => state(f, { status: 'ignored', ignoredAt: at })),
    ...[12, 70, 210].map((f) =>
      state(f, { status: 'resolved_in_next_release', resolvedAt: at, resolvedInRelease: RELEASES.at(-1)! }),
    ),
    ...[2, 19].map((f) =>
      state(f, { status: 'regressed', regressedAt: at - 86400_000, regressedInRelease: RELEASES.at(-1)! }),
    ),
    ...[0, 1, 4].map((f) => state(f, { assignee: 'alice@shop.example' })),
  ];
  await saveChanges(store.client, states, []);
  return states.length;
}

/** Waits until ClickHouse has no merge running for 3 s in a row (at most 15 minutes). */
async function settleMerges(store: Store): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  while (quiet < 3 && Date.now() - started < 15 * 60_000) {
    const [row] = await selectRows<{ n: number }>(store.client, 'SELECT count() AS n FROM system.merges', {});
    quiet = Number(row?.n) === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return (Date.now() - started) / 1000;
}

async function findSamples(store: Store, shape: Shape): Promise<Samples> {
  const one = async (sql: string, params: Record<string, unknown>) =>
    String(Object.values((await selectRows(store.client, sql, params))[0] ?? {})[0] ?? '');
  const params = { project: shape.projects.main, dayAgo: (shape.anchorMs - 86400_000) / 1000 };
  const issueId = fingerprintOf(0);
  return {
    issueId,
    eventId: await one(
      'SELECT event_id FROM errors WHERE project_id = {project:String} AND fingerprint = {fp:String} ORDER BY timestamp DESC LIMIT 1',
      { ...params, fp: issueId },
    ),
    longSessionId: await one(
      `SELECT session_id FROM sessions WHERE project_id = {project:String}
       GROUP BY session_id ORDER BY sum(page_views) DESC, session_id LIMIT 1`,
      params,
    ),
    // A session of the last day with about the median number of page views of non-bounce sessions.
    typicalSessionId: await one(
      `SELECT session_id FROM sessions WHERE project_id = {project:String}
       GROUP BY session_id HAVING sum(page_views) BETWEEN 15 AND 30 AND max(last_seen) > toDateTime64({dayAgo:Float64}, 3)
       ORDER BY session_id LIMIT 1`,
      params,
    ),
  };
}

async function tableStats(store: Store) {
  const rows = await selectRows<Record<string, string | number>>(
    store.client,
    `SELECT table, sum(rows) AS rows, count() AS parts, sum(bytes_on_disk) AS bytesOnDisk,
       sum(data_uncompressed_bytes) AS uncompressedBytes
     FROM system.parts WHERE active AND database = currentDatabase()
     GROUP BY table ORDER BY bytesOnDisk DESC`,
    {},
    { output_format_json_quote_64bit_integers: 0 },
  );
  return rows.map((r) => ({
    table: String(r.table),
    rows: Number(r.rows),
    parts: Number(r.parts),
    bytesOnDisk: Number(r.bytesOnDisk),
    uncompressedBytes: Number(r.uncompressedBytes),
  }));
}

async function main() {
  const dir = stringArg('dir');
  const events = numberArg('events', 10_000_000);
  if (!dir) throw new Error('--dir is required');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const config = loadConfig({ PULSETRACE_DATA_DIR: dir });
  const store = await openStore({ ...config.clickhouse, dataDir: config.dataDir });
  const started = Date.now();
  await migrate(store.client);
  const projects = new ProjectStore(store.client, { rateLimitPerSecond: 10_000 });
  const main = await projects.create({ name: 'shop (bench)', retentionDays: 365 });
  const small = await projects.create({ name: 'blog (bench)', retentionDays: 365 });
  // The window ends at the start of the current minute; queries are placed relative to it.
  const shape = shapeFor(events, Math.floor(Date.now() / 60_000) * 60_000, {
    main: main.id,
    small: small.id,
  });
  await registerReleases(store, shape);
  const perChunk = sessionsPerChunk(shape, CHUNK_EVENTS);
  const chunks = Math.ceil(shape.sessions / perChunk);
  log(
    `seeding ${events.toLocaleString()} events: ${shape.sessions.toLocaleString()} sessions in ${chunks} chunks`,
  );
  let total = 0;
  for (let c = 0; c < chunks; c++) {
    const t0 = Date.now();
    const first = c * perChunk;
    const n = Math.min(perChunk, shape.sessions - first);
    let rows = 0;
    for (const table of Object.values(TABLES)) {
      const before = await count(store, table.name);
      await store.client.command({ query: insertSql(shape, table, first, n) });
      rows += (await count(store, table.name)) - before;
    }
    total += rows;
    const seconds = (Date.now() - t0) / 1000;
    log(
      `  chunk ${c + 1}/${chunks}: ${rows.toLocaleString()} rows in ${seconds.toFixed(1)} s ` +
        `(${Math.round(rows / seconds).toLocaleString()} rows/s), ${total.toLocaleString()} so far`,
    );
  }
  const states = await setIssueStates(store, shape);
  const seedSeconds = (Date.now() - started) / 1000;
  log(
    `inserted ${total.toLocaleString()} rows and ${states} issue states in ${seedSeconds.toFixed(0)} s; waiting for merges…`,
  );
  const mergeWaitSeconds = await settleMerges(store);
  const tables = await tableStats(store);
  const samples = await findSamples(store, shape);
  await store.close();
  const dataDirBytes = Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  const marker: SeedMarker = {
    generatorVersion: GENERATOR_VERSION,
    events,
    shape,
    seedSeconds,
    mergeWaitSeconds,
    tables,
    dataDirBytes,
    samples,
  };
  fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(marker, null, 2) + '\n');
  log(
    `merges settled after ${mergeWaitSeconds.toFixed(0)} s; data dir ${(dataDirBytes / 2 ** 20).toFixed(0)} MiB`,
  );
}

if (require.main === module)
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
