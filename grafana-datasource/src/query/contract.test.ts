/**
 * The plugin's lists against the processor's API contract (docs/openapi.json, see
 * testing/openapi.ts), in full and both ways: every query type, option, allowed value, filter key
 * and group-by dimension of every type, and every value kind the editor offers is one the
 * processor accepts, and everything the processor accepts is offered (or named below as sent by
 * the plugin some other way). Bounds are in contract-bounds.test.ts.
 */
import { FILTER_VALUE_KINDS, VALUE_KINDS, ValuesParams } from '../api/client';
import { allowed, filterList, queryVariants, valuesRoute, variant } from '../testing/openapi';
import { PERCENTILES, QUERY_TYPES, QueryType } from '../types';
import { VARIABLE_KINDS } from '../variables/variableQuery';
import { dimensionsOf, FILTER_VALUES, filterKeysOf, TYPE_INFO } from './catalog';

/** Fields every query type has; the editor's common options and the request builder send them. */
const SHARED_FIELDS = [
  'type',
  'refId',
  'project',
  'from',
  'to',
  'intervalMs',
  'maxDataPoints',
  'filters',
  'exclude',
  'groupBy',
  'includeBots',
  'limit',
];

/** Options the plugin sends without an editor field: the live stream's cursor (query/run.ts). */
const SENT_BY_RUNNER: Partial<Record<QueryType, string[]>> = { live: ['since'] };

const sorted = (values: Iterable<unknown>) => [...values].map(String).sort();

describe('query catalog ↔ processor API (docs/openapi.json)', () => {
  it('offers exactly the processor’s query types', () => {
    expect(sorted(QUERY_TYPES)).toEqual(sorted(queryVariants.keys()));
  });

  it.each([...QUERY_TYPES])('%s: has the shared fields every type has', (type) => {
    const { properties } = variant(type);
    expect(SHARED_FIELDS.filter((f) => !(f in properties))).toEqual([]);
  });

  it.each([...QUERY_TYPES])('%s: the same options both ways, with the same values', (type) => {
    const { properties, required = [] } = variant(type);
    const options = TYPE_INFO[type].options;
    const processorOptions = Object.keys(properties).filter((p) => !SHARED_FIELDS.includes(p));
    expect([type, sorted(processorOptions)]).toEqual([
      type,
      sorted([...Object.keys(options), ...(SENT_BY_RUNNER[type] ?? [])]),
    ]);
    for (const [option, spec] of Object.entries(options)) {
      const schema = properties[option]!;
      if (spec!.kind === 'enum') {
        expect([type, option, sorted(allowed(schema))]).toEqual([type, option, sorted(spec!.values)]);
      } else if (spec!.kind === 'enumList') {
        expect([type, option, sorted(allowed(schema.items))]).toEqual([type, option, sorted(spec!.values)]);
      } else if (spec!.kind === 'percentiles') {
        expect(allowed(schema.items)).toEqual([...PERCENTILES]);
      }
    }
    // What the processor requires, the editor asks for before sending (and the other way round).
    const requiredOptions = required.filter((f) => !SHARED_FIELDS.includes(f));
    const editorRequired = Object.entries(options).filter(([, spec]) => spec && 'required' in spec && spec.required);
    expect([type, sorted(requiredOptions)]).toEqual([type, sorted(editorRequired.map(([option]) => option))]);
  });

  it.each([...QUERY_TYPES])('%s: the same filter keys, exclusions and group-by dimensions both ways', (type) => {
    const { properties } = variant(type);
    expect([type, 'filters', sorted(Object.keys(properties.filters!.properties!))]).toEqual([
      type,
      'filters',
      sorted(filterKeysOf(type)),
    ]);
    expect([type, 'exclude', sorted(Object.keys(properties.exclude!.properties!))]).toEqual([
      type,
      'exclude',
      sorted(filterKeysOf(type)),
    ]);
    expect([type, 'groupBy', sorted(allowed(properties.groupBy!.items))]).toEqual([
      type,
      'groupBy',
      sorted(dimensionsOf(type)),
    ]);
    // A key with a fixed set of values (navigationType) is offered with exactly those values.
    for (const key of filterKeysOf(type)) {
      const values = allowed(filterList(properties.filters!.properties![key]!).items);
      expect([type, key, sorted(values)]).toEqual([type, key, sorted(FILTER_VALUES[key] ?? [])]);
    }
  });
});

describe('value kinds ↔ processor API (GET /projects/{id}/values/{kind})', () => {
  const route = valuesRoute();

  it('the client knows exactly the processor’s value kinds', () => {
    expect(sorted(VALUE_KINDS)).toEqual(sorted(route.kinds));
  });

  it('every variable kind but projects (GET /projects) is a value kind', () => {
    expect(VARIABLE_KINDS.filter((k) => k !== 'projects' && !route.kinds.includes(k))).toEqual([]);
  });

  it('filter value suggestions come from value kinds, for filter keys', () => {
    for (const [key, kind] of Object.entries(FILTER_VALUE_KINDS)) {
      expect([key, route.kinds.includes(kind!)]).toEqual([key, true]);
      expect([key, QUERY_TYPES.some((t) => filterKeysOf(t).includes(key as never))]).toEqual([key, true]);
    }
  });

  it('the client sends exactly the processor’s query parameters', () => {
    // Required<ValuesParams>: the compiler fails this line when ValuesParams gains or loses a field.
    const params: Required<ValuesParams> = { from: 0, to: 1, search: '', limit: 1, event: '', key: '' };
    expect(sorted(Object.keys(params))).toEqual(sorted(route.params.keys()));
  });
});
