/**
 * The plugin's query catalog against the processor's API contract (docs/openapi.json, generated
 * from the processor's zod schemas by `npm run openapi`; the processor's tests fail when it is
 * stale). Every query type, option, allowed value, filter key and group-by dimension the editor
 * offers must be one the processor accepts, and every type the processor has must be offered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DIMENSIONS, FILTER_KEYS, PERCENTILES, QUERY_TYPES } from '../types';
import { TYPE_INFO } from './catalog';

interface JsonSchema {
  const?: unknown;
  enum?: unknown[];
  type?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  propertyNames?: JsonSchema;
}

const doc = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8'));
const variants: JsonSchema[] = doc.components.schemas.Query.oneOf;
const byType = new Map(variants.map((v) => [v.properties!.type!.const as string, v]));

/** The values a schema allows: an enum, or consts in an anyOf (zod literals). */
function allowed(schema: JsonSchema | undefined): unknown[] {
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

describe('query catalog ↔ processor API (docs/openapi.json)', () => {
  it('offers exactly the processor’s query types', () => {
    expect([...QUERY_TYPES].sort()).toEqual([...byType.keys()].sort());
  });

  it.each([...QUERY_TYPES])('%s: every option and value the editor offers is accepted', (type) => {
    const properties = byType.get(type)!.properties!;
    for (const [option, spec] of Object.entries(TYPE_INFO[type].options)) {
      expect([type, option, option in properties]).toEqual([type, option, true]);
      const schema = properties[option]!;
      if (spec!.kind === 'enum') {
        expect([type, option, allowed(schema).sort()]).toEqual([type, option, [...spec!.values].sort()]);
      } else if (spec!.kind === 'enumList') {
        expect([type, option, allowed(schema.items).sort()]).toEqual([type, option, [...spec!.values].sort()]);
      } else if (spec!.kind === 'percentiles') {
        expect(allowed(schema.items)).toEqual([...PERCENTILES]);
      }
    }
  });

  it('uses the processor’s filter keys and group-by dimensions', () => {
    const shared = byType.get('web_analytics')!.properties!;
    expect(Object.keys(shared.filters!.properties!).sort()).toEqual([...FILTER_KEYS].sort());
    expect(allowed(shared.groupBy!.items).sort()).toEqual([...DIMENSIONS].sort());
  });
});
