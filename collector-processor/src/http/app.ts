import express from 'express';
import type { Logger } from 'pino';
import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestDeps } from '../ingest/ingest-service';
import { adminRoutes } from './admin-routes';
import type { Tokens } from './auth';
import { otlpRoutes } from './otlp-routes';
import { issueRoutes, releaseRoutes } from '../issues';
import type { Symbolicator } from '../symbolicate';
import { sourcemapRoutes } from './sourcemap-routes';
import { queryRoutes } from '../query/routes';
import { valuesRoutes } from '../query/values-routes';
import { openApiRoute } from '../query/openapi';
import type { ApiTokenStore } from './api-tokens';
import { tokenRoutes } from './token-routes';

export interface AppDeps {
  ingest: IngestDeps;
  client: ClickHouseClient;
  tokens: Tokens;
  apiTokens: ApiTokenStore;
  symbolicator: Symbolicator;
  /** Express "trust proxy" (PULSETRACE_TRUST_PROXY): where the client IP comes from. */
  trustProxy?: string;
  log: Logger;
  /** Readiness: false while starting, shutting down, or when the WAL is full. */
  isReady(): boolean;
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
  app.use(otlpRoutes(deps.ingest, deps.log));
  const { projects } = deps.ingest;
  const api = { projects, client: deps.client, tokens: deps.tokens };
  // Source map upload takes multipart bodies: mounted before the admin router's JSON parser.
  app.use('/api/v1', sourcemapRoutes({ projects, tokens: deps.tokens, symbolicator: deps.symbolicator }));
  app.use('/api/v1', adminRoutes(projects, deps.client, deps.tokens));
  app.use('/api/v1', releaseRoutes(api));
  app.use('/api/v1', issueRoutes(api));
  app.use('/api/v1', queryRoutes({ ...api, log: deps.log }));
  app.use('/api/v1', valuesRoutes({ ...api, log: deps.log }));
  app.use('/api/v1', tokenRoutes({ tokens: deps.tokens, store: deps.apiTokens, projects }));
  app.use('/api', openApiRoute());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const ready = deps.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_req, res) => {
    const { metrics, wal } = deps.ingest;
    metrics.walBytes.set(wal.pendingBytes());
    metrics.queueDepth.set(wal.pendingRowCount());
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use((_req, res) => {
    res
      .status(404)
      .json({ error: 'not found: OTLP goes to POST /v1/traces or /v1/logs, the API is under /api/v1' });
  });
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
