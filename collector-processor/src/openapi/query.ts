/** The query API (docs/query-api.md): POST /api/v1/query and the values of template variables. */
import { HANDLERS, MAX_QUERIES_PER_REQUEST, querySchema } from '../query/registry';
import { VALUE_KINDS, ValuesQuery } from '../query/values';
import { errors, jsonResponse, jsonSchema, ref, type Area } from './common';

// The datasource's contract test reads components.schemas.Query and ValuesQuery: their shape is
// zod's output for the route's own schemas, unchanged.
const frame = {
  type: 'object',
  description:
    'A Grafana data frame (DataFrameJSON): schema.fields with types, units and labels; data.values by field',
  properties: {
    schema: { type: 'object' },
    data: { type: 'object', properties: { values: { type: 'array', items: { type: 'array' } } } },
  },
};

export function queryArea(): Area {
  const valuesQuery = jsonSchema(ValuesQuery) as { properties?: Record<string, unknown> };
  return {
    tags: [
      {
        name: 'query',
        description: 'Predefined queries answered as Grafana data frames, and values for variables',
      },
    ],
    schemas: { Query: jsonSchema(querySchema()), DataFrame: frame, ValuesQuery: jsonSchema(ValuesQuery) },
    paths: {
      '/api/v1/query': {
        post: {
          operationId: 'runQueries',
          tags: ['query'],
          summary: `Run one query, or up to ${MAX_QUERIES_PER_REQUEST} as {queries: [...]}`,
          description: HANDLERS.map((h) => `- \`${h.type}\`: ${h.summary}`).join('\n'),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    ref('Query'),
                    {
                      type: 'object',
                      required: ['queries'],
                      properties: {
                        queries: { type: 'array', maxItems: MAX_QUERIES_PER_REQUEST, items: ref('Query') },
                      },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '200': jsonResponse('Results keyed by refId; a query that failed carries status and error', {
              type: 'object',
              properties: {
                results: {
                  type: 'object',
                  additionalProperties: {
                    type: 'object',
                    properties: {
                      status: { type: 'integer' },
                      error: { type: 'string' },
                      frames: { type: 'array', items: ref('DataFrame') },
                    },
                  },
                },
              },
            }),
            ...errors('400', '401', '403', '404', '413'),
          },
        },
      },
      '/api/v1/projects/{id}/values/{kind}': {
        get: {
          operationId: 'listValues',
          tags: ['query'],
          summary: 'Values for template variables and filter suggestions',
          description: 'The parameters are the properties of `components.schemas.ValuesQuery`.',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: [...VALUE_KINDS] } },
            ...Object.entries(valuesQuery.properties ?? {}).map(([name, schema]) => ({
              name,
              in: 'query',
              required: false,
              schema,
            })),
          ],
          responses: {
            '200': jsonResponse('The values, most frequent first', {
              type: 'object',
              properties: {
                values: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { value: { type: 'string' }, count: { type: 'integer' } },
                  },
                },
              },
            }),
            ...errors('400', '401', '404'),
          },
        },
      },
    },
  };
}
