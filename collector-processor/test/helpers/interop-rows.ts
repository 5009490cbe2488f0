/**
 * The interop tests' shared steps: a project that allows the interop site's origin, one scenario
 * run in Chromium against the real processor, and the rows it stored, read back from ClickHouse.
 */
import type { RunningProcessor } from '../../src/processor';
import { SIGNAL_TABLES, type SignalTable } from '../../src/store/rows';
import { ensureInteropSdks, startInteropSite, type InteropRun, type InteropSite } from './interop-browser';
import { createProject, startTestProcessor, until } from './processor';

export type StoredRow = Record<string, unknown> & {
  url: string;
  route: string;
  session_id: string;
  attributes: Record<string, string>;
};
export type StoredRows = Record<SignalTable, StoredRow[]>;

export async function storedRows(processor: RunningProcessor, projectId: string): Promise<StoredRows> {
  const out = {} as StoredRows;
  for (const table of SIGNAL_TABLES) {
    const r = await processor.store.client.query({
      query: `SELECT * FROM ${table} WHERE project_id = {p:String} ORDER BY timestamp`,
      query_params: { p: projectId },
      format: 'JSONEachRow',
    });
    out[table] = await r.json<StoredRow>();
  }
  return out;
}

/**
 * Runs scenarios/<entry> once and waits until the stored rows satisfy `ready` (the batch writer
 * flushes every 100 ms in tests; the page has already been quiet towards the processor for 2 s).
 */
export async function runInterop(
  processor: RunningProcessor,
  site: InteropSite,
  entry: string,
  ready: (rows: StoredRows) => boolean,
): Promise<{ run: InteropRun; rows: StoredRows }> {
  const project = await createProject(processor.url, {
    name: `interop-${entry}`,
    allowedOrigins: [site.origin],
    rateLimitPerSecond: 1_000_000,
  });
  const run = await site.run({ entry, endpoint: { base: processor.url, ingestKey: project.ingestKey } });
  let rows = {} as StoredRows;
  try {
    await until(
      async () => ready((rows = await storedRows(processor, project.id))),
      15_000,
      `${entry}: expected rows`,
    );
  } catch (e) {
    const counts = Object.fromEntries(SIGNAL_TABLES.map((t) => [t, rows[t]?.length]));
    const detail = {
      counts,
      exports: run.exports,
      pageErrors: run.pageErrors,
      console: run.console.slice(-20),
    };
    throw new Error(`${(e as Error).message}\n${JSON.stringify(detail, null, 2)}`, { cause: e });
  }
  return { run, rows };
}

export const pathOf = (url: string): string => new URL(url).pathname;

/**
 * One interop test file's set-up: the pinned SDKs installed, a processor, the site, one run of
 * scenarios/<entry> (see runInterop), torn down after the file. Returns its result for the tests.
 */
export function useInteropScenario(
  entry: string,
  ready: (rows: StoredRows) => boolean,
): () => { run: InteropRun; rows: StoredRows } {
  let processor: RunningProcessor | undefined;
  let site: InteropSite | undefined;
  let result: { run: InteropRun; rows: StoredRows } | undefined;
  beforeAll(async () => {
    await ensureInteropSdks();
    processor = await startTestProcessor();
    site = await startInteropSite();
    result = await runInterop(processor, site, entry, ready);
  });
  afterAll(async () => {
    await site?.close();
    await processor?.stop();
  });
  return () => {
    if (!result) throw new Error(`${entry}: the interop run did not finish (see beforeAll)`);
    return result;
  };
}
