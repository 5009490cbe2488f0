import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config';
import { createApp } from './http/app';
import { DEFAULT_BATCH_WINDOW_MS, RecentBatches } from './ingest/batch-ids';
import { loadRecentBatches } from './ingest/batch-ids-load';
import { RateLimiter } from './ingest/rate-limiter';
import { createMetrics, type Metrics } from './observability/metrics';
import { ProjectStore } from './projects/project-store';
import { openStore, type Store } from './store/clickhouse';
import { clickhouseInserter, InsertFailpoint } from './store/insert';
import { migrate } from './store/migrations';
import { BatchWriter } from './wal/batch-writer';
import { openEnricher } from './enrich';
import { fingerprint } from './fingerprint';
import { startIssueLifecycle, type IssueLifecycle } from './issues';
import { pipeline } from './pipeline/stages';
import { scrub } from './privacy';
import { createSymbolicator, type Symbolicator } from './symbolicate';
import { Wal } from './wal/wal';
import { ApiTokenStore } from './http/api-tokens';

export interface RunningProcessor {
  url: string;
  port: number;
  store: Store;
  projects: ProjectStore;
  wal: Wal;
  writer: BatchWriter;
  metrics: Metrics;
  failpoint: InsertFailpoint;
  symbolicator: Symbolicator;
  lifecycle: IssueLifecycle;
  log: Logger;
  /** Waits until everything accepted so far is in ClickHouse. */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Start-up order matters: migrate, load projects, open (and recover) the WAL, load the stored
 * batch ids (ClickHouse, then the WAL records not yet checkpointed), start the writer (which first
 * replays an interrupted batch), and only then accept traffic.
 */
export async function startProcessor(
  config: Config,
  log: Logger = pino({ level: config.logLevel }),
): Promise<RunningProcessor> {
  const store = await openStore({ ...config.clickhouse, dataDir: config.dataDir });
  await migrate(store.client);
  const projects = new ProjectStore(store.client, { rateLimitPerSecond: config.defaultRateLimitPerSecond });
  await projects.refresh();
  const apiTokens = new ApiTokenStore(store.client);
  await apiTokens.refresh();
  const metrics = createMetrics();
  const wal = Wal.open(path.resolve(config.dataDir, 'wal'), config.wal);
  // Stored batch ids, before the writer moves WAL records to ClickHouse and before traffic.
  const batches = new RecentBatches({ windowMs: DEFAULT_BATCH_WINDOW_MS, maxEntries: config.batchIdsMax });
  log.debug(await loadRecentBatches(batches, store.client, wal), 'batch ids loaded');
  const failpoint = new InsertFailpoint();
  const writer = new BatchWriter(wal, clickhouseInserter(store, failpoint), config.batch, log, {
    onBatch: (rows, seconds) => {
      metrics.batchRows.observe(rows);
      metrics.insertSeconds.observe(seconds);
    },
    onInsertError: () => metrics.insertFailures.inc(),
  });
  writer.start();
  const enricher = await openEnricher({ client: store.client, geoipMmdb: config.geoipMmdb, log });
  const symbolicator = createSymbolicator({
    dataDir: config.dataDir,
    cacheBytes: config.sourcemapCacheBytes,
    log,
  });
  const stages = pipeline({ enrich: enricher.stage, symbolicate: symbolicator.stage, scrub, fingerprint });
  const lifecycle = startIssueLifecycle({
    client: store.client,
    projects,
    intervalMs: config.issueLifecycleIntervalMs,
    log,
  });
  let ready = true;
  const app = createApp({
    ingest: {
      projects,
      wal,
      limiter: new RateLimiter(),
      metrics,
      maxBodyBytes: config.maxBodyBytes,
      batches,
      stages,
    },
    client: store.client,
    tokens: { admin: config.adminToken, write: config.writeToken, read: config.readToken, stored: apiTokens },
    apiTokens,
    symbolicator,
    trustProxy: config.trustProxy,
    log,
    isReady: () => ready && !wal.isFull(),
  });
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  // Other instances may change projects; pick their changes up without a restart.
  const refresher = setInterval(() => {
    projects.refresh().catch((err) => log.warn({ err }, 'project refresh failed'));
    apiTokens.refresh().catch((err) => log.warn({ err }, 'token refresh failed'));
  }, 10_000);
  refresher.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      clearInterval(refresher);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      const drain = writer.stop({ drain: true });
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
      await Promise.race([drain, timeout]);
      await lifecycle.stop();
      await enricher.close();
      await symbolicator.close();
      await wal.close();
      await store.close();
    })());

  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    port,
    store,
    projects,
    wal,
    writer,
    metrics,
    failpoint,
    symbolicator,
    lifecycle,
    log,
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!writer.isDrained()) {
        if (Date.now() > deadline)
          throw new Error(`WAL not drained after ${timeoutMs} ms (${wal.pendingRowCount()} rows left)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop,
  };
}
