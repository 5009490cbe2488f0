/**
 * Answers for requests no route takes, worded so the caller knows what to do next: the closest
 * route for a misspelled path (`POST /api/v1/querry` → "did you mean POST /api/v1/query?"), the
 * methods a path takes when the method is wrong (405), and 415 for a JSON route sent something
 * else (curl's `-d` sends form encoding, which would otherwise surface as "field required").
 * The routes come from the OpenAPI document, which a test keeps equal to the app's routes.
 */
import type { NextFunction, Request, Response } from 'express';
import { distance } from 'fastest-levenshtein';
import { openApiDocument } from '../openapi';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'] as const;

interface KnownRoute {
  /** `/api/v1/projects/{id}`, as the document names it. */
  template: string;
  segments: string[];
  /** Upper-case methods the path takes. */
  methods: string[];
  /** Per method: the body content types the operation takes (none when it takes no body). */
  bodyTypes: Map<string, string[]>;
}

let known: KnownRoute[] | undefined;

/** The document's routes, built once (the document is built from the zod schemas). */
export function knownRoutes(): KnownRoute[] {
  known ??= Object.entries(openApiDocument().paths as Record<string, Record<string, unknown>>).map(
    ([template, item]) => {
      const bodyTypes = new Map<string, string[]>();
      const methods: string[] = [];
      for (const method of METHODS) {
        const op = item[method] as { requestBody?: { content?: Record<string, unknown> } } | undefined;
        if (!op) continue;
        methods.push(method.toUpperCase());
        bodyTypes.set(method.toUpperCase(), Object.keys(op.requestBody?.content ?? {}));
      }
      return { template, segments: splitPath(template), methods, bodyTypes };
    },
  );
  return known;
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route whose template matches the path exactly (a `{param}` matches any one segment). */
function exactRoute(path: string): KnownRoute | undefined {
  const segments = splitPath(path);
  return knownRoutes().find(
    (r) =>
      r.segments.length === segments.length &&
      r.segments.every((s, i) => isParam(s) || s.toLowerCase() === segments[i].toLowerCase()),
  );
}

/**
 * Edit distance over segments: a segment is substituted at its spelling distance (free against a
 * `{param}`), inserted or deleted at its length, so `/api/query` is 2 from `/api/v1/query`.
 */
function pathDistance(template: string[], actual: string[]): number {
  const cost = (s: string) => (isParam(s) ? 1 : s.length);
  let previous = [0];
  for (let j = 1; j <= actual.length; j++) previous[j] = previous[j - 1] + actual[j - 1].length;
  for (let i = 1; i <= template.length; i++) {
    const row = [previous[0] + cost(template[i - 1])];
    for (let j = 1; j <= actual.length; j++) {
      const t = template[i - 1];
      const sub = isParam(t) ? 0 : distance(t.toLowerCase(), actual[j - 1].toLowerCase());
      row[j] = Math.min(previous[j - 1] + sub, previous[j] + cost(t), row[j - 1] + actual[j - 1].length);
    }
    previous = row;
  }
  return previous[actual.length];
}

/** The template with the request's own values in its `{param}` segments when they line up. */
function filled(route: KnownRoute, actual: string[]): string {
  if (route.segments.length !== actual.length) return route.template;
  return '/' + route.segments.map((s, i) => (isParam(s) ? decodeSegment(actual[i]) : s)).join('/');
}

/** "did you mean …?" for a path no route takes, or undefined when nothing is close. */
export function suggestRoute(method: string, path: string): string | undefined {
  const actual = splitPath(path);
  const literalLength = (r: KnownRoute) => r.segments.filter((s) => !isParam(s)).join('/').length;
  let best: { route: KnownRoute; method: string; score: number } | undefined;
  for (const route of knownRoutes()) {
    const d = pathDistance(route.segments, actual);
    // A typo, not another route: within a quarter of the route's fixed text (at least 2).
    if (d > Math.max(2, Math.floor(literalLength(route) / 4))) continue;
    const sameMethod = route.methods.includes(method);
    if (d === 0 && sameMethod) continue; // documented but not served here: no use suggesting it
    // The same method wins a tie; another method costs one edit.
    const score = d + (sameMethod ? 0 : 1);
    if (!best || score < best.score)
      best = { route, method: sameMethod ? method : route.methods.filter((m) => m !== 'OPTIONS')[0], score };
  }
  return best && `did you mean ${best.method} ${filled(best.route, actual)}?`;
}

/** The final handler: 405 with the methods a known path takes, else 404 with a suggestion. */
export function unknownRoute(req: Request, res: Response) {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const route = exactRoute(req.path);
  // A documented route this processor does not serve (erasure without its service) is a 404.
  if (route && !route.methods.includes(method)) {
    const allowed = route.methods.join(', ');
    res.setHeader('Allow', allowed);
    return res.status(405).json({ error: `${route.template} takes ${allowed}, not ${req.method}` });
  }
  const hint =
    suggestRoute(method, req.path) ?? 'OTLP goes to POST /v1/traces or /v1/logs, the API is under /api/v1';
  res.status(404).json({
    error: `no route ${req.method} ${req.path.slice(0, 200)}: ${hint} (every route: GET /api/openapi.json)`,
  });
}

const JSON_TYPE = 'application/json';

/**
 * 415 for a body a JSON route cannot read. Only requests that carry a body, to a route whose
 * operation takes JSON and nothing else; routes taking other types (source maps) check their own.
 */
export function requireJsonBody(req: Request, res: Response, next: NextFunction) {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody(req)) return next();
  const types = exactRoute(req.originalUrl.split('?')[0])?.bodyTypes.get(req.method);
  if (!types || types.length !== 1 || types[0] !== JSON_TYPE || req.is(JSON_TYPE)) return next();
  const sent = req.headers['content-type'];
  res.status(415).json({
    error: `send JSON: content-type: ${JSON_TYPE} (this request has ${sent ? `content-type: ${sent.slice(0, 100)}` : 'no content-type'})`,
  });
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}
