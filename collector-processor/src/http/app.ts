import express from 'express';
import type { Logger } from 'pino';
import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestDeps } from '../ingest/ingest-service';
import { adminRoutes, type Tokens } from './admin-routes';
import { otlpRoutes } from './otlp-routes';

export interface AppDeps {
  ingest: IngestDeps;
  client: ClickHouseClient;
  tokens: Tokens;
  log: Logger;
  /** Readiness: false while starting, shutting down, or when the WAL is full. */
  isReady(): boolean;
}

/** The Express app: thin handlers over the ingest service, project store and metrics. */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(otlpRoutes(deps.ingest, deps.log));
  app.use('/api/v1', adminRoutes(deps.ingest.projects, deps.client, deps.tokens));
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
