/**
 * GET /api/openapi.json: the API described from the same zod schemas the routes validate with
 * (zod's own JSON Schema output, draft 2020-12 as OpenAPI 3.1 uses). Served without a token: it
 * holds no data.
 */
import express from 'express';
import { z } from 'zod';
import { CreateToken } from '../http/token-routes';
import { HANDLERS, MAX_QUERIES_PER_REQUEST, querySchema } from './registry';
import { VALUE_KINDS, ValuesQuery } from './values';

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

const error = {
  description: 'A plain-sentence error',
  content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } } },
};

const frame = {
  type: 'object',
  description:
    'A Grafana data frame (DataFrameJSON): schema.fields with types, units and labels; data.values by field',
  properties: {
    schema: { type: 'object' },
    data: { type: 'object', properties: { values: { type: 'array', items: { type: 'array' } } } },
  },
};

export function openApiDocument() {
  const query = jsonSchema(querySchema());
  return {
    openapi: '3.1.0',
    info: {
      title: 'PulseTrace processor API',
      version: '1',
      description:
        'Query API for Grafana and the PulseTrace datasource. Authenticate with `Authorization: Bearer <token>`: read tokens query, write tokens also change releases, source maps and issues, admin tokens also manage projects and tokens.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Query: query,
        DataFrame: frame,
        CreateToken: jsonSchema(CreateToken),
        ValuesQuery: jsonSchema(ValuesQuery),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/query': {
        post: {
          summary: `Run one query, or up to ${MAX_QUERIES_PER_REQUEST} as {queries: [...]}`,
          description: HANDLERS.map((h) => `- \`${h.type}\`: ${h.summary}`).join('\n'),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/Query' },
                    {
                      type: 'object',
                      required: ['queries'],
                      properties: {
                        queries: {
                          type: 'array',
                          maxItems: MAX_QUERIES_PER_REQUEST,
                          items: { $ref: '#/components/schemas/Query' },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Results keyed by refId; a query that failed carries status and error',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      results: {
                        type: 'object',
                        additionalProperties: {
                          type: 'object',
                          properties: {
                            status: { type: 'integer' },
                            error: { type: 'string' },
                            frames: { type: 'array', items: { $ref: '#/components/schemas/DataFrame' } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            '400': error,
            '401': error,
            '403': error,
            '404': error,
          },
        },
      },
      '/api/v1/projects/{id}/values/{kind}': {
        get: {
          summary: 'Values for template variables and filter suggestions',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: [...VALUE_KINDS] } },
            ...Object.entries(
              (jsonSchema(ValuesQuery) as { properties?: Record<string, unknown> }).properties ?? {},
            ).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
          ],
          responses: {
            '200': { description: '{values: [{value, count}]}' },
            '400': error,
            '401': error,
            '404': error,
          },
        },
      },
      '/api/v1/projects': {
        get: {
          summary: 'Projects this token reaches',
          responses: { '200': { description: '{projects: [...]}' } },
        },
      },
      '/api/v1/tokens': {
        post: {
          summary:
            'Make a token for some projects (admin token for all projects only); the token is shown once',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateToken' } } },
          },
          responses: { '201': { description: 'The token and its grant' }, '400': error, '403': error },
        },
        get: {
          summary: 'List tokens (never their secrets)',
          responses: { '200': { description: '{tokens: [...]}' } },
        },
      },
      '/api/v1/tokens/{tokenId}': {
        delete: {
          summary: 'Revoke a token',
          parameters: [{ name: 'tokenId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The revoked token' }, '404': error },
        },
      },
    },
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
