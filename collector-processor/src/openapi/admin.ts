/**
 * Tokens and whoami (token-routes.ts), dead letters, data-subject erasure, and the unauthenticated
 * service routes (health, readiness, metrics, this document).
 */
import { CreateToken, DeadLetterQuery, ErasureRequest } from '../http/schemas';
import {
  errors,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  jsonSchema,
  pathParam,
  PROJECT_ID,
  PUBLIC,
  queryParams,
  ref,
  type Area,
  operation,
} from './common';

/** tokenView (token-routes.ts). */
const Token = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string', enum: ['read', 'write', 'admin'] },
    projects: {
      anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' } }],
    },
    createdAt: iso,
    createdBy: { type: 'string' },
    revokedAt: isoOrNull,
  },
};

/** erasureView (erasure-routes.ts). */
const Erasure = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    projectId: { type: 'string' },
    kind: { type: 'string' },
    subjectSha256: { type: 'string', description: 'SHA-256 of `<kind>:<id>`; the id itself is not kept' },
    actor: { type: 'string' },
    status: { type: 'string' },
    phase: { type: 'string' },
    requestedAt: iso,
    finishedAt: isoOrNull,
    rowsDeleted: { type: 'integer' },
    tables: { type: 'object', additionalProperties: { type: 'integer' } },
    error: { type: ['string', 'null'] },
    statusUrl: { type: 'string', description: 'Where to follow the erasure (POST only)' },
  },
};

const status = (values: string[]) => ({
  type: 'object',
  properties: { status: { type: 'string', enum: values }, reason: { type: 'string' } },
});

const op = operation;

export function adminArea(): Area {
  return {
    tags: [
      { name: 'tokens', description: 'API tokens scoped to projects (read, write, admin)' },
      { name: 'admin', description: 'Dead letters and data-subject erasure (admin token)' },
      { name: 'service', description: 'Health, readiness, metrics and this document: no token' },
    ],
    schemas: { CreateToken: jsonSchema(CreateToken), Token, Erasure },
    paths: {
      '/api/v1/tokens': {
        post: op('createToken', 'tokens', 'Make a token for some projects; the token is shown once', {
          description: 'Admin token for all projects.',
          requestBody: jsonBody(ref('CreateToken')),
          responses: {
            '201': jsonResponse('The token’s grant, and the token itself (shown only now)', {
              allOf: [ref('Token'), { type: 'object', properties: { token: { type: 'string' } } }],
            }),
            ...errors('400', '401', '403'),
          },
        }),
        get: op('listTokens', 'tokens', 'List tokens (never their secrets)', {
          description: 'Admin token for all projects.',
          responses: {
            '200': jsonResponse('The tokens', {
              type: 'object',
              properties: { tokens: { type: 'array', items: ref('Token') } },
            }),
            ...errors('401', '403'),
          },
        }),
      },
      '/api/v1/tokens/{tokenId}': {
        parameters: [pathParam('tokenId', 'The token’s id (not its secret)')],
        delete: op('revokeToken', 'tokens', 'Revoke a token', {
          description: 'Admin token for all projects.',
          responses: {
            '200': jsonResponse('The revoked token', ref('Token')),
            ...errors('401', '403', '404'),
          },
        }),
      },
      '/api/v1/whoami': {
        get: op('whoami', 'tokens', 'What the calling token may do (Grafana’s “Save & test”)', {
          responses: {
            '200': jsonResponse('The token’s scope and projects', {
              type: 'object',
              properties: {
                scope: { type: 'string', enum: ['read', 'write', 'admin'] },
                projects: { anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' } }] },
                visibleProjects: { type: 'array', items: { type: 'string' } },
                tokenId: { type: ['string', 'null'] },
              },
            }),
            ...errors('401'),
          },
        }),
      },
      '/api/v1/dead-letters': {
        get: op('listDeadLetters', 'admin', 'Rows ClickHouse rejected for their data, newest first', {
          description: 'Admin token; a token limited to some projects sees only theirs.',
          parameters: queryParams(DeadLetterQuery),
          responses: {
            '200': jsonResponse('The rejected rows, each with why and the row to re-insert', {
              type: 'object',
              properties: {
                deadLetters: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      projectId: { type: 'string' },
                      table: { type: 'string' },
                      failedAt: iso,
                      receivedAt: isoOrNull,
                      errorCode: { type: 'integer' },
                      error: { type: 'string' },
                      row: { type: 'string', description: 'The row as JSON, as it was sent to ClickHouse' },
                      walBatch: { type: 'string' },
                    },
                  },
                },
              },
            }),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/erasure': {
        parameters: [PROJECT_ID],
        post: op('startErasure', 'admin', 'Erase one user’s or visitor’s data (cannot be undone)', {
          description: 'Admin token. Send userId or visitorId, not both. Follow it at statusUrl.',
          requestBody: jsonBody(ErasureRequest),
          responses: {
            '202': jsonResponse('The erasure, started', ref('Erasure')),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/erasures': {
        parameters: [PROJECT_ID],
        get: op('listErasures', 'admin', 'The project’s erasure audit list', {
          responses: {
            '200': jsonResponse('The erasures', {
              type: 'object',
              properties: { erasures: { type: 'array', items: ref('Erasure') } },
            }),
            ...errors('401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/erasures/{erasure}': {
        parameters: [PROJECT_ID, pathParam('erasure', 'The erasure id from POST …/erasure')],
        get: op('getErasure', 'admin', 'One erasure, with the tables done so far while it runs', {
          responses: { '200': jsonResponse('The erasure', ref('Erasure')), ...errors('401', '403', '404') },
        }),
      },
      '/healthz': {
        get: op('healthz', 'service', 'Liveness: the process answers', {
          security: PUBLIC,
          responses: { '200': jsonResponse('Alive', status(['ok'])) },
        }),
      },
      '/readyz': {
        get: op('readyz', 'service', 'Readiness: accepting data (not starting, stopping or WAL-full)', {
          security: PUBLIC,
          responses: {
            '200': jsonResponse('Ready', status(['ready'])),
            '503': jsonResponse('Not ready, and why', status(['not ready'])),
          },
        }),
      },
      '/metrics': {
        get: op('metrics', 'service', 'Prometheus metrics', {
          security: PUBLIC,
          responses: {
            '200': {
              description: 'Prometheus text exposition format',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        }),
      },
      '/api/openapi.json': {
        get: op('openapi', 'service', 'This document', {
          security: PUBLIC,
          responses: { '200': jsonResponse('The OpenAPI 3.1 document', { type: 'object' }) },
        }),
      },
    },
  };
}
