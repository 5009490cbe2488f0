/**
 * Runs an annotation query: releases and deploys from the releases API, new issues from an
 * `issues` query sorted newest, insights from the `insights` query type, alerts from the `alerts`
 * type's timeline (a processor older than either type answers 400, shown as LATER's message).
 */
import { DataQueryResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { ProcessorClient } from '../api/client';
import { classify, describeFailure, toFailure } from '../api/failure';
import { Interpolator, interpolateList, meansAll } from '../query/interpolate';
import { QueryBody } from '../query/request';
import { isQueryResponse } from '../query/response';
import { AnnotationKind, PulseTraceQuery } from '../types';
import {
  alertEvents,
  annotationFrame,
  AnnotationEventRow,
  deployEvents,
  insightEvents,
  newIssueEvents,
  Range,
  releaseEvents,
} from './events';

export interface AnnotationContext extends Range {
  defaultProject?: string;
  interpolate: Interpolator;
}

/** Deploys are listed per release: the newest releases created before the range ends. */
const MAX_RELEASES_FOR_DEPLOYS = 25;
const MAX_NEW_ISSUES = 200;
const MAX_INSIGHTS = 200;
const MAX_ALERT_CHANGES = 500;

export const INSIGHTS_LATER = 'Insights arrive with a later release of the PulseTrace processor.';
export const ALERTS_LATER =
  'Alert annotations need a later release of the PulseTrace processor (the alerts query type).';
/** What an annotation of a query type newer than the processor says instead of its 400. */
const LATER: Partial<Record<AnnotationKind, string>> = { insights: INSIGHTS_LATER, alerts: ALERTS_LATER };

/** Alert annotations mark firing and resolves unless chosen otherwise: pending and cancelled are noise on a graph. */
export const DEFAULT_ALERT_STATES = ['firing', 'resolved'];

/** The alerts annotation's filters (the `alerts` type's options, variables replaced); empty ones are left out. */
function alertFilters(query: PulseTraceQuery, interpolate: Interpolator): Record<string, string[]> {
  const chosen = (values: string[] | undefined) => {
    const resolved = interpolateList(values, interpolate);
    return resolved.length > 0 && !meansAll(resolved) ? resolved : undefined;
  };
  const out: Record<string, string[]> = { states: chosen(query.states) ?? DEFAULT_ALERT_STATES };
  const severities = chosen(query.severities);
  const ruleIds = chosen(query.ruleIds);
  if (severities) {
    out.severities = severities;
  }
  if (ruleIds) {
    out.ruleIds = ruleIds;
  }
  return out;
}

function filterValues(query: PulseTraceQuery, key: 'environment' | 'release', interpolate: Interpolator): string[] {
  const values = interpolateList(query.filters[key], interpolate);
  return meansAll(values) ? [] : values;
}

async function deploysInRange(
  client: ProcessorClient,
  project: string,
  ctx: AnnotationContext,
  environments: string[]
) {
  const releases = await client.releases(project);
  const candidates = releases
    .filter((r) => (r.deploys ?? 0) > 0 && Date.parse(r.createdAt) <= ctx.to)
    .slice(0, MAX_RELEASES_FOR_DEPLOYS);
  const lists = await Promise.all(candidates.map((r) => client.deploys(project, r.version)));
  return deployEvents(lists.flat(), ctx, environments);
}

async function queryFrames(
  client: ProcessorClient,
  body: Pick<QueryBody, 'type' | 'project' | 'from' | 'to'> & Record<string, unknown>
) {
  const query: QueryBody = { ...body, refId: 'annotations' };
  const answer = await lastValueFrom(client.query$([query]));
  const result = isQueryResponse(answer) ? answer.results.annotations : undefined;
  if (!result || result.status >= 300) {
    throw { status: result?.status ?? 500, data: { error: result?.error ?? 'no answer' } };
  }
  return result.frames ?? [];
}

export async function runAnnotation(
  client: ProcessorClient,
  query: PulseTraceQuery,
  ctx: AnnotationContext
): Promise<DataQueryResponse> {
  const { refId } = query;
  const project = ctx.interpolate.one(query.project) || ctx.defaultProject || '';
  if (!project) {
    return { data: [], errors: [{ refId, message: 'Choose a project for these annotations.' }] };
  }
  const environments = filterValues(query, 'environment', ctx.interpolate);
  const range = { from: Math.round(ctx.from), to: Math.round(ctx.to) };
  try {
    let rows: AnnotationEventRow[];
    switch (query.annotation) {
      case 'deploys':
        rows = await deploysInRange(client, project, ctx, environments);
        break;
      case 'new_issues': {
        const filters: Record<string, string[]> = {};
        const releases = filterValues(query, 'release', ctx.interpolate);
        if (environments.length > 0) {
          filters.environment = environments;
        }
        if (releases.length > 0) {
          filters.release = releases;
        }
        const frames = await queryFrames(client, {
          type: 'issues',
          project,
          ...range,
          sort: 'newest',
          limit: MAX_NEW_ISSUES,
          ...(Object.keys(filters).length > 0 ? { filters } : {}),
        });
        rows = newIssueEvents(frames, ctx);
        break;
      }
      case 'insights': {
        // Cards people marked not useful stay off the dashboards.
        const frames = await queryFrames(client, {
          type: 'insights',
          project,
          ...range,
          statuses: ['open', 'acknowledged', 'resolved'],
          limit: MAX_INSIGHTS,
        });
        rows = insightEvents(frames, ctx);
        break;
      }
      case 'alerts': {
        const frames = await queryFrames(client, {
          type: 'alerts',
          view: 'timeline',
          project,
          ...range,
          ...alertFilters(query, ctx.interpolate),
          limit: MAX_ALERT_CHANGES,
        });
        rows = alertEvents(frames, ctx);
        break;
      }
      default:
        rows = releaseEvents(await client.releases(project), ctx);
    }
    return { data: [annotationFrame(refId, rows)] };
  } catch (err) {
    const failure = toFailure(err);
    // A processor without the insights (or alerts) type rejects the query as invalid (400).
    const later = query.annotation && LATER[query.annotation];
    const message = later && classify(failure) === 'invalid' ? later : describeFailure(failure);
    return { data: [], errors: [{ refId, message }] };
  }
}
