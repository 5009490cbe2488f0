/** Receivers and deliveries in the OpenAPI document (routes.ts; docs/alerting.md "Receivers and delivery"). */
import {
  errors,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  jsonSchema,
  operation,
  pathParam,
  PROJECT_ID,
  queryParams,
  ref,
  type Area,
} from '../../openapi/common';
import { DELIVERY_STATES } from './outbox';
import { ReceiverBody } from './receiver-view';
import { DefaultReceiversBody, DeliveriesQuery } from './routes';

const TAG = 'alert-receivers';
const NAME = pathParam('name', 'The receiver name (1-63 lowercase letters, digits, ".", "_" or "-")');
const KEY = pathParam('key', 'The notification key (URL-encoded)');
const intOrNull = { type: ['integer', 'null'] };
const stringOrNull = { type: ['string', 'null'] };

/** receiverView: secret fields masked (`url`) or reported as set (`secretSet`…), never their values. */
const ReceiverView = {
  type: 'object',
  required: ['type', 'name', 'url'],
  properties: {
    type: { type: 'string', enum: ['slack', 'webhook', 'alertmanager'] },
    name: { type: 'string' },
    url: {
      type: 'string',
      description: 'Origin only, e.g. `https://hooks.slack.com/…(set)`: the rest is secret',
    },
    channel: { type: 'string' },
    secretSet: { type: 'boolean', description: 'webhook: a signing secret is stored' },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string', const: '(set)' },
      description: 'webhook: header names; values are secret',
    },
    maxAttempts: { type: 'integer' },
    resendDelay: { type: 'string' },
    bearerTokenSet: { type: 'boolean' },
    basicAuthSet: { type: 'boolean' },
  },
};

const Delivery = {
  type: 'object',
  required: ['key', 'receiver', 'status', 'state', 'attempts'],
  properties: {
    key: { type: 'string', description: 'Idempotency key; sent to webhooks as X-PulseTrace-Delivery' },
    receiver: { type: 'string' },
    status: { type: 'string', enum: ['firing', 'resolved', 'test'] },
    state: { type: 'string', enum: [...DELIVERY_STATES] },
    attempts: { type: 'integer' },
    createdAt: iso,
    updatedAt: iso,
    nextAttemptAt: { ...isoOrNull, description: 'pending: when the next attempt is due' },
    lastStatus: { ...intOrNull, description: 'HTTP status of the last attempt' },
    lastError: {
      ...stringOrNull,
      description: 'dead: why (e.g. `HTTP 503 after 8 attempts`); free of secrets',
    },
    alerts: {
      type: 'array',
      items: { type: 'object' },
      description: 'ruleId, ruleName, fingerprint, labels',
    },
  },
};

const Attempt = {
  type: 'object',
  properties: {
    attempt: { type: 'integer' },
    at: iso,
    ok: { type: 'boolean' },
    httpStatus: intOrNull,
    error: stringOrNull,
    durationMs: { type: 'integer' },
    nextDelayMs: { ...intOrNull, description: 'The backoff chosen after a failed attempt' },
  },
};

const TestAttempt = {
  type: 'object',
  required: ['key', 'receiver', 'ok'],
  properties: {
    key: { type: 'string' },
    receiver: { type: 'string' },
    ok: { type: 'boolean' },
    httpStatus: intOrNull,
    error: stringOrNull,
    durationMs: { type: 'integer' },
  },
};

export function alertReceiversArea(): Area {
  const base = '/api/v1/projects/{id}';
  const list = { type: 'object', properties: { receivers: { type: 'array', items: { type: 'string' } } } };
  return {
    tags: [
      {
        name: TAG,
        description:
          'Where alert notifications go, and how their delivery went (docs/alerting.md "Receivers and delivery")',
      },
    ],
    schemas: {
      ReceiverBody: jsonSchema(ReceiverBody),
      AlertReceiver: ReceiverView,
      AlertDelivery: Delivery,
      AlertDeliveryAttempt: Attempt,
    },
    paths: {
      [`${base}/receivers`]: {
        parameters: [PROJECT_ID],
        get: operation(
          'listAlertReceivers',
          TAG,
          'The project’s receivers (secrets masked) and its default receivers',
          {
            description: 'Read token.',
            responses: {
              '200': jsonResponse('Receivers', {
                type: 'object',
                properties: {
                  receivers: { type: 'array', items: ref('AlertReceiver') },
                  defaultReceivers: { type: 'array', items: { type: 'string' } },
                },
              }),
              ...errors('401', '403', '404'),
            },
          },
        ),
      },
      [`${base}/receivers/{name}`]: {
        parameters: [PROJECT_ID, NAME],
        get: operation('getAlertReceiver', TAG, 'One receiver (secrets masked)', {
          description: 'Read token.',
          responses: {
            '200': jsonResponse('The receiver', ref('AlertReceiver')),
            ...errors('400', '401', '403', '404'),
          },
        }),
        put: operation('putAlertReceiver', TAG, 'Create or replace a receiver', {
          description:
            'Write token. Secret fields (url, secret, headers, bearerToken, basicAuth) are write-only; leave one out to keep the stored value (same type only).',
          requestBody: jsonBody(ref('ReceiverBody')),
          responses: {
            '200': jsonResponse('Replaced', ref('AlertReceiver')),
            '201': jsonResponse('Created', ref('AlertReceiver')),
            ...errors('400', '401', '403', '404'),
          },
        }),
        delete: operation('deleteAlertReceiver', TAG, 'Delete a receiver', {
          description: 'Write token. Notifications still pending for it become dead letters.',
          responses: { '204': { description: 'Deleted' }, ...errors('400', '401', '403', '404') },
        }),
      },
      [`${base}/receivers/{name}/test`]: {
        parameters: [PROJECT_ID, NAME],
        post: operation('testAlertReceiver', TAG, 'Send a test notification now', {
          description: 'Write token. One attempt, no retry; answers how it went (also in the attempt log).',
          responses: {
            '200': jsonResponse('The attempt', TestAttempt),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      [`${base}/default-receivers`]: {
        parameters: [PROJECT_ID],
        get: operation(
          'getDefaultAlertReceivers',
          TAG,
          'The receivers a rule with none of its own notifies',
          {
            description: 'Read token.',
            responses: { '200': jsonResponse('Default receivers', list), ...errors('401', '403', '404') },
          },
        ),
        put: operation('putDefaultAlertReceivers', TAG, 'Set the default receivers', {
          description: 'Write token. Each must exist in the project.',
          requestBody: jsonBody(DefaultReceiversBody),
          responses: {
            '200': jsonResponse('Default receivers', list),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      [`${base}/alert-deliveries`]: {
        parameters: [PROJECT_ID],
        get: operation(
          'listAlertDeliveries',
          TAG,
          'Notifications by delivery state (dead letters with their last error)',
          {
            description: 'Read token. Newest first.',
            parameters: queryParams(DeliveriesQuery),
            responses: {
              '200': jsonResponse('Deliveries', {
                type: 'object',
                properties: { deliveries: { type: 'array', items: ref('AlertDelivery') } },
              }),
              ...errors('400', '401', '403', '404'),
            },
          },
        ),
      },
      [`${base}/alert-deliveries/{key}`]: {
        parameters: [PROJECT_ID, KEY],
        get: operation('getAlertDelivery', TAG, 'One notification with every attempt', {
          description: 'Read token.',
          responses: {
            '200': jsonResponse('The delivery', {
              allOf: [
                ref('AlertDelivery'),
                {
                  type: 'object',
                  properties: { attemptLog: { type: 'array', items: ref('AlertDeliveryAttempt') } },
                },
              ],
            }),
            ...errors('401', '403', '404'),
          },
        }),
      },
    },
  };
}
