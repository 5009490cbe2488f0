import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ingest, type IngestDeps } from '../ingest/ingest-service';
import { encodeStatus } from '../otlp';
import type { Signal } from '../pipeline/types';
import type { ProjectStore } from '../projects/project-store';
import { originAllowed } from '../projects/project-store';
import type { IngestAdmission } from './ingest-admission';
import { readAdmittedBody } from './read-body';

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

export function otlpRoutes(deps: IngestDeps, log: Logger, admission: IngestAdmission) {
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
      let release: (() => void) | undefined;
      try {
        // Admitted within the in-flight bounds before the body is read; refused requests close.
        const read = await readAdmittedBody(req, admission, deps.maxBodyBytes);
        if ('refused' in read) {
          status = read.refused.status;
          if (read.reason) deps.metrics.rejected.inc({ reason: read.reason });
          res.setHeader('Connection', 'close');
          for (const [name, value] of Object.entries(read.refused.headers)) res.setHeader(name, value);
          return res.status(status).type(read.refused.contentType).send(read.refused.body);
        }
        release = read.release;
        const body = read.body;
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
        release?.();
        deps.metrics.requests.inc({ signal, code: String(status) });
        log.debug({ signal, status, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'otlp request');
      }
    });
  }
  return router;
}
