import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ingest, type IngestDeps } from '../ingest/ingest-service';
import { encodeStatus } from '../otlp';
import type { Signal } from '../pipeline/types';
import type { ProjectStore } from '../projects/project-store';
import { originAllowed } from '../projects/project-store';
import { BodyTooLargeError, readRawBody } from './read-body';

const ALLOWED_HEADERS = 'content-type, content-encoding, x-pulsetrace-key, x-pulsetrace-batch';

/**
 * CORS for browsers posting OTLP directly: answered only for origins some project allows. A
 * preflight carries no key, so it is checked against every project (or the `?key=` one).
 */
function corsOriginFor(req: Request, projects: ProjectStore): string | undefined {
  const origin = req.headers.origin;
  if (!origin) return undefined;
  const key = typeof req.query.key === 'string' ? req.query.key : undefined;
  if (key) {
    const project = projects.findByKey(key);
    return project && originAllowed(project, origin) ? origin : undefined;
  }
  return projects.anyAllowsOrigin(origin) ? origin : undefined;
}

function setCors(res: Response, origin: string | undefined) {
  res.vary('Origin');
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

function queryValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function otlpRoutes(deps: IngestDeps, log: Logger) {
  const router = express.Router();
  for (const signal of ['traces', 'logs'] as Signal[]) {
    const path = `/v1/${signal}`;
    router.options(path, (req, res) => {
      const origin = corsOriginFor(req, deps.projects);
      if (!origin) return res.status(403).end();
      setCors(res, origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
    });
    router.post(path, async (req, res) => {
      setCors(res, corsOriginFor(req, deps.projects));
      const started = process.hrtime.bigint();
      let status = 500;
      try {
        let body: Buffer;
        try {
          body = await readRawBody(req, deps.maxBodyBytes);
        } catch (err) {
          if (!(err instanceof BodyTooLargeError)) throw err;
          status = 413;
          res.setHeader('Connection', 'close');
          return res
            .status(413)
            .type('application/json')
            .send(encodeStatus('json', 3, err.message));
        }
        const headerKey = req.headers['x-pulsetrace-key'];
        const headerBatch = req.headers['x-pulsetrace-batch'];
        const result = await ingest(
          {
            signal,
            contentType: req.headers['content-type'],
            contentEncoding: req.headers['content-encoding'],
            body,
            key:
              (typeof headerKey === 'string' ? headerKey : undefined) ??
              (typeof req.query.key === 'string' ? req.query.key : undefined),
            origin: req.headers.origin,
            // sendBeacon cannot set headers: `?batch=`. A repeated parameter fails validation.
            batchId: typeof headerBatch === 'string' ? headerBatch : queryValue(req.query.batch),
            // For geo lookup and the visitor hash only (enrich stage); never stored.
            clientIp: req.ip,
            userAgent: req.headers['user-agent'],
          },
          deps,
        );
        status = result.status;
        for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
        res.status(result.status).type(result.contentType).send(result.body);
      } catch (err) {
        log.error({ err }, 'ingest failed unexpectedly');
        res
          .status(500)
          .type('application/json')
          .send(encodeStatus('json', 13, 'internal error: the request was not stored; retry'));
      } finally {
        deps.metrics.requests.inc({ signal, code: String(status) });
        log.debug({ signal, status, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'otlp request');
      }
    });
  }
  return router;
}
