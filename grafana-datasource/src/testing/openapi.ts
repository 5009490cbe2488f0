/**
 * The processor's API contract as the contract tests read it: docs/openapi.json, generated from
 * the processor's zod schemas by `npm run openapi` (the processor's openapi.test.ts fails when the
 * file is stale, so reading it here is reading the processor's code).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface JsonSchema {
  const?: unknown;
  enum?: unknown[];
  type?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  $ref?: string;
}

interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query';
  schema: JsonSchema;
}

export const OPENAPI_FILE = path.resolve(__dirname, '../../../docs/openapi.json');

export const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'));

/** A schema, or what its `$ref` (`#/components/…`) points at. */
export function resolve<T extends object>(node: T | { $ref: string }): T {
  if (!('$ref' in node) || typeof node.$ref !== 'string') {
    return node as T;
  }
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at: Record<string, unknown>, key) => at[key] as Record<string, unknown>, doc);
  return resolve(target as T);
}

/** One schema per query type (`components.schemas.Query.oneOf`), by its `type` constant. */
export const queryVariants = new Map<string, JsonSchema>(
  (doc.components.schemas.Query.oneOf as JsonSchema[]).map((v) => [v.properties!.type!.const as string, v])
);

export function variant(type: string): JsonSchema & { properties: Record<string, JsonSchema> } {
  const v = queryVariants.get(type);
  if (!v?.properties) {
    throw new Error(`docs/openapi.json has no query type ${type}`);
  }
  return { ...v, properties: v.properties };
}

/** The values a schema allows: an enum, or consts in an anyOf (zod literals). */
export function allowed(schema: JsonSchema | undefined): unknown[] {
  if (!schema) {
    return [];
  }
  if (schema.enum) {
    return schema.enum;
  }
  if (schema.anyOf) {
    return schema.anyOf.flatMap((s) => (s.const === undefined ? allowed(s) : [s.const]));
  }
  return schema.const === undefined ? [] : [schema.const];
}

/** A filter's value list (filters take one value or a list: the list branch of the anyOf). */
export function filterList(schema: JsonSchema): JsonSchema {
  const list = schema.anyOf?.find((s) => s.type === 'array');
  if (!list) {
    throw new Error('a filter takes one value or a list of values');
  }
  return list;
}

/** POST /api/v1/query's batch form: `{queries: [...]}`, with its maxItems. */
export function queryBatchSchema(): JsonSchema {
  const request = resolve(doc.paths['/api/v1/query'].post.requestBody);
  const body = resolve<JsonSchema>(request.content['application/json'].schema);
  const batch = body.oneOf?.map((s) => resolve(s)).find((s) => s.properties?.queries);
  return resolve(batch!.properties!.queries!);
}

/** GET /api/v1/projects/{id}/values/{kind}: the kinds, and the query parameters by name. */
export function valuesRoute(): { kinds: string[]; params: Map<string, JsonSchema> } {
  const parameters = (doc.paths['/api/v1/projects/{id}/values/{kind}'].get.parameters as Parameter[]).map((p) =>
    resolve(p)
  );
  const kind = parameters.find((p) => p.in === 'path' && p.name === 'kind')!;
  const query: JsonSchema = doc.components.schemas.ValuesQuery;
  return { kinds: allowed(resolve(kind.schema)) as string[], params: new Map(Object.entries(query.properties!)) };
}
