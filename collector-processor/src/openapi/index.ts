/**
 * GET /api/openapi.json: the whole API described from the same zod schemas the routes validate
 * with (zod's own JSON Schema output, draft 2020-12 as OpenAPI 3.1 uses), one file per area.
 * Served without a token: it holds no data. test/openapi-routes.test.ts fails when a route of the
 * app has no operation here or an operation has no route; `npm test` lints docs/openapi.json with
 * Redocly (redocly.yaml).
 */
import express from 'express';
import { alertRulesArea } from '../alerting/rules/openapi';
import { alertReceiversArea } from '../alerting/notify/openapi';
import { silencesArea } from '../alerting/ruler/openapi';
import { adminArea } from './admin';
import { errors, ErrorSchema, type Area, type Json } from './common';
import { INGEST_SECURITY, ingestArea } from './ingest';
import { insightsArea } from './insights';
import { issuesArea } from './issues';
import { projectsArea } from './projects';
import { queryArea } from './query';
import { releasesArea } from './releases';

function merge(areas: Area[]) {
  const all: Area = { tags: [], schemas: {}, paths: {} };
  for (const area of areas) {
    all.tags.push(...area.tags);
    for (const [name, schema] of Object.entries(area.schemas)) {
      if (name in all.schemas) throw new Error(`two areas define the schema ${name}`);
      all.schemas[name] = schema;
    }
    for (const [path, item] of Object.entries(area.paths)) {
      if (path in all.paths) throw new Error(`two areas describe ${path}`);
      all.paths[path] = item;
    }
  }
  return all;
}

/**
 * A JSON body sent as anything else gets 415 "send JSON" before the route runs
 * (http/route-hints.ts requireJsonBody, which reads the content types from this document).
 */
function documentJsonOnly(paths: Area['paths']) {
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const op of Object.values(item) as Array<{ requestBody?: Json; responses?: Json }>) {
      const types = Object.keys((op.requestBody?.content as Json | undefined) ?? {});
      if (types.length === 1 && types[0] === 'application/json' && op.responses && !op.responses['415'])
        Object.assign(op.responses, errors('415'));
    }
  }
  return paths;
}

export function openApiDocument() {
  const { tags, schemas, paths } = merge([
    queryArea(),
    projectsArea(),
    releasesArea(),
    issuesArea(),
    insightsArea(),
    alertRulesArea(),
    alertReceiversArea(),
    silencesArea(),
    adminArea(),
    ingestArea(),
  ]);
  return {
    openapi: '3.1.0',
    info: {
      title: 'PulseTrace processor API',
      version: '1',
      description:
        'Ingest (OTLP/HTTP and Grafana Faro, authenticated by a project’s ingest key) and the API for Grafana, the CLI and admins. Authenticate API calls with `Authorization: Bearer <token>`: read tokens query, write tokens also change releases, source maps, issues and insights, admin tokens also manage projects, tokens, erasure and regrouping.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // Relative: the processor serving this document (port 4318 unless PULSETRACE_PORT says otherwise).
    servers: [{ url: '/', description: 'The processor serving this document' }],
    tags,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, ...INGEST_SECURITY },
      schemas: { Error: ErrorSchema, ...schemas },
    },
    security: [{ bearer: [] }],
    paths: documentJsonOnly(paths),
  };
}

export function openApiRoute() {
  const router = express.Router();
  let cached: unknown;
  router.get('/openapi.json', (_req, res) => {
    cached ??= openApiDocument();
    res.json(cached);
  });
  return router;
}
