/** Silences (silence-routes.ts) in the OpenAPI document; the alert history is the `alerts` query type. */
import {
  errors,
  iso,
  jsonBody,
  jsonResponse,
  operation,
  pathParam,
  PROJECT_ID,
  queryParams,
  ref,
  type Area,
} from '../../openapi/common';
import { MATCH_OPS, SilenceInput } from './silence';
import { SilenceListQuery } from './silence-routes';

/** silenceView (silence.ts). */
const Silence = {
  type: 'object',
  required: ['id', 'matchers', 'startsAt', 'endsAt', 'createdBy', 'comment', 'createdAt', 'status'],
  properties: {
    id: { type: 'string' },
    matchers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'op', 'value'],
        properties: {
          name: { type: 'string' },
          op: { type: 'string', enum: [...MATCH_OPS] },
          value: { type: 'string' },
        },
      },
    },
    startsAt: iso,
    endsAt: iso,
    createdBy: { type: 'string', description: 'The token’s actor' },
    comment: { type: 'string' },
    createdAt: iso,
    status: { type: 'string', enum: ['pending', 'active', 'expired'] },
  },
};

export function silencesArea(): Area {
  const list = '/api/v1/projects/{id}/silences';
  return {
    tags: [
      {
        name: 'silences',
        description:
          'Silence alerts of the processor’s ruler by label matchers for a while: recorded in the history, not notified (docs/alerting.md)',
      },
    ],
    schemas: { Silence },
    paths: {
      [list]: {
        parameters: [PROJECT_ID],
        post: operation('createSilence', 'silences', 'Create a silence', {
          description:
            'Write token. Matchers compare alert labels (alertname, rule_id, project, severity, the rule’s and the series’ labels) with = != =~ !~ (regular expressions anchored, as Alertmanager’s). startsAt defaults to now; endsAt must be in the future, at most 366 days after startsAt.',
          requestBody: jsonBody(SilenceInput),
          responses: {
            '201': jsonResponse('The silence', ref('Silence')),
            ...errors('400', '401', '403', '404'),
          },
        }),
        get: operation('listSilences', 'silences', 'List silences', {
          description:
            'Read token. Active and pending silences, newest first; `expired=true` adds the expired ones.',
          parameters: queryParams(SilenceListQuery),
          responses: {
            '200': jsonResponse('The silences', {
              type: 'object',
              required: ['silences'],
              properties: { silences: { type: 'array', items: ref('Silence') } },
            }),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      [`${list}/{silenceId}`]: {
        parameters: [PROJECT_ID, pathParam('silenceId', 'The silence id')],
        delete: operation('deleteSilence', 'silences', 'Delete a silence', {
          description:
            'Write token. The silence ends at once; alerts it hid are notified from the next change or repeat.',
          responses: { '204': { description: 'Deleted' }, ...errors('401', '403', '404') },
        }),
      },
    },
  };
}
