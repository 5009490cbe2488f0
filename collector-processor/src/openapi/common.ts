/**
 * Pieces every area of the OpenAPI document uses: zod → JSON Schema, parameters, bodies and the
 * error answer. Request schemas always come from the zod objects the routes parse with; response
 * shapes are written here next to the views that produce them (the routes have no zod for those).
 */
import { z } from 'zod';

export type Json = Record<string, unknown>;

/** zod's own JSON Schema output, draft 2020-12 as OpenAPI 3.1 uses, for what a client sends. */
export const jsonSchema = (schema: z.ZodType): Json =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The error answer of every API route: a plain sentence, and for invalid input each problem. */
export const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'What is wrong and what to send instead' },
    issues: {
      type: 'array',
      description: 'For invalid input: each problem with the field it is about',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const ERROR_TEXT: Record<string, string> = {
  '400': 'Invalid input: the error names the field and what is expected',
  '401': 'No token, or an unknown one',
  '403': 'The token’s scope does not allow this',
  '404': 'No such project (or the token does not reach it), or no such item',
  '409': 'The change conflicts with the item’s state (or another project has that name)',
  '410': 'Gone: the restore window has passed',
  '413': 'The body is over the size limit',
  '415': 'The content type is not one this route reads',
  '501': 'Not supported in this deployment (the error says why and what to do instead)',
};

/** `{error}` answers for these status codes. */
export function errors(...codes: string[]): Record<string, Json> {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      { description: ERROR_TEXT[code], content: { 'application/json': { schema: ref('Error') } } },
    ]),
  );
}

/** A JSON answer; `schema` is a JSON Schema (or a $ref). */
export const jsonResponse = (description: string, schema: Json) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A JSON request body parsed with `schema`; `optional` when the route accepts none. */
export function jsonBody(schema: z.ZodType | Json, { optional = false } = {}) {
  return {
    required: !optional,
    content: {
      'application/json': { schema: schema instanceof z.ZodType ? jsonSchema(schema) : schema },
    },
  };
}

export function pathParam(name: string, description: string, schema: Json = { type: 'string' }) {
  return { name, in: 'path', required: true, description, schema };
}

export const PROJECT_ID = pathParam(
  'id',
  'Project id, or its name when exactly one live project has it (docs/query-api.md)',
);

/** The query parameters a zod object schema parses (`req.query`), one parameter per property. */
export function queryParams(schema: z.ZodType) {
  const s = jsonSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: s.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** An ISO 8601 string or null, as the views write times. */
export const isoOrNull = { type: ['string', 'null'], format: 'date-time' };
export const iso = { type: 'string', format: 'date-time' };

/** Operations with no security: anyone may call them (they hold no data). */
export const PUBLIC: Json[] = [];

/** One operation: its id, one tag, a summary, and the rest (parameters, body, responses…). */
export function operation(operationId: string, tag: string, summary: string, rest: Json): Json {
  return { operationId, tags: [tag], summary, ...rest };
}

export interface Area {
  tags: Array<{ name: string; description: string }>;
  schemas: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
}
