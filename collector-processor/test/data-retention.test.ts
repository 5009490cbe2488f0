/**
 * How long data sits on disk outside ClickHouse, against real processors on embedded ClickHouse:
 * stored rows leave the WAL's files within the segment max age (and at once when their project
 * is deleted), and a deleted project's rows leave every table once its restore window passes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunningProcessor } from '../src/processor';
import { selectRows } from '../src/store/query';
import { ADMIN_TOKEN, startTestProcessor, until } from './helpers/processor';
import { sendSubject, SUBJECT_TABLES, type Subject } from './helpers/subject-rows';
import { metricSamples } from './helpers/metrics';

jest.setTimeout(120_000);

const subject = (name: string): Subject => ({
  userId: `user-${name}`,
  visitorId: `visitor-${name}`,
  sessionId: `session-${name}`,
  marker: `mk${name}${crypto.randomBytes(4).toString('hex')}`,
});

const walFilesWith = (p: RunningProcessor, marker: string) =>
  fs.readdirSync(p.wal.dir).filter((f) => fs.readFileSync(path.join(p.wal.dir, f)).includes(marker));

const counter = (p: RunningProcessor, name: string) => metricSamples(p.url, name);

async function newProject(p: RunningProcessor, name: string) {
  const project = await p.projects.create({ name, rateLimitPerSecond: 1_000_000 });
  return { id: project.id, key: project.ingestKeys[0].key };
}

async function deleteProject(p: RunningProcessor, id: string) {
  const res = await fetch(`${p.url}/api/v1/projects/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { restorableUntil: string };
}

describe('WAL retention', () => {
  let processor: RunningProcessor;
  beforeAll(async () => {
    processor = await startTestProcessor({ PULSETRACE_WAL_SEGMENT_MAX_AGE_MS: '300' });
  });
  afterAll(() => processor?.stop());

  it('no WAL file holds stored rows once the segment max age has passed, with no more traffic', async () => {
    const shop = await newProject(processor, 'shop');
    const erin = subject('erin');
    await sendSubject(processor.url, shop.key, erin);
    await processor.drained();
    const [{ n }] = await selectRows<{ n: string }>(
      processor.store.client,
      'SELECT count() AS n FROM page_views WHERE project_id = {p:String} AND user_id = {u:String}',
      { p: shop.id, u: erin.userId },
    );
    expect(Number(n)).toBe(1);
    await until(
      () => walFilesWith(processor, erin.marker).length === 0,
      5_000,
      'stored rows gone from the WAL',
    );
    // The log still works after its segments were closed and deleted.
    const frank = subject('frank');
    await sendSubject(processor.url, shop.key, frank);
    await processor.drained();
    await until(() => walFilesWith(processor, frank.marker).length === 0, 5_000, 'stored rows gone again');
  });
});

describe('deleted projects', () => {
  let processor: RunningProcessor;
  beforeAll(async () => {
    // The default segment max age (60 s): only the deletion itself can clear the WAL in time.
    processor = await startTestProcessor({ PULSETRACE_PROJECT_RESTORE_WINDOW_MS: '1500' });
  });
  afterAll(() => processor?.stop());

  async function projectRows(projectId: string): Promise<Record<string, number>> {
    const tables = await selectRows<{ table: string }>(
      processor.store.client,
      `SELECT c.table AS table FROM system.columns AS c
       INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
       WHERE c.database = currentDatabase() AND c.name = 'project_id' AND t.engine LIKE '%MergeTree'
         AND c.table NOT IN ('projects', 'data_erasures')`,
      {},
    );
    const out: Record<string, number> = {};
    for (const { table } of tables) {
      const [{ n }] = await selectRows<{ n: string }>(
        processor.store.client,
        `SELECT count() AS n FROM ${table} WHERE project_id = {p:String}`,
        { p: projectId },
      );
      out[table] = Number(n);
    }
    return out;
  }

  it('removes every row of the project from every table once the restore window has passed', async () => {
    const gone = await newProject(processor, 'gone');
    const kept = await newProject(processor, 'kept');
    const grace = subject('grace');
    await sendSubject(processor.url, gone.key, grace);
    await sendSubject(processor.url, kept.key, subject('heidi'));
    await processor.drained();
    const mapsDir = path.join(path.dirname(processor.wal.dir), 'sourcemaps', gone.id);
    fs.mkdirSync(mapsDir, { recursive: true });
    fs.writeFileSync(path.join(mapsDir, 'app.js.map'), '{"version":3}');
    const before = await projectRows(gone.id);
    for (const table of [...SUBJECT_TABLES, 'sessions', 'issues'])
      expect([table, before[table] > 0]).toEqual([table, true]);
    const keptBefore = await projectRows(kept.id);
    expect(walFilesWith(processor, grace.marker)).not.toEqual([]);

    const purgeCounters = async () => ({
      purges: await counter(processor, 'pulsetrace_project_purges_total'),
      rows: (await counter(processor, 'pulsetrace_project_purge_rows_deleted_total'))[''],
    });
    const countersBefore = await purgeCounters();

    const deleted = await deleteProject(processor, gone.id);
    expect(Date.parse(deleted.restorableUntil) - Date.now()).toBeLessThanOrEqual(1500);
    // Its stored rows leave the WAL's files with the deletion, not a minute later.
    await until(() => walFilesWith(processor, grace.marker).length === 0, 2_000, 'WAL cleared on deletion');
    // Within the window: restorable, so nothing is removed yet.
    expect(await processor.projectPurge.runOnce()).toEqual([]);
    expect(await projectRows(gone.id)).toEqual(before);
    expect(await purgeCounters()).toEqual(countersBefore);

    await new Promise((r) => setTimeout(r, 1600));
    expect(await processor.projectPurge.runOnce()).toEqual([gone.id]);
    const after = await projectRows(gone.id);
    expect(after).toEqual(Object.fromEntries(Object.keys(before).map((t) => [t, 0])));
    expect(await projectRows(kept.id)).toEqual(keptBefore);
    expect(fs.existsSync(mapsDir)).toBe(false);
    const [audit] = await selectRows<Record<string, unknown>>(
      processor.store.client,
      "SELECT * FROM data_erasures FINAL WHERE project_id = {p:String} AND kind = 'project'",
      { p: gone.id },
    );
    expect(audit).toMatchObject({ status: 'done', actor: 'restore-window', error: '' });
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    expect(Number(audit.rows_deleted)).toBe(total);
    expect(audit.tables).toEqual(Object.fromEntries(Object.entries(before).filter(([, n]) => n > 0)));
    // /metrics: one purge done, with the rows the audit records.
    const countersAfter = await purgeCounters();
    expect(countersAfter.purges).toEqual({
      ...countersBefore.purges,
      'status=done': (countersBefore.purges['status=done'] ?? 0) + 1,
    });
    expect(countersAfter.rows - countersBefore.rows).toBe(Number(audit.rows_deleted));
    // Purged once: later passes skip it; the restore window is over.
    expect(await processor.projectPurge.runOnce()).toEqual([]);
    expect(await purgeCounters()).toEqual(countersAfter);
    const restore = await fetch(`${processor.url}/api/v1/projects/${gone.id}/restore`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(restore.status).toBe(410);
  });
});
