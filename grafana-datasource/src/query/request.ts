/**
 * One saved query plus the panel's context (time range, interval, variables, ad-hoc filters) to
 * the processor's query body. Pure: the interpolator is passed in.
 */
import { AdHocVariableFilter } from '@grafana/data';
import { Dimension, FilterKey, FilterMap, MAX_GROUP_BY, PulseTraceQuery } from '../types';
import { dimensionsOf, filterKeysOf, OptionKey, OptionSpec, TYPE_INFO } from './catalog';
import { applyAdHocFilters, ResolvedFilters } from './adhoc';
import { Interpolator, interpolateList, meansAll } from './interpolate';
import { missingOptions } from './options';

/** What POST /api/v1/query takes for one query. */
export interface QueryBody {
  refId: string;
  type: string;
  project: string;
  from: number;
  to: number;
  intervalMs?: number;
  maxDataPoints?: number;
  filters?: ResolvedFilters;
  exclude?: ResolvedFilters;
  groupBy?: Dimension[];
  includeBots?: boolean;
  limit?: number;
  [option: string]: unknown;
}

export interface BuildContext {
  from: number;
  to: number;
  intervalMs?: number;
  maxDataPoints?: number;
  defaultProject?: string;
  interpolate: Interpolator;
  adhocFilters?: AdHocVariableFilter[];
  /** Keys of a dashboard "group by" variable: added to the query's own group-by. */
  groupByKeys?: string[];
}

export type BuildResult =
  { ok: true; body: QueryBody; notices: string[] } | { ok: false; refId: string; message: string };

// The processor's bounds (docs/openapi.json; query/contract-bounds.test.ts holds them equal).
export const MIN_INTERVAL_MS = 1000;
export const MAX_INTERVAL_MS = 31 * 86400_000;
export const MIN_DATA_POINTS = 1;
export const MAX_DATA_POINTS = 11_000;

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(n)));

function resolveFilters(filters: FilterMap, keys: readonly FilterKey[], interpolate: Interpolator): ResolvedFilters {
  const out: ResolvedFilters = {};
  for (const key of keys) {
    const values = interpolateList(filters[key], interpolate);
    // No value (an empty variable) or "All" means no filter on this key.
    if (values.length > 0 && !meansAll(values)) {
      out[key] = values;
    }
  }
  return out;
}

function resolveOption(spec: OptionSpec, value: unknown, interpolate: Interpolator): unknown {
  if (value === undefined) {
    return undefined;
  }
  switch (spec.kind) {
    case 'enum':
    case 'text': {
      const s = interpolate.one(String(value));
      return s === '' ? undefined : s;
    }
    case 'enumList':
    case 'list': {
      const values = interpolateList(value as string[], interpolate);
      return values.length === 0 || meansAll(values) ? undefined : values;
    }
    default:
      return value;
  }
}

/** The query's group-by plus a dashboard group-by variable's keys, those the type takes. */
function resolveGroupBy(query: PulseTraceQuery, groupByKeys: string[] = []): Dimension[] {
  const dimensions = dimensionsOf(query.type);
  const taken = [...query.groupBy, ...groupByKeys].filter((k): k is Dimension => dimensions.some((d) => d === k));
  return [...new Set(taken)].slice(0, MAX_GROUP_BY);
}

const nonEmpty = (f: ResolvedFilters) => Object.keys(f).length > 0;

export function buildQueryBody(query: PulseTraceQuery, ctx: BuildContext): BuildResult {
  const { refId } = query;
  const project = ctx.interpolate.one(query.project) || ctx.defaultProject?.trim() || '';
  if (!project) {
    return {
      ok: false,
      refId,
      message: 'Choose a project for this query, or set a default project in the data source settings.',
    };
  }
  const options: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(TYPE_INFO[query.type].options) as Array<[OptionKey, OptionSpec]>) {
    const value = resolveOption(spec, query[key], ctx.interpolate);
    if (value !== undefined) {
      options[key] = value;
    }
  }
  const missing = missingOptions(query.type, options);
  if (missing) {
    return { ok: false, refId, message: missing };
  }
  const keys = filterKeysOf(query.type);
  const adhoc = applyAdHocFilters(
    resolveFilters(query.filters, keys, ctx.interpolate),
    resolveFilters(query.exclude, keys, ctx.interpolate),
    ctx.adhocFilters
  );
  if (adhoc.conflict) {
    return { ok: false, refId, message: adhoc.conflict };
  }
  const body: QueryBody = { refId, type: query.type, project, from: Math.round(ctx.from), to: Math.round(ctx.to) };
  if (ctx.intervalMs !== undefined && Number.isFinite(ctx.intervalMs)) {
    body.intervalMs = clamp(ctx.intervalMs, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
  }
  if (ctx.maxDataPoints !== undefined && Number.isFinite(ctx.maxDataPoints)) {
    body.maxDataPoints = clamp(ctx.maxDataPoints, MIN_DATA_POINTS, MAX_DATA_POINTS);
  }
  if (nonEmpty(adhoc.filters)) {
    body.filters = adhoc.filters;
  }
  if (nonEmpty(adhoc.exclude)) {
    body.exclude = adhoc.exclude;
  }
  const groupBy = resolveGroupBy(query, ctx.groupByKeys);
  if (groupBy.length > 0) {
    body.groupBy = groupBy;
  }
  if (query.includeBots) {
    body.includeBots = true;
  }
  if (query.limit !== undefined) {
    body.limit = query.limit;
  }
  return { ok: true, body: { ...body, ...options }, notices: adhoc.notices };
}
