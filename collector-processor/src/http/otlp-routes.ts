import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ingest, type IngestDeps, type IngestRequest, type IngestResponse } from '../ingest/ingest-service';
import { encodeStatus } from '../otlp';
import type { Signal } from '../pipeline/types';
import type { ProjectStore } from '../projects/project-store';
import { originAllowed } from '../projects/project-store';
import type { IngestAdmission } from './ingest-admission';
import { readAdmittedBody } from './read-body';
import { keyHint, reasonOf, rejectionLogFor } from './ingest-rejections';

const ALLOWED_HEADERS = 'content-type, content-encoding, x-pulsetrace-key, x-pulsetrace-batch';

/**
 * CORS for browsers posting OTLP directly: answered only for origins some project allows. A
 * preflight carries no key, so it is checked against every project (or the `?key=` one).
 */
export function corsOriginFor(
  req: Request,
  projects: ProjectStore,
  key: string | undefined = typeof req.query.key === 'string' ? req.query.key : undefined,
): string | undefined {
  const origin = req.headers.origin;
  if (!origin) return undefined;
  if (key) {
    const project = projects.findByKey(key);
    return project && originAllowed(project, origin) ? origin : undefined;
  }
  return projects.anyAllowsOrigin(origin) ? origin : undefined;
}

export function setCors(res: Response, origin: string | undefined) {
  res.vary('Origin');
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  // navigator.sendBeacon always sends credentials: without this, the JSON beacon an SDK sends as
  // the page is hidden (Splunk RUM's last batch: its INP and CLS) fails CORS. Ingest reads no
  // cookies and the origin is echoed only when a project allows it, so this grants nothing more.
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

function queryValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** What a route reads from its request for the ingest path; the rest is common to every route. */
export type IngestFields = (
  req: Request,
) => Omit<IngestRequest, 'contentType' | 'contentEncoding' | 'body' | 'origin' | 'clientIp' | 'userAgent'>;

export interface IngestHandlerOptions {
  /** `signal` label of pulsetrace_otlp_requests_total. */
  metricSignal: string;
  /** The key CORS is answered for; the `?key=` one (or any project's origins) when absent. */
  corsKey?: (req: Request) => string | undefined;
  /** Rewrites a response before it is sent (a Faro route answers 202 where OTLP answers 200). */
  answer?: (response: IngestResponse) => IngestResponse;
}

/**
 * One ingest POST: CORS, admission within the in-flight bounds, body, the ingest path, metrics.
 * Shared by the OTLP routes and the Faro route so both get the same limits, dedup and rate limits.
 */
export function ingestHandler(
  deps: IngestDeps,
  log: Logger,
  admission: IngestAdmission,
  fields: IngestFields,
  options: IngestHandlerOptions,
) {
  const rejections = rejectionLogFor(log);
  /** Refusals at info (rate-limited): which project, and why, for "why is nothing arriving?". */
  const logRefusal = (
    req: Request,
    key: string | undefined,
    status: number,
    type: string,
    body: Buffer | string,
  ) =>
    rejections.record({
      status,
      reason: reasonOf(type, body),
      // The route's pattern, not the path: Faro's path carries the whole key.
      route: (req.route as { path?: string } | undefined)?.path ?? req.path,
      project: (key && deps.projects.findByKey(key)?.id) || keyHint(key),
      origin: req.headers.origin,
    });
  return async (req: Request, res: Response) => {
    const own = fields(req);
    setCors(res, corsOriginFor(req, deps.projects, options.corsKey?.(req)));
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
        logRefusal(req, own.key, status, read.refused.contentType, read.refused.body);
        return res.status(status).type(read.refused.contentType).send(read.refused.body);
      }
      release = read.release;
      const ingested = await ingest(
        {
          ...own,
          contentType: req.headers['content-type'],
          contentEncoding: req.headers['content-encoding'],
          body: read.body,
          origin: req.headers.origin,
          // For geo lookup and the visitor hash only (enrich stage); never stored.
          clientIp: req.ip,
          userAgent: req.headers['user-agent'],
        },
        deps,
      );
      const result = options.answer ? options.answer(ingested) : ingested;
      status = result.status;
      for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
      if (status >= 400) logRefusal(req, own.key, status, result.contentType, result.body);
      res.status(result.status).type(result.contentType).send(result.body);
    } catch (err) {
      log.error({ err }, 'ingest failed unexpectedly');
      res
        .status(500)
        .type('application/json')
        .send(encodeStatus('json', 13, 'internal error: the request was not stored; retry'));
    } finally {
      release?.();
      deps.metrics.requests.inc({ signal: options.metricSignal, code: String(status) });
      log.debug(
        { signal: options.metricSignal, status, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'ingest request',
      );
    }
  };
}

function headerValue(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
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
    const fields: IngestFields = (req) => ({
      signal,
      key:
        headerValue(req, 'x-pulsetrace-key') ??
        (typeof req.query.key === 'string' ? req.query.key : undefined),
      // sendBeacon cannot set headers: `?batch=`. A repeated parameter fails validation.
      batchId: headerValue(req, 'x-pulsetrace-batch') ?? queryValue(req.query.batch),
    });
    router.post(path, ingestHandler(deps, log, admission, fields, { metricSignal: signal }));
  }
  return router;
}
