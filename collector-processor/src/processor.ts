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
import { clickhouseInserter, clickhouseProbe, InsertFailpoint } from './store/insert';
import { migrateStore } from './store/migrations';
import { BatchWriter } from './wal/batch-writer';
import { startIssueLifecycle, type IssueLifecycle } from './issues';
import { startPipeline } from './pipeline/registry';
import { createSymbolicator, type Symbolicator } from './symbolicate';
import { Wal } from './wal/wal';
import { ApiTokenStore } from './http/api-tokens';
import { IngestAdmission } from './http/ingest-admission';
import { ErasureService } from './erasure/erase';
import { startProjectPurge, type ProjectPurge } from './erasure/project-purge';
import { startInsightEngine, type RunningInsightEngine } from './insights/engine';
import { defaultDetectors, defaultNarrator } from './insights/engine/defaults';
import { createRuleSource, type AlertRules } from './alerting/rules/source';
import { loadRuleFile } from './alerting/rules/rule-file';
import { startNotify, type RunningNotify } from './alerting/notify';
import { startRuler, type RunningRuler } from './alerting/ruler';
import { storedBatchLookup } from './ingest/batch-ids-load';
import { startJobLeases, type JobLease, type JobName } from './scale/job-lease';
import { Heartbeat } from './scale/heartbeat';
import { openArtifactStore } from './symbolicate/select-store';

export interface RunningProcessor {
  url: string;
  port: number;
  store: Store;
  projects: ProjectStore;
  wal: Wal;
  writer: BatchWriter;
  metrics: Metrics;
  failpoint: InsertFailpoint;
  /** The Express app serving `url` (test/openapi-routes.test.ts lists its routes). */
  app: ReturnType<typeof createApp>;
  symbolicator: Symbolicator;
  lifecycle: IssueLifecycle;
  erasure: ErasureService;
  projectPurge: ProjectPurge;
  /** The insight engine (docs/insights.md "Engine"); `runOnce` evaluates on demand. */
  insights: RunningInsightEngine;
  /** Alert rules: the RuleSource the ruler reads (file + API rules, overrides); set `tester` for POST …/test. */
  alertRules: AlertRules;
  /** Alert delivery: `outbox` (the ruler's NotificationOutbox), `receivers` (its ReceiverSource), `loop`. */
  notify: RunningNotify;
  /** The alert ruler (docs/alerting.md "The processor's ruler"); `runOnce(now)` evaluates on demand. */
  ruler: RunningRuler;
  /** One-per-cluster job leases (scale/job-lease.ts): which jobs this replica runs. */
  jobs: Record<JobName, JobLease>;
  /** This replica's heartbeat; its live-replica count divides the rate limits. */
  heartbeat: Heartbeat;
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
  /** A store shared with other processors in this process (tests of replicas); not closed on stop. */
  shared: { store?: Store } = {},
): Promise<RunningProcessor> {
  // Before anything opens: a bad rule file stops the start with what to fix (RuleFileError).
  const ruleFile = config.alertRulesFile ? loadRuleFile(config.alertRulesFile) : undefined;
  const store = shared.store ?? (await openStore({ ...config.clickhouse, dataDir: config.dataDir }));
  // On a server: once per cluster, under the schema-migrations lease (store/migrations.ts).
  await migrateStore(store);
  const projects = new ProjectStore(store.client, {
    rateLimitPerSecond: config.defaultRateLimitPerSecond,
    restoreWindowMs: config.projectRestoreWindowMs,
  });
  await projects.refresh();
  const apiTokens = new ApiTokenStore(store.client);
  await apiTokens.refresh();
  const metrics = createMetrics();
  const wal = Wal.open(path.resolve(config.dataDir, 'wal'), config.wal);
  // Stored batch ids, before the writer moves WAL records to ClickHouse and before traffic.
  const batches = new RecentBatches({
    windowMs: DEFAULT_BATCH_WINDOW_MS,
    maxEntries: config.batchIdsMax,
    lookup:
      config.scale.batchDedup === 'shared'
        ? storedBatchLookup(store.client, DEFAULT_BATCH_WINDOW_MS)
        : undefined,
  });
  log.debug(await loadRecentBatches(batches, store.client, wal), 'batch ids loaded');
  const failpoint = new InsertFailpoint();
  const probe = clickhouseProbe(store, failpoint);
  // Assigned once the rule source and the outbox exist (below); the hooks read it late.
  const late: { ruler?: RunningRuler } = {};
  const writer: BatchWriter = new BatchWriter(
    wal,
    clickhouseInserter(store, failpoint),
    { ...config.batch, probe },
    log,
    {
      onBatch: (rows, seconds) => {
        metrics.batchRows.observe(rows);
        metrics.insertSeconds.observe(seconds);
        metrics.writerStalledSeconds.set(0);
      },
      onInsertError: () => {
        metrics.insertFailures.inc();
        metrics.writerStalledSeconds.set((Date.now() - (writer.stalledSince() ?? Date.now())) / 1000);
      },
      onSplit: (table) => metrics.writerSplits.inc({ table }),
      onDeadLetter: (table, rows) => metrics.deadLetterRows.inc({ table }, rows),
      // The ruler starts after the writer: new issues of batches stored before it are not events.
      onStored: (tables) => late.ruler?.onStored(tables),
    },
  );
  writer.start();
  // The source map routes share the symbolicator with its stage: created here, closed after it.
  const symbolicator = createSymbolicator({
    store: await openArtifactStore({
      kind: config.scale.sourcemapStore,
      client: store.client,
      dataDir: config.dataDir,
      log,
    }),
    dataDir: config.dataDir,
    cacheBytes: config.sourcemapCacheBytes,
    log,
  });
  const pipeline = await startPipeline({
    client: store.client,
    geoipMmdb: config.geoipMmdb,
    log,
    symbolicator,
    metrics,
    cluster: store.cluster,
  });
  const jobs = startJobLeases(store.client, log, config.scale.leaseTtlMs);
  const heartbeat = new Heartbeat(store.client, config.scale.heartbeatMs, log);
  await heartbeat.start();
  const lifecycle = startIssueLifecycle({
    gate: jobs['issue-lifecycle'],
    client: store.client,
    projects,
    intervalMs: config.issueLifecycleIntervalMs,
    log,
    onTransitions: (project, changes) => late.ruler?.onIssueTransitions(project, changes),
  });
  let ready = true;
  // Not ready while stopping, when the WAL is full, or when inserts have kept failing past the
  // bound (an outage or a writer that cannot move on): the oldest rows have waited that long.
  const notReadyReason = (): string | undefined => {
    if (!ready) return 'shutting down';
    if (wal.isFull()) return 'write-ahead log is full: ClickHouse is not keeping up';
    const since = writer.stalledSince();
    if (since !== undefined && Date.now() - since > config.writerStallMs)
      return `writer stuck: ClickHouse inserts have failed for ${Math.round((Date.now() - since) / 1000)} s; accepted rows wait in the write-ahead log`;
    return undefined;
  };
  const erasure = new ErasureService({ client: store.client, wal, log, metrics, cluster: store.cluster });
  const projectPurge = startProjectPurge({
    gate: jobs['project-purge'],
    client: store.client,
    cluster: store.cluster,
    projects,
    wal,
    dataDir: config.dataDir,
    intervalMs: config.projectPurgeIntervalMs,
    log,
    metrics,
  });
  const insights = startInsightEngine({
    gate: jobs['insights-engine'],
    client: store.client,
    projects,
    detectors: defaultDetectors(),
    narrator: defaultNarrator(config, log, metrics),
    log,
    metrics,
    intervalMs: config.insights.intervalMs,
    reconcile: { resolveAfterMs: config.insights.resolveAfterMs },
  });
  const alertRules = createRuleSource({ client: store.client, file: ruleFile, log });
  const notify = startNotify({ client: store.client, intervalMs: config.alertsDeliveryMs, log });
  const runningRuler = startRuler({
    gate: jobs['alert-ruler'],
    client: store.client,
    projects,
    rules: alertRules,
    outbox: notify.outbox,
    receivers: notify.receivers,
    log,
    metrics,
    intervalMs: config.ruler.intervalMs,
    // Ticks run this long after each boundary, so rows acknowledged just before it are stored.
    settleMs: config.batch.maxWaitMs + 1000,
    appUrl: config.ruler.appUrl,
  });
  late.ruler = runningRuler;
  alertRules.tester = runningRuler.tester;
  insights.on('insight', (e) => runningRuler.onInsight(e));
  const app = createApp({
    ingest: {
      projects,
      wal,
      limiter: new RateLimiter(() => heartbeat.liveReplicas()),
      metrics,
      maxBodyBytes: config.maxBodyBytes,
      batches,
      pipeline,
    },
    client: store.client,
    tokens: {
      admin: config.adminToken,
      write: config.writeToken,
      read: config.readToken,
      stored: apiTokens,
      projects,
    },
    apiTokens,
    symbolicator,
    trustProxy: config.trustProxy,
    admission: new IngestAdmission(config.ingestAdmission),
    log,
    erasure,
    alertRules,
    notify,
    isReady: () => notReadyReason() === undefined,
    notReadyReason,
  });
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections } = config.http;
  const server = http.createServer(
    {
      // Slow senders (slowloris) are cut off: headers and the whole request have deadlines, checked
      // this often (Node checks every 30 s by default, which would stretch a 10 s deadline to 40 s).
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
      // Above a load balancer's idle timeout (often 60 s), so it never reuses a socket we closed.
      keepAliveTimeout: keepAliveTimeoutMs,
    },
    app,
  );
  server.maxConnections = maxConnections;
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
      await projectPurge.stop();
      await insights.stop();
      await runningRuler.stop();
      await notify.stop();
      // After the jobs stopped: hand their leases over at once, and leave the replica count.
      await Promise.all(Object.values(jobs).map((j) => j.stop()));
      await heartbeat.stop();
      await erasure.idle();
      await pipeline.close();
      await symbolicator.close();
      await wal.close();
      if (!shared.store) await store.close();
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
    app,
    symbolicator,
    lifecycle,
    erasure,
    projectPurge,
    insights,
    alertRules,
    notify,
    ruler: runningRuler,
    jobs,
    heartbeat,
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
