/**
 * Costs of the stage contract (pipeline/stages.ts, registry.ts) on the ingest hot path:
 * - enrich copying each row (copy, never mutate) against enriching the mapped rows in place, as it
 *   did before the contract;
 * - the runner's per-stage metrics (rows in/out/dropped, duration) against calling the same
 *   stages one after the other without them.
 * Rows are every captured real-SDK fixture (all tables), mapped, per request as ingest sees them;
 * the timings alternate so all see the same machine state. Embedded ClickHouse for enrich's salts.
 *
 *   node --import tsx bench/ingest/stages.ts [-- --rounds 30]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { fixtureBody, loadFixtures } from '../../collector-processor/test/helpers/fixtures';
import { openEnricher } from '../../collector-processor/src/enrich';
import { newMemo, enrichRow } from '../../collector-processor/src/enrich/row';
import { createMetrics } from '../../collector-processor/src/observability/metrics';
import { decodeOtlp } from '../../collector-processor/src/otlp';
import { mapResource } from '../../collector-processor/src/pipeline/map';
import { startPipeline } from '../../collector-processor/src/pipeline/registry';
import type { StageContext } from '../../collector-processor/src/pipeline/stages';
import type { DecodedResource } from '../../collector-processor/src/pipeline/types';
import { ProjectStore } from '../../collector-processor/src/projects/project-store';
import { openStore } from '../../collector-processor/src/store/clickhouse';
import { migrate } from '../../collector-processor/src/store/migrations';
import {
  countRows,
  SIGNAL_TABLES,
  type CommonRow,
  type RumRows,
} from '../../collector-processor/src/store/rows';
import { createSymbolicator } from '../../collector-processor/src/symbolicate';
import { cachedUserAgentParser } from '../../collector-processor/src/enrich/user-agent';
import { numberArg } from '../cli';

const ROUNDS = numberArg('rounds', 30);
const REPEAT = 20;
const log = pino({ level: 'silent' });
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-bench-stages-'));
  const store = await openStore({ database: 'pulsetrace', dataDir });
  await migrate(store.client);
  const project = await new ProjectStore(store.client, { rateLimitPerSecond: 1e9 }).create({ name: 'bench' });
  const symbolicator = createSymbolicator({ dataDir, cacheBytes: 64 << 20, log });
  const enricher = await openEnricher({ client: store.client, log });
  const pipeline = await startPipeline({ client: store.client, log, symbolicator, metrics: createMetrics() });
  const ctx: StageContext = {
    project,
    receivedAtMs: Date.now(),
    client: { ip: '8.8.8.8', userAgent: CHROME },
  };

  const resources: DecodedResource[] = [];
  for (const fixture of loadFixtures())
    resources.push(...decodeOtlp(fixture.signal, fixtureBody(fixture), fixture.request.encoding).resources);
  const mapAll = (): RumRows[] =>
    Array.from({ length: REPEAT }, () =>
      resources.map(
        (r) => mapResource(r, { projectId: project.id, retentionDays: 30, receivedAtMs: Date.now() }).rows,
      ),
    ).flat();

  // The enrich stage as it was: the same per-request facts and memo, rows changed in place.
  const tools = { parseUserAgent: cachedUserAgentParser(), geo: (ip: string) => enricher.geo.lookup(ip) };
  const enrichInPlace = (rows: RumRows) => {
    const memo = newMemo();
    const req = { senderIp: '8.8.8.8', headerUserAgent: CHROME, salt: 'a'.repeat(64), geoRegion: false };
    for (const table of SIGNAL_TABLES)
      for (const row of rows[table] as CommonRow[]) enrichRow(row, req, tools, memo);
    return rows;
  };
  const direct = async (rows: RumRows) => {
    let acc = rows;
    for (const stage of pipeline.stages) acc = await stage.run(acc, ctx);
    return acc;
  };

  const time = async (f: () => unknown): Promise<number> => {
    const start = process.hrtime.bigint();
    await f();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  let rows = 0;
  let requests = 0;
  const totals = { map: 0, enrichInPlace: 0, enrichCopy: 0, stagesDirect: 0, stagesRunner: 0 };
  for (let round = 0; round < ROUNDS + 3; round++) {
    let batches: RumRows[] = [];
    const map = await time(() => (batches = mapAll()));
    const copies = [mapAll(), mapAll(), mapAll()];
    const inPlace = await time(() => copies[0].forEach(enrichInPlace));
    const copy = await time(() => batches.forEach((b) => enricher.stage(b, ctx)));
    const stagesDirect = await time(async () => {
      for (const b of copies[1]) await direct(b);
    });
    const stagesRunner = await time(async () => {
      for (const b of copies[2]) await pipeline.run(b, ctx);
    });
    if (round < 3) continue; // warm-up
    rows += batches.reduce((n, b) => n + countRows(b), 0);
    requests += batches.length;
    totals.map += map;
    totals.enrichInPlace += inPlace;
    totals.enrichCopy += copy;
    totals.stagesDirect += stagesDirect;
    totals.stagesRunner += stagesRunner;
  }
  const perRow = (ms: number) => ((ms * 1000) / rows).toFixed(2);
  const perRequest = (ms: number) => ((ms * 1000) / requests).toFixed(1);
  console.log(
    `${rows} rows in ${requests} requests: map ${perRow(totals.map)} µs/row; ` +
      `enrich in place ${perRow(totals.enrichInPlace)}, copying ${perRow(totals.enrichCopy)} µs/row ` +
      `(+${perRow(totals.enrichCopy - totals.enrichInPlace)} µs/row); ` +
      `stages called directly ${perRequest(totals.stagesDirect)}, through the runner with metrics ` +
      `${perRequest(totals.stagesRunner)} µs/request (+${perRequest(totals.stagesRunner - totals.stagesDirect)})`,
  );
  await pipeline.close();
  await enricher.close();
  await symbolicator.close();
  await store.close();
}

void main();
