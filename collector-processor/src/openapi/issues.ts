/** Issues and their lifecycle (issue-routes.ts) and regrouping (regroup-routes.ts). */
import { STATUSES } from '../issues/state';
import {
  ActivityQuery,
  BulkPatchIssues,
  CreateComment,
  ListIssuesQuery,
  PatchIssue,
  RegroupRequest,
} from '../issues/schemas';
import {
  errors,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  pathParam,
  PROJECT_ID,
  queryParams,
  ref,
  type Area,
  type Json,
  operation,
} from './common';

const nullableString = { type: ['string', 'null'] };
const count = { type: 'integer' };

/** issueView (issues/views.ts); the detail adds groupingExplanation and latestEventId. */
const Issue = {
  type: 'object',
  required: ['id', 'title', 'status', 'firstSeen', 'lastSeen', 'events'],
  properties: {
    id: { type: 'string', description: 'The fingerprint' },
    title: { type: 'string' },
    culprit: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string', enum: [...STATUSES] },
    substatus: nullableString,
    firstSeen: iso,
    lastSeen: iso,
    events: count,
    unhandled: count,
    users: count,
    sessions: count,
    firstRelease: nullableString,
    lastRelease: nullableString,
    releases: { type: 'array', items: { type: 'string' } },
    environments: { type: 'array', items: { type: 'string' } },
    assignee: nullableString,
    resolvedAt: isoOrNull,
    resolvedInRelease: nullableString,
    regressedAt: isoOrNull,
    regressedInRelease: nullableString,
    ignoreUntil: { description: 'When an ignored issue wakes up (null: never set)' },
    updatedAt: isoOrNull,
    updatedBy: nullableString,
    grouping: { description: 'How the fingerprint was made (src/issues/grouping.ts)' },
    groupingExplanation: { type: 'string', description: 'Detail only' },
    latestEventId: { type: ['string', 'null'], description: 'Detail only' },
  },
};

const Activity = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    at: iso,
    actor: { type: 'string' },
    action: { type: 'string' },
    fromStatus: nullableString,
    toStatus: { type: 'string' },
    release: nullableString,
    comment: nullableString,
    details: { type: 'object' },
  },
};

const RegroupJob = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    projectId: { type: 'string' },
    dryRun: { type: 'boolean' },
    actor: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done', 'failed'] },
    phase: { type: 'string' },
    phases: { type: 'array', items: { type: 'string' } },
    startedAt: iso,
    finishedAt: isoOrNull,
    total: count,
    scanned: count,
    moved: count,
    rewritten: count,
    issuesBefore: count,
    issuesAfter: count,
    merges: { type: 'array', items: { type: 'object' } },
    error: nullableString,
    statusUrl: { type: 'string', description: 'Where to follow the job (POST only)' },
  },
};

const ISSUE_ID = pathParam('issueId', 'The issue id (its fingerprint)');
const issue = (description: string) => jsonResponse(description, ref('Issue'));

const op = (operationId: string, summary: string, rest: Json, tag = 'issues') =>
  operation(operationId, tag, summary, rest);

export function issuesArea(): Area {
  return {
    tags: [
      { name: 'issues', description: 'Errors grouped into issues, and their lifecycle (docs/issues.md)' },
      { name: 'grouping', description: 'Recomputing a project’s issues after its grouping rules changed' },
    ],
    schemas: { Issue, Activity, RegroupJob },
    paths: {
      '/api/v1/projects/{id}/issues': {
        parameters: [PROJECT_ID],
        get: op('listIssues', 'Issues of a project, filtered and sorted, a page at a time', {
          parameters: queryParams(ListIssuesQuery),
          responses: {
            '200': jsonResponse('A page of issues; pass nextCursor back for the next', {
              type: 'object',
              properties: {
                issues: { type: 'array', items: ref('Issue') },
                nextCursor: nullableString,
              },
            }),
            ...errors('400', '401', '404'),
          },
        }),
        patch: op('updateIssues', 'Resolve, ignore, reopen or assign many issues at once', {
          description:
            'Write token. The same change and transition rules as updateIssue (docs/issues.md), applied to each id; ' +
            'each changed issue’s activity is logged as its own PATCH would. Answers 200 with the changed issues, and ' +
            'under `failed` each id that did not change and why (no such issue, a transition the rules refuse).',
          requestBody: jsonBody(BulkPatchIssues),
          responses: {
            '200': jsonResponse('What changed and what did not', {
              type: 'object',
              required: ['updated', 'failed'],
              properties: {
                updated: { type: 'array', items: ref('Issue') },
                failed: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'error'],
                    properties: { id: { type: 'string' }, error: { type: 'string' } },
                  },
                },
              },
            }),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/issues/{issueId}': {
        parameters: [PROJECT_ID, ISSUE_ID],
        get: op('getIssue', 'One issue, with why its errors were grouped', {
          responses: { '200': issue('The issue'), ...errors('401', '404') },
        }),
        patch: op('updateIssue', 'Resolve, ignore, reopen or assign an issue', {
          description: 'Write token. The transition rules are in docs/issues.md.',
          requestBody: jsonBody(PatchIssue),
          responses: { '200': issue('The changed issue'), ...errors('400', '401', '403', '404', '409') },
        }),
      },
      '/api/v1/projects/{id}/issues/{issueId}/comments': {
        parameters: [PROJECT_ID, ISSUE_ID],
        post: op('commentOnIssue', 'Add a comment to an issue’s activity', {
          description: 'Write token.',
          requestBody: jsonBody(CreateComment),
          responses: {
            '201': jsonResponse('The comment, as an activity entry', ref('Activity')),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/issues/{issueId}/activity': {
        parameters: [PROJECT_ID, ISSUE_ID],
        get: op('listIssueActivity', 'What happened to an issue: changes and comments', {
          parameters: queryParams(ActivityQuery),
          responses: {
            '200': jsonResponse('The activity', {
              type: 'object',
              properties: { activity: { type: 'array', items: ref('Activity') } },
            }),
            ...errors('400', '401', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/regroup': {
        parameters: [PROJECT_ID],
        post: op(
          'startRegroup',
          'Regroup the project’s stored errors with its current rules (or count, with dryRun)',
          {
            description: 'Admin token. The body may be absent. Follow the job at statusUrl.',
            requestBody: jsonBody(RegroupRequest, { optional: true }),
            responses: {
              '202': jsonResponse('The job, started', ref('RegroupJob')),
              // 501: a regroup (not a dry run) on a cluster schema (CLICKHOUSE_CLUSTER).
              ...errors('400', '401', '403', '404', '501'),
            },
          },
          'grouping',
        ),
      },
      '/api/v1/projects/{id}/regroups/{regroup}': {
        parameters: [PROJECT_ID, pathParam('regroup', 'The job id from POST …/regroup')],
        get: op(
          'getRegroup',
          'A regroup job’s progress and, when done, what moved',
          {
            description: 'Admin token. Jobs are kept until the processor restarts.',
            responses: { '200': jsonResponse('The job', ref('RegroupJob')), ...errors('401', '403', '404') },
          },
          'grouping',
        ),
      },
    },
  };
}
