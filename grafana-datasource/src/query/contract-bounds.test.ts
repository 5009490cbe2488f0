/**
 * Request bounds against the processor's API contract (docs/openapi.json), in full: every bound
 * the document puts on a query (lengths, counts, minimum and maximum) is either held by the plugin
 * with the same number, or named below as left to the processor's answer (a 400 naming the field,
 * shown on the panel). A new bound in the processor fails here until it is one or the other. Then
 * every body the plugin builds at its own limits is validated against the document's schema.
 */
import Ajv2020 from 'ajv/dist/2020';
import { fakeTemplateSrv } from '../testing/grafana';
import { allowed, doc, JsonSchema, queryBatchSchema, queryVariants, valuesRoute, variant } from '../testing/openapi';
import {
  DEFAULT_LIMIT,
  MAX_GROUP_BY,
  MAX_LIMIT,
  MIN_LIMIT,
  PERCENTILES,
  PulseTraceQuery,
  QUERY_TYPES,
  QueryType,
} from '../types';
import { MAX_VARIABLE_VALUES } from '../variables/variableQuery';
import { dimensionsOf, FILTER_VALUES, filterKeysOf, OptionSpec, TYPE_INFO } from './catalog';
import { templateInterpolator } from './interpolate';
import { migrateQuery } from './migrate';
import {
  BuildContext,
  buildQueryBody,
  MAX_DATA_POINTS,
  MAX_INTERVAL_MS,
  MIN_DATA_POINTS,
  MIN_INTERVAL_MS,
} from './request';
import { LIVE_MAX_PER_POLL, livePollBody, MAX_QUERIES_PER_REQUEST } from './run';

const KEYWORDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;
type Keyword = (typeof KEYWORDS)[number];
interface Bound {
  path: string;
  keyword: Keyword;
  value: number;
}

/** Every bound under a property, `filters.release[]`-style paths (lists of a filter end in []). */
function boundsOf(schema: JsonSchema, path: string): Bound[] {
  const own = KEYWORDS.filter((k) => schema[k] !== undefined).map((keyword) => ({
    path,
    keyword,
    value: schema[keyword]!,
  }));
  const nested = [
    ...Object.entries(schema.properties ?? {}).flatMap(([name, s]) => boundsOf(s, `${path}.${name}`)),
    ...(schema.anyOf ?? []).flatMap((s) => boundsOf(s, path)),
    ...(schema.items ? boundsOf(schema.items, `${path}[]`) : []),
  ];
  return [...own, ...nested];
}

const optionSpec = (type: QueryType, path: string): OptionSpec | undefined =>
  TYPE_INFO[type].options[path.replace(/\[\]$/, '') as keyof (typeof TYPE_INFO)[QueryType]['options']];

/** A list of fixed values (enum options, percentiles, navigationType): how many there are. */
function fixedValues(type: QueryType, path: string): number | undefined {
  const filter = /^(?:filters|exclude)\.(\w+)$/.exec(path);
  if (filter) {
    return FILTER_VALUES[filter[1] as keyof typeof FILTER_VALUES]?.length;
  }
  const spec = optionSpec(type, path);
  return spec?.kind === 'enumList' ? spec.values.length : spec?.kind === 'percentiles' ? PERCENTILES.length : undefined;
}

/** The plugin's number for a bound it holds; undefined when it does not hold it. */
function held(type: QueryType, { path, keyword }: Bound): number | undefined {
  switch (`${path}.${keyword}`) {
    case 'groupBy.maxItems':
      return MAX_GROUP_BY;
    case 'intervalMs.minimum':
      return MIN_INTERVAL_MS;
    case 'intervalMs.maximum':
      return MAX_INTERVAL_MS;
    case 'maxDataPoints.minimum':
      return MIN_DATA_POINTS;
    case 'maxDataPoints.maximum':
      return MAX_DATA_POINTS;
    case 'limit.minimum':
      return MIN_LIMIT;
    case 'limit.maximum':
      return type === 'live' ? LIVE_MAX_PER_POLL : MAX_LIMIT;
  }
  // Integer options are read clamped to the catalog's bounds (options.ts).
  const spec = optionSpec(type, path);
  if (spec?.kind === 'integer' && (keyword === 'minimum' || keyword === 'maximum')) {
    return keyword === 'minimum' ? spec.min : spec.max;
  }
  // Empty strings and lists are never sent (request.ts leaves them out).
  if (keyword === 'minLength' || keyword === 'minItems') {
    return 1;
  }
  // Fixed values are offered once each, so a list never has more than there are.
  return keyword === 'maxItems' ? fixedValues(type, path) : undefined;
}

/**
 * Bounds left to the processor: free text and free lists (ids, names, filter values) longer or
 * longer-listed than anyone types, and ids Grafana makes. Its 400 names the field on the panel.
 */
const LEFT_TO_PROCESSOR: Array<[RegExp, Keyword[]]> = [
  [/^(refId|project)$/, ['maxLength']],
  [/^(filters|exclude)\.\w+(\[\])?$/, ['maxItems', 'maxLength']],
  [/^(issueIds|exceptionTypes|methods|urlTemplates|resourceTypes|names|ruleIds)(\[\])?$/, ['maxItems', 'maxLength']],
  [
    /^(search|issueId|eventId|baseRelease|targetRelease|sessionId|propertyKey|assignee|visitor|attribution|insightId)$/,
    ['maxLength'],
  ],
  // The live cursor is the newest received_at the processor answered with.
  [/^since$/, ['minimum', 'maximum']],
];

const leftToProcessor = ({ path, keyword }: Bound) =>
  LEFT_TO_PROCESSOR.some(([pattern, keywords]) => pattern.test(path) && keywords.includes(keyword));

describe('request bounds ↔ processor API (docs/openapi.json)', () => {
  it.each([...QUERY_TYPES])('%s: every bound is held with the same number, or left to the processor', (type) => {
    const { properties } = variant(type);
    // from/to: the plugin sends integer epoch ms, which the validation below checks.
    const bounds = Object.entries(properties)
      .filter(([name]) => name !== 'from' && name !== 'to')
      .flatMap(([name, schema]) => boundsOf(schema, name));
    const unclassified = bounds.filter((b) => held(type, b) === undefined && !leftToProcessor(b));
    expect(unclassified).toEqual([]);
    const differing = bounds
      .filter((b) => held(type, b) !== undefined && held(type, b) !== b.value)
      .map((b) => ({ ...b, plugin: held(type, b) }));
    expect(differing).toEqual([]);
  });

  it('the limit the editor names as the default is the processor’s', () => {
    for (const type of QUERY_TYPES) {
      expect([type, variant(type).properties.limit!.default]).toEqual([type, DEFAULT_LIMIT]);
    }
  });

  it('sends at most as many queries in one request as the processor takes', () => {
    expect(queryBatchSchema().maxItems).toBe(MAX_QUERIES_PER_REQUEST);
  });

  it('asks a variable for at most as many values as the values endpoint gives', () => {
    const limit = valuesRoute().params.get('limit')!;
    expect([limit.minimum, limit.maximum]).toEqual([1, MAX_VARIABLE_VALUES]);
  });

  it('every bound of the values endpoint is held, or left to the processor', () => {
    const bounds = [...valuesRoute().params]
      .filter(([name]) => name !== 'from' && name !== 'to')
      .flatMap(([name, schema]) => boundsOf(schema, name));
    // The limit is held above; search, event and key are typed text (the processor's 400 names them).
    const classified = (b: Bound) =>
      b.path === 'limit' || (/^(search|event|key)$/.test(b.path) && b.keyword === 'maxLength');
    expect(bounds.filter((b) => !classified(b))).toEqual([]);
  });
});

describe('every body the plugin builds is a valid query (validated against docs/openapi.json)', () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const validateQuery = ajv.compile(doc.components.schemas.Query);
  const validators = new Map([...queryVariants].map(([type, schema]) => [type, ajv.compile(schema)]));
  /** What the document finds wrong with `body` (its type's schema explains; the union must agree). */
  const check = (body: { type: string; [field: string]: unknown }) => {
    const validate = validators.get(body.type)!;
    const errors = validate(body) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
    return errors.length === 0 && !validateQuery(body) ? ['does not match exactly one query type'] : errors;
  };

  beforeEach(() => fakeTemplateSrv({ many: ['a', '', 'b'] }));

  /** A query of `type` at the plugin's limits: every option, filter key and dimension it offers. */
  function fullQuery(type: QueryType, pick: number): PulseTraceQuery {
    const options: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(TYPE_INFO[type].options)) {
      options[key] = {
        enum: () => (spec!.kind === 'enum' ? spec!.values[pick % spec!.values.length] : undefined),
        enumList: () => (spec!.kind === 'enumList' ? [...spec!.values, ...spec!.values] : undefined),
        percentiles: () => [...PERCENTILES],
        text: () => 'x',
        list: () => ['$many', ' ', 'c'],
        bool: () => pick % 2 === 0,
        integer: () => (spec!.kind === 'integer' ? (pick % 2 === 0 ? spec!.max : spec!.min) : undefined),
      }[spec!.kind]();
    }
    const filters = Object.fromEntries(filterKeysOf(type).map((k) => [k, FILTER_VALUES[k] ?? ['$many', '']]));
    const dimensions = dimensionsOf(type);
    return migrateQuery({
      type,
      project: 'shop',
      filters,
      exclude: filters,
      // The type's last dimensions, or fewer so the dashboard's group-by keys add theirs.
      groupBy: pick % 2 === 1 ? dimensions.slice(-MAX_GROUP_BY) : dimensions.slice(0, MAX_GROUP_BY - 1),
      includeBots: true,
      limit: pick % 2 === 0 ? MAX_LIMIT : MIN_LIMIT,
      ...options,
    });
  }

  const contexts: Array<[string, Partial<BuildContext>]> = [
    ['the shortest interval, the most points', { intervalMs: 1, maxDataPoints: 1e9 }],
    ['the longest interval, the fewest points', { intervalMs: 1e15, maxDataPoints: 0 }],
  ];

  it.each([...QUERY_TYPES])('%s: accepted at the plugin’s limits', (type) => {
    // Enough bodies to send each value of each enum option once.
    const picks = Math.max(
      2,
      ...Object.values(TYPE_INFO[type].options).map((s) => (s!.kind === 'enum' ? s!.values.length : 0))
    );
    for (let pick = 0; pick < picks; pick++) {
      for (const [name, extra] of contexts) {
        const ctx: BuildContext = {
          from: 1_763_600_000_000.4,
          to: 1_763_700_000_000.6,
          interpolate: templateInterpolator(),
          groupByKeys: ['navigationType', 'url', 'nope'],
          ...extra,
        };
        const built = buildQueryBody(fullQuery(type, pick), ctx);
        expect([type, name, built.ok]).toEqual([type, name, true]);
        if (built.ok) {
          const body =
            type === 'live' ? livePollBody(built.body, MAX_LIMIT, 1_763_650_000_000, 1_763_800_000_000) : built.body;
          expect([type, name, pick, check(body)]).toEqual([type, name, pick, []]);
        }
      }
    }
  });

  it('the validator refuses a body beyond a bound the plugin holds (so the checks above can fail)', () => {
    const built = buildQueryBody(fullQuery('errors', 0), { from: 0, to: 1, interpolate: templateInterpolator() });
    expect(built.ok && check({ ...built.body, limit: MAX_LIMIT + 1 })).toEqual(['/limit must be <= 10000']);
    expect(built.ok && check({ ...built.body, groupBy: ['url', 'os', 'route', 'country'] })).not.toEqual([]);
    expect(allowed(variant('errors').properties.groupBy!.items)).not.toContain('navigationType');
  });
});
