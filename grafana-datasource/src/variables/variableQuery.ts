/**
 * Template variable queries: which values a dashboard variable lists (projects, releases,
 * environments, routes, browsers, OS, devices, countries, custom event names), from
 * GET /projects or GET /projects/:id/values/:kind.
 */
import { MetricFindValue } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { ProcessorClient, ValueKind } from '../api/client';
import { asInteger, asString, isRecord, matchEnum } from '../query/coerce';
import { Interpolator } from '../query/interpolate';

export const VARIABLE_KINDS = [
  'projects',
  'releases',
  'environments',
  'routes',
  'browsers',
  'os',
  'devices',
  'countries',
  'event_names',
] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];
/** Most values a variable lists (the values endpoint's `limit` maximum). */
export const MAX_VARIABLE_VALUES = 1000;

export interface PulseTraceVariableQuery extends DataQuery {
  kind: VariableKind;
  /** '' = the data source's default project; may be a variable ($project). */
  project: string;
  search?: string;
  limit?: number;
}

/**
 * Any saved variable query to the current shape. Also accepts a plain string: a kind, optionally
 * with a project ("releases" or "releases(shop)"), as typed in older variable editors.
 */
export function migrateVariableQuery(raw: unknown): PulseTraceVariableQuery {
  if (typeof raw === 'string') {
    const match = /^\s*([a-z_]+)\s*(?:\(\s*([^)]*?)\s*\))?\s*$/i.exec(raw);
    return { refId: 'variable', kind: matchEnum(match?.[1], VARIABLE_KINDS) ?? 'projects', project: match?.[2] ?? '' };
  }
  const source = isRecord(raw) ? raw : {};
  const query: PulseTraceVariableQuery = {
    refId: asString(source.refId) ?? 'variable',
    kind: matchEnum(source.kind, VARIABLE_KINDS) ?? 'projects',
    project: asString(source.project) ?? '',
  };
  const search = asString(source.search);
  if (search) {
    query.search = search;
  }
  const limit = asInteger(source.limit, 1, MAX_VARIABLE_VALUES);
  if (limit !== undefined) {
    query.limit = limit;
  }
  return query;
}

export interface VariableContext {
  from?: number;
  to?: number;
  defaultProject?: string;
  interpolate: Interpolator;
}

export async function variableValues(
  client: ProcessorClient,
  query: PulseTraceVariableQuery,
  ctx: VariableContext
): Promise<MetricFindValue[]> {
  const search = query.search ? ctx.interpolate.one(query.search) : undefined;
  if (query.kind === 'projects') {
    const projects = await client.projects();
    const needle = search?.toLowerCase();
    return projects
      .filter((p) => !needle || p.id.toLowerCase().includes(needle) || (p.name ?? '').toLowerCase().includes(needle))
      .map((p) => ({ text: p.id, value: p.id }));
  }
  const project = ctx.interpolate.one(query.project) || ctx.defaultProject || '';
  if (!project) {
    throw new Error('Choose a project for this variable, or set a default project in the data source settings.');
  }
  const values = await client.values(project, query.kind as ValueKind, {
    from: ctx.from !== undefined ? Math.round(ctx.from) : undefined,
    to: ctx.to !== undefined ? Math.round(ctx.to) : undefined,
    search,
    limit: query.limit,
  });
  return values.map((v) => ({ text: v.value, value: v.value }));
}
