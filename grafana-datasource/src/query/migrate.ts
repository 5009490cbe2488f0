/**
 * Saved queries to the current query model. Dashboards keep queries for years and people edit
 * JSON by hand, so this accepts anything (missing or unknown type, wrong field types, the v0 shape
 * of the first draft, a newer schemaVersion) and returns a valid current query. It never throws.
 *
 * v0 (the first draft, no schemaVersion):
 *   { refId, queryType: 'vitals' | 'pageviews' | 'traffic' | 'errors' | 'issues' | 'sessions' |
 *     'events' | 'live', metric?: string ('lcp', 'views', an event name…), projectId?: string,
 *     env?: string, release?: string, percentile?: number | 'p75', bots?: boolean, max?: number }
 */
import {
  ANNOTATION_KINDS,
  Dimension,
  FilterMap,
  MAX_GROUP_BY,
  MAX_LIMIT,
  MIN_LIMIT,
  PulseTraceQuery,
  QUERY_TYPES,
  QueryType,
  SCHEMA_VERSION,
} from '../types';
import { dimensionsOf, filterKeysOf, TYPE_INFO } from './catalog';
import { asBoolean, asInteger, asString, asStringList, isRecord, matchEnum } from './coerce';
import { normalizeOptions } from './options';

export const DEFAULT_TYPE: QueryType = 'web_vitals';

export interface Migration {
  query: PulseTraceQuery;
  /** What could not be kept, in sentences for the editor (empty when nothing was lost). */
  notes: string[];
}

const V0_TYPES: Record<string, QueryType> = {
  vitals: 'web_vitals',
  pageviews: 'web_analytics',
  traffic: 'web_analytics',
  errors: 'errors',
  issues: 'issues',
  sessions: 'sessions',
  events: 'custom_events',
  live: 'live',
};

const V0_TRAFFIC_METRICS: Record<string, string> = { views: 'page_views', visitors: 'visitors', sessions: 'sessions' };

/** The v0 draft shape, rewritten with the current names (then read like any other query). */
function fromV0(raw: Record<string, unknown>, notes: string[]): Record<string, unknown> {
  const name = asString(raw.queryType)?.toLowerCase() ?? '';
  const type = V0_TYPES[name];
  if (!type) {
    notes.push(`The old query type "${name}" no longer exists; showing ${TYPE_INFO[DEFAULT_TYPE].label} instead.`);
  }
  const metric = asString(raw.metric);
  const filters: Record<string, unknown> = {};
  if (raw.env !== undefined) {
    filters.environment = raw.env;
  }
  if (raw.release !== undefined) {
    filters.release = raw.release;
  }
  return {
    refId: raw.refId,
    hide: raw.hide,
    datasource: raw.datasource,
    type: type ?? DEFAULT_TYPE,
    project: raw.projectId,
    filters,
    includeBots: raw.bots,
    limit: raw.max,
    metric: type === 'web_vitals' ? metric : undefined,
    percentiles: raw.percentile !== undefined ? [raw.percentile] : undefined,
    metrics: type === 'web_analytics' && metric ? [V0_TRAFFIC_METRICS[metric.toLowerCase()] ?? metric] : undefined,
    names: type === 'custom_events' && metric ? [metric] : undefined,
  };
}

/** The query's filters (or exclusions) on the keys its type takes (filterKeysOf). */
function readFilters(raw: unknown, type: QueryType, label: string, notes: string[]): FilterMap {
  const out: FilterMap = {};
  if (!isRecord(raw)) {
    return out;
  }
  const keys = filterKeysOf(type);
  for (const [key, value] of Object.entries(raw)) {
    const known = keys.find((k) => k === key);
    if (!known) {
      notes.push(`The ${label} on "${key}" was removed: ${TYPE_INFO[type].label} filters by ${keys.join(', ')}.`);
      continue;
    }
    const values = asStringList(value);
    if (values.length > 0) {
      out[known] = values;
    }
  }
  return out;
}

function readGroupBy(raw: unknown, type: QueryType, notes: string[]): Dimension[] {
  const out: Dimension[] = [];
  const dimensions = dimensionsOf(type);
  for (const item of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    const dimension = matchEnum(item, dimensions);
    if (!dimension) {
      notes.push(
        `Grouping by "${String(item)}" was removed: ${TYPE_INFO[type].label} groups by ${dimensions.join(', ')}.`
      );
    } else if (!out.includes(dimension)) {
      out.push(dimension);
    }
  }
  if (out.length > MAX_GROUP_BY) {
    notes.push(`A query groups by at most ${MAX_GROUP_BY} dimensions; ${out.slice(MAX_GROUP_BY).join(', ')} removed.`);
  }
  return out.slice(0, MAX_GROUP_BY);
}

function readType(raw: unknown, notes: string[]): QueryType {
  if (raw === undefined || raw === null || raw === '') {
    return DEFAULT_TYPE;
  }
  const type = matchEnum(raw, QUERY_TYPES);
  if (!type) {
    notes.push(
      `This plugin version does not know the query type "${String(raw)}"; showing ${TYPE_INFO[DEFAULT_TYPE].label} instead.`
    );
  }
  return type ?? DEFAULT_TYPE;
}

export function migrateQueryWithNotes(raw: unknown): Migration {
  const notes: string[] = [];
  let source: Record<string, unknown> = {};
  if (isRecord(raw)) {
    source = raw;
  } else if (raw !== undefined && raw !== null) {
    notes.push('The saved query could not be read; it was replaced by a new query.');
  }
  const version = asInteger(source.schemaVersion, 0, Number.MAX_SAFE_INTEGER);
  if (version !== undefined && version > SCHEMA_VERSION) {
    notes.push(
      'This query was saved by a newer version of the PulseTrace plugin; options this version does not know were left out.'
    );
  }
  const isV0 = (version === undefined || version === 0) && source.queryType !== undefined && source.type === undefined;
  if (isV0) {
    source = fromV0(source, notes);
  }
  const type = readType(source.type, notes);
  const query: PulseTraceQuery = {
    refId: asString(source.refId) ?? 'A',
    schemaVersion: SCHEMA_VERSION,
    type,
    project: asString(source.project) ?? '',
    filters: readFilters(source.filters, type, 'filter', notes),
    exclude: readFilters(source.exclude, type, 'exclusion', notes),
    groupBy: readGroupBy(source.groupBy, type, notes),
    includeBots: asBoolean(source.includeBots) ?? false,
    ...normalizeOptions(type, source),
  };
  const limit = asInteger(source.limit, MIN_LIMIT, MAX_LIMIT);
  if (limit !== undefined) {
    query.limit = limit;
  }
  const annotation = matchEnum(source.annotation, ANNOTATION_KINDS);
  if (annotation) {
    query.annotation = annotation;
  }
  // Grafana's own query fields, kept when they have their documented types.
  if (typeof source.hide === 'boolean') {
    query.hide = source.hide;
  }
  if (isRecord(source.datasource)) {
    query.datasource = source.datasource as PulseTraceQuery['datasource'];
  }
  if (typeof source.key === 'string') {
    query.key = source.key;
  }
  return { query, notes };
}

export function migrateQuery(raw: unknown): PulseTraceQuery {
  return migrateQueryWithNotes(raw).query;
}

/** The same query as another type: the shared parts stay, the options start from the new type's defaults. */
export function changeType(query: PulseTraceQuery, type: QueryType): PulseTraceQuery {
  const { refId, hide, datasource, key, project, filters, exclude, groupBy, includeBots, limit, annotation } = query;
  return migrateQuery({
    refId,
    hide,
    datasource,
    key,
    project,
    filters,
    exclude,
    groupBy,
    includeBots,
    limit,
    annotation,
    type,
  });
}
