/** Projects (admin-routes.ts): create, list, read, change, delete and restore, key rotation, stats. */
import { z } from 'zod';
import { CreateProject, PatchProject, RotateKey } from '../http/schemas';
import { ProjectSettingsSchema } from '../projects/settings';
import {
  errors,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  PROJECT_ID,
  ref,
  type Area,
  type Json,
  operation,
} from './common';

/** projectView (admin-routes.ts): what an admin token sees of a project. */
const Project = {
  type: 'object',
  required: ['id', 'name', 'ingestKey', 'ingestKeys', 'createdAt', 'updatedAt', 'deletedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    environment: { type: 'string' },
    allowedOrigins: { type: 'array', items: { type: 'string' } },
    ingestKey: { type: 'string', description: 'The current ingest key' },
    ingestKeys: {
      type: 'array',
      description: 'Every valid key, newest first; a rotated key expires at expiresAt',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, expiresAt: isoOrNull },
      },
    },
    retentionDays: { type: 'integer' },
    sampleRate: { type: 'number' },
    rateLimitPerSecond: { type: 'integer' },
    settings: z.toJSONSchema(ProjectSettingsSchema, {
      target: 'draft-2020-12',
      io: 'output',
      unrepresentable: 'any',
    }),
    createdAt: iso,
    updatedAt: iso,
    deletedAt: isoOrNull,
  },
};

const adminOnly = 'Admin token.';
const project = (description: string) => jsonResponse(description, ref('Project'));

const op = (operationId: string, summary: string, rest: Json) =>
  operation(operationId, 'projects', summary, rest);

export function projectsArea(): Area {
  return {
    tags: [{ name: 'projects', description: 'Projects, their ingest keys and settings' }],
    schemas: { Project },
    paths: {
      '/api/v1/projects': {
        post: op('createProject', 'Create a project (its ingest key is in the answer)', {
          description: 'Admin token for all projects.',
          requestBody: jsonBody(CreateProject),
          responses: { '201': project('The new project'), ...errors('400', '401', '403', '409') },
        }),
        get: op('listProjects', 'Projects this token reaches', {
          description:
            'Admin tokens see whole projects (with ingest keys); read and write tokens see id, name and environment.',
          parameters: [
            {
              name: 'includeDeleted',
              in: 'query',
              required: false,
              description: 'Admin tokens only: `true` lists soft-deleted projects too',
              schema: { type: 'string', enum: ['true', 'false'] },
            },
          ],
          responses: {
            '200': jsonResponse('The projects', {
              type: 'object',
              properties: {
                projects: {
                  type: 'array',
                  items: {
                    anyOf: [
                      ref('Project'),
                      {
                        type: 'object',
                        properties: {
                          id: { type: 'string' },
                          name: { type: 'string' },
                          environment: { type: 'string' },
                        },
                      },
                    ],
                  },
                },
              },
            }),
            ...errors('401'),
          },
        }),
      },
      '/api/v1/projects/{id}': {
        parameters: [PROJECT_ID],
        get: op('getProject', 'One project, soft-deleted ones included', {
          description: adminOnly,
          responses: { '200': project('The project'), ...errors('401', '403', '404') },
        }),
        patch: op('updateProject', 'Change a project: the fields sent replace the stored ones', {
          description: `${adminOnly} A settings section sent replaces that section; the others are kept.`,
          requestBody: jsonBody(PatchProject),
          responses: { '200': project('The changed project'), ...errors('400', '401', '403', '404', '409') },
        }),
        delete: op('deleteProject', 'Soft-delete a project: ingest stops, its data goes after the window', {
          description: `${adminOnly} Restorable until restorableUntil.`,
          responses: {
            '200': jsonResponse('The deleted project', {
              allOf: [ref('Project'), { type: 'object', properties: { restorableUntil: iso } }],
            }),
            ...errors('401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/restore': {
        parameters: [PROJECT_ID],
        post: op('restoreProject', 'Restore a soft-deleted project within its restore window', {
          description: adminOnly,
          responses: { '200': project('The restored project'), ...errors('401', '403', '404', '409', '410') },
        }),
      },
      '/api/v1/projects/{id}/keys/rotate': {
        parameters: [PROJECT_ID],
        post: op('rotateIngestKey', 'Make a new ingest key; the old one stays valid for overlapSeconds', {
          description: `${adminOnly} The body may be absent (a day of overlap).`,
          requestBody: jsonBody(RotateKey, { optional: true }),
          responses: {
            '200': project('The project with its new key'),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/stats': {
        parameters: [PROJECT_ID],
        get: op('getProjectStats', 'Rows stored per signal and when data last arrived', {
          description: 'What onboarding polls to see the first data arrive.',
          responses: {
            '200': jsonResponse('Counts per signal (all rows, bots, and rows without bots)', {
              type: 'object',
              properties: {
                projectId: { type: 'string' },
                counts: { type: 'object', additionalProperties: { type: 'integer' } },
                botCounts: { type: 'object', additionalProperties: { type: 'integer' } },
                countsExcludingBots: { type: 'object', additionalProperties: { type: 'integer' } },
                lastReceivedAt: isoOrNull,
              },
            }),
            ...errors('401', '404'),
          },
        }),
      },
    },
  };
}
