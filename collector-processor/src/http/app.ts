import express from 'express';
import type { Logger } from 'pino';
import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestDeps } from '../ingest/ingest-service';
import { adminRoutes } from './admin-routes';
import type { Tokens } from './auth';
import { otlpRoutes } from './otlp-routes';
import { faroRoutes } from './faro-routes';
import { DEFAULT_ADMISSION_LIMITS, IngestAdmission } from './ingest-admission';
import { issueRoutes, releaseRoutes } from '../issues';
import { insightRoutes } from '../insights/store/routes';
import { alertRuleRoutes } from '../alerting/rules/routes';
import type { AlertRules } from '../alerting/rules/source';
import { notifyRoutes, type RunningNotify } from '../alerting/notify';
import { silenceRoutes } from '../alerting/ruler/silence-routes';
import type { Symbolicator } from '../symbolicate';
import { sourcemapRoutes } from './sourcemap-routes';
import { queryRoutes } from '../query/routes';
import { valuesRoutes } from '../query/values-routes';
import { openApiRoute } from '../query/openapi';
import type { ApiTokenStore } from './api-tokens';
import { tokenRoutes } from './token-routes';
import { deadLetterRoutes } from './dead-letter-routes';
import type { ErasureService } from '../erasure/erase';
import { erasureRoutes } from './erasure-routes';
import { requireJsonBody, unknownRoute } from './route-hints';

export interface AppDeps {
  ingest: IngestDeps;
  client: ClickHouseClient;
  tokens: Tokens;
  apiTokens: ApiTokenStore;
  symbolicator: Symbolicator;
  /** Express "trust proxy" (PULSETRACE_TRUST_PROXY): where the client IP comes from. */
  trustProxy?: string;
  log: Logger;
  /** Bounds on ingest requests in flight (PULSETRACE_INGEST_*); the defaults when absent. */
  admission?: IngestAdmission;
  /** Data-subject erasure (POST /api/v1/projects/:id/erasure); the routes are absent without it. */
  erasure?: ErasureService;
  /** Alert rules (/api/v1/projects/:id/alert-rules); the routes are absent without them. */
  alertRules?: AlertRules;
  /** Alert receivers and deliveries (/api/v1/projects/:id/receivers, …/alert-deliveries); absent without it. */
  notify?: Pick<RunningNotify, 'receivers' | 'outbox' | 'active'>;
  /** Readiness: false while starting, shutting down, or when the WAL is full. */
  isReady(): boolean;
  /** Why the processor is not ready (WAL full, writer stuck…), added to /readyz's 503 answer. */
  notReadyReason?(): string | undefined;
}

/** "true", a hop count, or a comma-separated list of addresses/subnets, as Express takes them. */
function trustProxyValue(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The Express app: thin handlers over the ingest service, project store and metrics. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy) app.set('trust proxy', trustProxyValue(deps.trustProxy));
  const admission = deps.admission ?? new IngestAdmission(DEFAULT_ADMISSION_LIMITS);
  app.use(otlpRoutes(deps.ingest, deps.log, admission));
  app.use(faroRoutes(deps.ingest, deps.log, admission));
  const { projects } = deps.ingest;
  const api = { projects, client: deps.client, tokens: deps.tokens };
  // A body a JSON route cannot read gets 415 "send JSON" rather than "field required".
  app.use('/api/v1', requireJsonBody);
  // Source map upload takes multipart bodies: mounted before the admin router's JSON parser.
  app.use('/api/v1', sourcemapRoutes({ projects, tokens: deps.tokens, symbolicator: deps.symbolicator }));
  // The query API parses its own bodies (up to 256 KB): before the routers whose JSON parsers
  // (100 KB) apply to every /api/v1 request that reaches them.
  app.use('/api/v1', queryRoutes({ ...api, log: deps.log, metrics: deps.ingest.metrics }));
  // Alert rules parse their own bodies per route (rule files reach 2 MB): before the 100 KB parsers.
  if (deps.alertRules)
    app.use('/api/v1', alertRuleRoutes({ projects, tokens: deps.tokens, rules: deps.alertRules }));
  if (deps.notify) app.use('/api/v1', notifyRoutes({ projects, tokens: deps.tokens, ...deps.notify }));
  app.use('/api/v1', silenceRoutes(api));
  // A deleted project's stored rows leave the WAL's files at once, not within the segment max age.
  const projectDeleted = () => void deps.ingest.wal.releaseStored().catch((err) => deps.log.warn({ err }));
  app.use('/api/v1', adminRoutes(projects, deps.client, deps.tokens, { projectDeleted }));
  if (deps.erasure)
    app.use('/api/v1', erasureRoutes({ projects, tokens: deps.tokens, erasure: deps.erasure }));
  app.use('/api/v1', releaseRoutes(api));
  app.use('/api/v1', issueRoutes(api));
  app.use('/api/v1', insightRoutes(api));
  app.use('/api/v1', valuesRoutes({ ...api, log: deps.log }));
  app.use('/api/v1', tokenRoutes({ tokens: deps.tokens, store: deps.apiTokens, projects }));
  app.use('/api/v1', deadLetterRoutes({ client: deps.client, tokens: deps.tokens }));
  app.use('/api', openApiRoute());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const ready = deps.isReady();
    const reason = ready ? undefined : deps.notReadyReason?.();
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', ...(reason ? { reason } : {}) });
  });
  app.get('/metrics', async (_req, res) => {
    const { metrics, wal } = deps.ingest;
    metrics.walBytes.set(wal.pendingBytes());
    metrics.queueDepth.set(wal.pendingRowCount());
    metrics.inFlightBytes.set(admission.inFlightBytes);
    metrics.inFlightRequests.set(admission.inFlightRequests);
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // No route took it: 405 with the methods the path takes, else 404 with the closest route.
  app.use(unknownRoute);
  // Malformed JSON on the admin API and anything else thrown: a clear error, the process lives on.
  app.use(
    (
      err: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      if (err.type === 'entity.parse.failed')
        return res.status(400).json({ error: 'request body is not valid JSON' });
      if (err.status && err.status < 500) return res.status(err.status).json({ error: err.message });
      deps.log.error({ err }, 'unhandled error');
      res.status(500).json({ error: 'internal error' });
    },
  );
  return app;
}
