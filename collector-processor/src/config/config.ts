import crypto from 'node:crypto';
import { z } from 'zod';
import type { LlmConfig } from '../insights/narrative/client';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Bearer tokens are compared exactly: whitespace (a newline from a secrets file) is an error. */
const optionalToken = optionalString.refine(
  (v) => v === undefined || !/\s/.test(v),
  'a token must not contain whitespace (check for a trailing newline)',
);

/** Environment variables the processor reads, with defaults fit for `npm start` on a laptop. */
const EnvSchema = z.object({
  PULSETRACE_PORT: port.default(4318),
  PULSETRACE_HOST: z.string().default('0.0.0.0'),
  PULSETRACE_DATA_DIR: z.string().default('./data'),
  PULSETRACE_ADMIN_TOKEN: optionalToken,
  PULSETRACE_READ_TOKEN: optionalToken,
  PULSETRACE_WRITE_TOKEN: optionalToken,
  /** A MaxMind-format .mmdb (e.g. GeoLite2-City) instead of the bundled country database. */
  PULSETRACE_GEOIP_MMDB: optionalString,
  /** Express "trust proxy" value; when set, the client IP comes from X-Forwarded-For. */
  PULSETRACE_TRUST_PROXY: optionalString,
  PULSETRACE_SOURCEMAP_CACHE_BYTES: positiveInt.default(256 * 1024 * 1024),
  /** Replicas (docs/scaling.md "Shared state"): where source maps live; `fs` = this replica's data dir. */
  PULSETRACE_SOURCEMAP_STORE: z.enum(['clickhouse', 'fs']).default('clickhouse'),
  /** Batch ids also looked up in ClickHouse on a local miss; default on with CLICKHOUSE_URL. */
  PULSETRACE_BATCH_DEDUP: z.enum(['local', 'shared']).optional(),
  /** One-per-cluster jobs (lifecycle, insights, ruler, purge, delivery): lease time-to-live. */
  PULSETRACE_LEASE_TTL_MS: z.coerce.number().int().min(1800).default(15_000),
  /** How often a replica writes its heartbeat (live replicas divide the rate limits). */
  PULSETRACE_HEARTBEAT_MS: positiveInt.default(5_000),
  PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: positiveInt.default(10_000),
  /** How often the insight engine evaluates every project (docs/insights.md "Engine"); 0: never. */
  PULSETRACE_INSIGHTS_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** An open insight its detector has not proposed for this long is resolved by the engine. */
  PULSETRACE_INSIGHTS_RESOLVE_AFTER_MS: positiveInt.default(15 * 60_000),
  PULSETRACE_LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default('info'),
  PULSETRACE_MAX_BODY_BYTES: positiveInt.default(5 * 1024 * 1024),
  PULSETRACE_WAL_MAX_BYTES: positiveInt.default(1024 * 1024 * 1024),
  PULSETRACE_WAL_SEGMENT_BYTES: positiveInt.default(64 * 1024 * 1024),
  /** A WAL segment is closed after this long, and deleted once its rows are stored. */
  PULSETRACE_WAL_SEGMENT_MAX_AGE_MS: positiveInt.default(60_000),
  /** A deleted project can be restored for this long; then its data is removed. */
  PULSETRACE_PROJECT_RESTORE_WINDOW_MS: positiveInt.default(7 * 86_400_000),
  /** How often deleted projects past their restore window are looked for and purged. */
  PULSETRACE_PROJECT_PURGE_INTERVAL_MS: positiveInt.default(600_000),
  PULSETRACE_BATCH_MAX_ROWS: positiveInt.default(10_000),
  PULSETRACE_BATCH_MAX_BYTES: positiveInt.default(4 * 1024 * 1024),
  PULSETRACE_BATCH_MIN_ROWS: positiveInt.default(1_000),
  PULSETRACE_BATCH_MAX_WAIT_MS: positiveInt.default(1_000),
  /** /readyz answers 503 once inserts have kept failing this long (the writer is stuck). */
  PULSETRACE_WRITER_STALL_MS: positiveInt.default(120_000),
  PULSETRACE_DEFAULT_RATE_LIMIT: positiveInt.default(10_000),
  PULSETRACE_BATCH_IDS_MAX: positiveInt.default(200_000),
  PULSETRACE_SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /** Ingest admission (src/http/ingest-admission.ts): bodies held and requests in flight at once. */
  PULSETRACE_INGEST_MAX_INFLIGHT_BYTES: positiveInt.default(64 * 1024 * 1024),
  PULSETRACE_INGEST_MAX_CONCURRENT: positiveInt.default(64),
  /** HTTP connection limits (Node's defaults are 60 s for headers and 300 s per request). */
  PULSETRACE_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  PULSETRACE_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  PULSETRACE_KEEPALIVE_TIMEOUT_MS: positiveInt.default(65_000),
  PULSETRACE_MAX_CONNECTIONS: positiveInt.default(4096),
  /** Optional LLM narrative of insight cards (docs/insights.md "Narrative"); off without a base URL. */
  PULSETRACE_LLM_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PULSETRACE_LLM_MODEL: optionalString,
  PULSETRACE_LLM_API_KEY: optionalToken,
  PULSETRACE_LLM_TIMEOUT_MS: positiveInt.default(10_000),
  PULSETRACE_LLM_MAX_INPUT_BYTES: positiveInt.default(8 * 1024),
  PULSETRACE_LLM_MAX_TOKENS: positiveInt.default(300),
  /** A rule file (JSON or YAML RuleFile, docs/alerting.md "Rule API and CLI"); unset: no file rules. */
  PULSETRACE_ALERT_RULES_FILE: optionalString,
  /** How often the alert delivery loop runs (docs/alerting.md "Receivers and delivery"); 0: never. */
  PULSETRACE_ALERTS_DELIVERY_MS: z.coerce.number().int().min(0).default(1000),
  /** How often the alert ruler's tick runs (docs/alerting.md "The processor's ruler"); 0: never. */
  PULSETRACE_ALERTS_INTERVAL_MS: z.coerce.number().int().min(0).default(10_000),
  /** Absolute base URL of Grafana for links in notifications (the app's issue, insight, rule pages). */
  PULSETRACE_ALERTS_APP_URL: z
    .url({ error: 'a URL, e.g. https://grafana.example.com' })
    .default('http://localhost:3000'),
  CLICKHOUSE_URL: optionalString,
  CLICKHOUSE_USER: optionalString,
  CLICKHOUSE_PASSWORD: optionalString,
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('pulsetrace'),
  /**
   * A cluster in the server's remote_servers (docs/scaling.md): set, the schema is created
   * ReplicatedMergeTree + Distributed with migrations ON CLUSTER; empty, one node.
   */
  CLICKHOUSE_CLUSTER: optionalString.refine((v) => v === undefined || /^[A-Za-z_][A-Za-z0-9_]*$/.test(v), {
    message: 'a cluster name from remote_servers: letters, digits and underscores',
  }),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminToken: string;
  /** True when no admin token was configured and one was generated for this run. */
  adminTokenGenerated: boolean;
  readToken?: string;
  writeToken?: string;
  geoipMmdb?: string;
  trustProxy?: string;
  /** Parsed source maps kept in memory, bounded by their estimated heap size. */
  sourcemapCacheBytes: number;
  /** Sharing between replicas (docs/scaling.md "Shared state"). */
  scale: {
    sourcemapStore: 'clickhouse' | 'fs';
    batchDedup: 'local' | 'shared';
    leaseTtlMs: number;
    heartbeatMs: number;
  };
  /** How often resolved and ignored issues are checked for regressions and wake-ups. */
  issueLifecycleIntervalMs: number;
  /** The insight engine: evaluation interval (0: off) and the delay before a quiet card is resolved. */
  insights: { intervalMs: number; resolveAfterMs: number };
  logLevel: string;
  maxBodyBytes: number;
  wal: { maxBytes: number; segmentBytes: number; segmentMaxAgeMs: number };
  /** Soft-deleted projects: how long they can be restored, how often the purge pass runs. */
  projectRestoreWindowMs: number;
  projectPurgeIntervalMs: number;
  batch: { maxRows: number; maxBytes: number; minRows: number; maxWaitMs: number };
  /** Failing inserts for longer than this make /readyz answer 503 with the reason. */
  writerStallMs: number;
  defaultRateLimitPerSecond: number;
  /** Stored batch ids remembered (last 24 h, at most this many) to answer resent batches. */
  batchIdsMax: number;
  shutdownTimeoutMs: number;
  /** Bounds on ingest requests in flight: body bytes (wire + decompressed) and request count. */
  ingestAdmission: { maxInFlightBytes: number; maxConcurrentRequests: number };
  /** HTTP server limits: slow clients are cut off, idle keep-alive sockets closed, sockets capped. */
  http: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
  clickhouse: { url?: string; user?: string; password?: string; database: string; cluster?: string };
  /** The insight narrative's OpenAI-compatible endpoint; `baseUrl` unset means off. */
  llm: LlmConfig;
  /** Alert rule file read and checked at start (PULSETRACE_ALERT_RULES_FILE); undefined: none. */
  alertRulesFile?: string;
  /** Alert delivery loop interval (PULSETRACE_ALERTS_DELIVERY_MS); 0: this replica never delivers. */
  alertsDeliveryMs: number;
  /** The alert ruler: tick interval (PULSETRACE_ALERTS_INTERVAL_MS, 0: never) and Grafana's base URL for links. */
  ruler: { intervalMs: number; appUrl: string };
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(
      `invalid configuration: ${problems}. Fix the environment variables and start again.`,
    );
  }
  const e = parsed.data;
  if (e.PULSETRACE_HEADERS_TIMEOUT_MS > e.PULSETRACE_REQUEST_TIMEOUT_MS)
    throw new ConfigError(
      'invalid configuration: PULSETRACE_HEADERS_TIMEOUT_MS must not exceed PULSETRACE_REQUEST_TIMEOUT_MS (the request timeout includes the headers). Fix the environment variables and start again.',
    );
  if (e.PULSETRACE_LLM_BASE_URL && !e.PULSETRACE_LLM_MODEL)
    throw new ConfigError(
      'invalid configuration: PULSETRACE_LLM_MODEL must name the model when PULSETRACE_LLM_BASE_URL is set (e.g. llama3.2 for Ollama). Fix the environment variables and start again.',
    );
  const adminToken = e.PULSETRACE_ADMIN_TOKEN ?? `pt_admin_${crypto.randomBytes(24).toString('base64url')}`;
  return {
    port: e.PULSETRACE_PORT,
    host: e.PULSETRACE_HOST,
    dataDir: e.PULSETRACE_DATA_DIR,
    adminToken,
    adminTokenGenerated: e.PULSETRACE_ADMIN_TOKEN === undefined,
    readToken: e.PULSETRACE_READ_TOKEN,
    writeToken: e.PULSETRACE_WRITE_TOKEN,
    geoipMmdb: e.PULSETRACE_GEOIP_MMDB,
    trustProxy: e.PULSETRACE_TRUST_PROXY,
    sourcemapCacheBytes: e.PULSETRACE_SOURCEMAP_CACHE_BYTES,
    scale: {
      sourcemapStore: e.PULSETRACE_SOURCEMAP_STORE,
      // The embedded engine serves one process: nothing else can have stored the batch.
      batchDedup: e.PULSETRACE_BATCH_DEDUP ?? (e.CLICKHOUSE_URL ? 'shared' : 'local'),
      leaseTtlMs: e.PULSETRACE_LEASE_TTL_MS,
      heartbeatMs: e.PULSETRACE_HEARTBEAT_MS,
    },
    issueLifecycleIntervalMs: e.PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS,
    insights: {
      intervalMs: e.PULSETRACE_INSIGHTS_INTERVAL_MS,
      resolveAfterMs: e.PULSETRACE_INSIGHTS_RESOLVE_AFTER_MS,
    },
    logLevel: e.PULSETRACE_LOG_LEVEL,
    maxBodyBytes: e.PULSETRACE_MAX_BODY_BYTES,
    wal: {
      maxBytes: e.PULSETRACE_WAL_MAX_BYTES,
      segmentBytes: e.PULSETRACE_WAL_SEGMENT_BYTES,
      segmentMaxAgeMs: e.PULSETRACE_WAL_SEGMENT_MAX_AGE_MS,
    },
    projectRestoreWindowMs: e.PULSETRACE_PROJECT_RESTORE_WINDOW_MS,
    projectPurgeIntervalMs: e.PULSETRACE_PROJECT_PURGE_INTERVAL_MS,
    batch: {
      maxRows: e.PULSETRACE_BATCH_MAX_ROWS,
      maxBytes: e.PULSETRACE_BATCH_MAX_BYTES,
      minRows: e.PULSETRACE_BATCH_MIN_ROWS,
      maxWaitMs: e.PULSETRACE_BATCH_MAX_WAIT_MS,
    },
    writerStallMs: e.PULSETRACE_WRITER_STALL_MS,
    defaultRateLimitPerSecond: e.PULSETRACE_DEFAULT_RATE_LIMIT,
    batchIdsMax: e.PULSETRACE_BATCH_IDS_MAX,
    shutdownTimeoutMs: e.PULSETRACE_SHUTDOWN_TIMEOUT_MS,
    ingestAdmission: {
      maxInFlightBytes: e.PULSETRACE_INGEST_MAX_INFLIGHT_BYTES,
      maxConcurrentRequests: e.PULSETRACE_INGEST_MAX_CONCURRENT,
    },
    http: {
      headersTimeoutMs: e.PULSETRACE_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.PULSETRACE_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.PULSETRACE_KEEPALIVE_TIMEOUT_MS,
      maxConnections: e.PULSETRACE_MAX_CONNECTIONS,
    },
    clickhouse: {
      url: e.CLICKHOUSE_URL,
      user: e.CLICKHOUSE_USER,
      password: e.CLICKHOUSE_PASSWORD,
      database: e.CLICKHOUSE_DATABASE,
      cluster: e.CLICKHOUSE_CLUSTER,
    },
    llm: {
      baseUrl: e.PULSETRACE_LLM_BASE_URL,
      model: e.PULSETRACE_LLM_MODEL ?? '',
      apiKey: e.PULSETRACE_LLM_API_KEY,
      timeoutMs: e.PULSETRACE_LLM_TIMEOUT_MS,
      maxInputBytes: e.PULSETRACE_LLM_MAX_INPUT_BYTES,
      maxTokens: e.PULSETRACE_LLM_MAX_TOKENS,
    },
    alertRulesFile: e.PULSETRACE_ALERT_RULES_FILE,
    alertsDeliveryMs: e.PULSETRACE_ALERTS_DELIVERY_MS,
    ruler: { intervalMs: e.PULSETRACE_ALERTS_INTERVAL_MS, appUrl: e.PULSETRACE_ALERTS_APP_URL },
  };
}
