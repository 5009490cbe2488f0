/** Acting on insights (src/insights/store/routes.ts); reading them is the `insights` query type. */
import {
  INSIGHT_KINDS,
  INSIGHT_SEVERITIES,
  INSIGHT_STATUSES,
  SUMMARY_SOURCES,
} from '../insights/store/insight';
import { InsightAction, InsightFeedback } from '../insights/store/routes';
import {
  errors,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  operation,
  pathParam,
  PROJECT_ID,
  ref,
  type Area,
  type Json,
} from './common';

const nullableString = { type: ['string', 'null'] };

/** insightView (src/insights/store/routes.ts). */
const Insight = {
  type: 'object',
  required: ['id', 'kind', 'title', 'severity', 'status', 'startedAt'],
  properties: {
    id: { type: 'string', description: 'Deterministic: hash of project, kind, metric, scope and onset hour' },
    kind: { type: 'string', enum: [...INSIGHT_KINDS] },
    metric: { type: 'string' },
    scope: { type: 'object', additionalProperties: { type: 'string' }, description: 'Dimension filters' },
    title: { type: 'string' },
    severity: { type: 'string', enum: [...INSIGHT_SEVERITIES] },
    status: { type: 'string', enum: [...INSIGHT_STATUSES] },
    startedAt: { ...iso, description: 'The change point' },
    detectedAt: iso,
    updatedAt: iso,
    resolvedAt: isoOrNull,
    release: nullableString,
    affectedSessions: { type: 'integer' },
    affectedUsers: { type: 'integer' },
    deltas: { type: 'array', items: { type: 'object' }, description: 'metric, value, baseline, interval' },
    hypotheses: {
      type: 'array',
      items: { type: 'object' },
      description: 'Ranked causes: title, score, evidence, queries that reproduce it',
    },
    summary: { type: 'string' },
    summarySource: {
      type: 'string',
      enum: [...SUMMARY_SOURCES],
      description: 'Who wrote the summary: the LLM narrator or the deterministic template',
    },
    summaryPromptVersion: {
      type: 'string',
      description:
        'The narrator’s prompt version (narrative-v1, template-v1); empty for the engine’s own sentence',
    },
    nextStep: { type: 'string', description: 'What to look at first' },
    links: {
      type: 'object',
      description:
        'release, previousRelease, deploys near the onset (release, environment, at), related issue fingerprints',
      properties: {
        release: { type: 'string' },
        previousRelease: { type: 'string' },
        deploys: { type: 'array', items: { type: 'object' } },
        issues: { type: 'array', items: { type: 'string' } },
      },
    },
    lastActiveAt: { ...iso, description: 'The last evaluation at which the engine still saw the incident' },
    updatedBy: { type: 'string' },
  },
};

const INSIGHT_ID = pathParam('insightId', 'The insight id (the `id` of an `insights` query row)');

const action = (operationId: string, summary: string, description: string, body: Json) =>
  operation(operationId, 'insights', summary, {
    description,
    requestBody: body,
    responses: {
      '200': jsonResponse('The insight after the action', ref('Insight')),
      ...errors('400', '401', '403', '404', '409'),
    },
  });

export function insightsArea(): Area {
  const path = (verb: string) => `/api/v1/projects/{id}/insights/{insightId}/${verb}`;
  return {
    tags: [{ name: 'insights', description: 'Incident cards and feedback on them (docs/insights.md)' }],
    schemas: { Insight },
    paths: {
      [path('acknowledge')]: {
        parameters: [PROJECT_ID, INSIGHT_ID],
        post: action(
          'acknowledgeInsight',
          'Acknowledge an open insight',
          'Write token. 409 unless the insight is open (acknowledging twice is a no-op). The body may be absent.',
          jsonBody(InsightAction, { optional: true }),
        ),
      },
      [path('resolve')]: {
        parameters: [PROJECT_ID, INSIGHT_ID],
        post: action(
          'resolveInsight',
          'Resolve an insight',
          'Write token. Sets resolvedAt to now; resolving twice is a no-op. The body may be absent.',
          jsonBody(InsightAction, { optional: true }),
        ),
      },
      [path('feedback')]: {
        parameters: [PROJECT_ID, INSIGHT_ID],
        post: action(
          'insightFeedback',
          'Say whether an insight was useful',
          'Write token. Stored with the actor; `not_useful` also sets the status not_useful.',
          jsonBody(InsightFeedback),
        ),
      },
    },
  };
}
