/**
 * Grafana Faro's native transport: `POST /collect/:ingestKey`, the path shape of Grafana Alloy's
 * `faro.receiver` (`/collect`), so a Faro app switches by changing its FetchTransport URL only.
 * `POST /collect` with the key in `x-api-key` (Faro's `apiKey` option) works too. The body goes
 * through the same ingest path as OTLP (admission, key/origin, rate limits, stages, WAL) with the
 * Faro decoder (faro/decode.ts); success is 202 Accepted as Alloy answers.
 */
import express, { type Request } from 'express';
import type { Logger } from 'pino';
import { decodeFaro } from '../faro/decode';
import { batchIdProblem } from '../ingest/batch-ids';
import type { IngestDeps, IngestResponse } from '../ingest/ingest-service';
import type { IngestAdmission } from './ingest-admission';
import { corsOriginFor, ingestHandler, setCors, type IngestFields } from './otlp-routes';

/** What Faro's FetchTransport sends (content-type, gzip when requestCompression is on, its
 *  session, api key and idempotency headers) and what Alloy's receiver allows (traceparent). */
export const FARO_ALLOWED_HEADERS =
  'content-type, content-encoding, x-faro-session-id, x-api-key, idempotency-key, traceparent, x-scope-orgid';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function keyOf(req: Request): string | undefined {
  const param = req.params.ingestKey;
  return (typeof param === 'string' && param) || header(req, 'x-api-key');
}

/**
 * Faro's FetchTransport sends an `Idempotency-Key` (20 random letters and digits) that its retries
 * repeat: the batch id, so a retried request is stored once. A key that is not a valid batch id
 * (another client's) is ignored rather than refused: it is not this route's protocol.
 */
function batchIdOf(req: Request): string | undefined {
  const key = header(req, 'idempotency-key');
  return key !== undefined && !batchIdProblem(key) ? key : undefined;
}

/** 202 Accepted instead of OTLP's 200; the body (with any partial success) is kept. */
function accepted(response: IngestResponse): IngestResponse {
  return response.status === 200 ? { ...response, status: 202 } : response;
}

export function faroRoutes(deps: IngestDeps, log: Logger, admission: IngestAdmission) {
  const router = express.Router();
  const fields: IngestFields = (req) => ({
    signal: 'logs',
    key: keyOf(req),
    batchId: batchIdOf(req),
    decode: decodeFaro,
  });
  for (const path of ['/collect/:ingestKey', '/collect']) {
    router.options(path, (req, res) => {
      const origin = corsOriginFor(req, deps.projects, keyOf(req));
      if (!origin) return res.status(403).end();
      setCors(res, origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', FARO_ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
    });
    router.post(
      path,
      ingestHandler(deps, log, admission, fields, { metricSignal: 'faro', corsKey: keyOf, answer: accepted }),
    );
  }
  return router;
}
