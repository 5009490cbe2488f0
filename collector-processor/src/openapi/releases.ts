/** Releases, deploys (release-routes.ts) and source maps (sourcemap-routes.ts). */
import {
  CreateDeploy,
  CreateRelease,
  FinalizeRelease,
  ReleaseListQuery,
  ReleaseVersion,
} from '../issues/schemas';
import {
  errors,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  jsonSchema,
  pathParam,
  PROJECT_ID,
  queryParams,
  ref,
  type Area,
  type Json,
  operation,
} from './common';

const nullableString = { type: ['string', 'null'] };

/** releaseView / seenReleaseView + statsView (issues/views.ts). */
const Release = {
  type: 'object',
  required: ['version', 'createdAt', 'finalizedAt', 'ref', 'url'],
  properties: {
    version: { type: 'string' },
    createdAt: iso,
    finalizedAt: isoOrNull,
    ref: nullableString,
    url: nullableString,
    deploys: { type: 'integer' },
    registered: { type: 'boolean', description: 'false for a release only seen in errors' },
    firstEvent: isoOrNull,
    lastEvent: isoOrNull,
    events: { type: 'integer' },
    issues: { type: 'integer' },
    newIssues: { type: 'integer' },
  },
};

/** deployView (issues/views.ts). */
const Deploy = {
  type: 'object',
  required: ['id', 'release', 'environment', 'finishedAt'],
  properties: {
    id: { type: 'string' },
    release: { type: 'string' },
    environment: { type: 'string' },
    name: nullableString,
    url: nullableString,
    startedAt: isoOrNull,
    finishedAt: iso,
  },
};

const Artifact = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'The path in the build directory' },
    kind: { type: 'string' },
    debugId: { type: ['string', 'null'] },
    bytes: { type: 'integer' },
    sha256: { type: 'string' },
  },
};

const VERSION = pathParam('version', 'The release, URL-encoded (`/` as %2F)', jsonSchema(ReleaseVersion));

const op = (operationId: string, summary: string, rest: Json, tag = 'releases') =>
  operation(operationId, tag, summary, rest);

export function releasesArea(): Area {
  return {
    tags: [
      { name: 'releases', description: 'Releases and deploys, as the CLI registers them' },
      { name: 'sourcemaps', description: 'Source maps for symbolication (never served back)' },
    ],
    schemas: { Release, Deploy, Artifact },
    paths: {
      '/api/v1/projects/{id}/releases': {
        parameters: [PROJECT_ID],
        post: op('createRelease', 'Register a release (again: keeps its creation time)', {
          description: 'Write token. 201 for a new release, 200 when it existed.',
          requestBody: jsonBody(CreateRelease),
          responses: {
            '200': jsonResponse('The release existed (ref and url updated if sent)', ref('Release')),
            '201': jsonResponse('The new release', ref('Release')),
            ...errors('400', '401', '403', '404'),
          },
        }),
        get: op('listReleases', 'Registered releases and releases seen in errors, newest first', {
          parameters: queryParams(ReleaseListQuery),
          responses: {
            '200': jsonResponse('The releases', {
              type: 'object',
              properties: { releases: { type: 'array', items: ref('Release') } },
            }),
            ...errors('400', '401', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/releases/{version}/finalize': {
        parameters: [PROJECT_ID, VERSION],
        post: op('finalizeRelease', 'Mark a release as released (now, or at finalizedAt)', {
          description: 'Write token. Finalizing again without a date keeps the first date.',
          requestBody: jsonBody(FinalizeRelease, { optional: true }),
          responses: {
            '200': jsonResponse('The release', ref('Release')),
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/releases/{version}/deploys': {
        parameters: [PROJECT_ID, VERSION],
        post: op('createDeploy', 'Record a deploy of a release (registering the release if new)', {
          description: 'Write token.',
          requestBody: jsonBody(CreateDeploy),
          responses: {
            '201': jsonResponse('The deploy', ref('Deploy')),
            ...errors('400', '401', '403', '404'),
          },
        }),
        get: op('listDeploys', 'Deploys of a release, newest first', {
          parameters: queryParams(ReleaseListQuery),
          responses: {
            '200': jsonResponse('The deploys', {
              type: 'object',
              properties: { deploys: { type: 'array', items: ref('Deploy') } },
            }),
            ...errors('400', '401', '404'),
          },
        }),
      },
      '/api/v1/projects/{id}/releases/{version}/sourcemaps': {
        parameters: [PROJECT_ID, VERSION],
        post: op(
          'uploadSourcemaps',
          'Upload a release’s built files and source maps',
          {
            description:
              'Write token. multipart/form-data: file parts named `file` (their filename is the path in the build directory), optional fields `urlPrefix` and `dist`. Re-uploading a name replaces it.',
            requestBody: {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    required: ['file'],
                    properties: {
                      file: {
                        type: 'array',
                        items: { type: 'string', contentMediaType: 'application/octet-stream' },
                      },
                      urlPrefix: { type: 'string', description: 'e.g. `~/assets/`' },
                      dist: { type: 'string' },
                    },
                  },
                },
              },
            },
            responses: {
              '201': jsonResponse('What was stored and which files found their maps', {
                type: 'object',
                properties: {
                  release: { type: 'string' },
                  files: { type: 'array', items: ref('Artifact') },
                  matched: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { source: { type: 'string' }, sourcemap: { type: 'string' } },
                    },
                  },
                  unmatched: { type: 'array', items: { type: 'string' } },
                },
              }),
              ...errors('400', '401', '403', '404', '413', '415'),
            },
          },
          'sourcemaps',
        ),
        get: op(
          'listSourcemaps',
          'The files stored for a release (names, kinds, sizes, hashes; never content)',
          {
            description: 'Write token.',
            responses: {
              '200': jsonResponse('The release’s files', {
                type: 'object',
                properties: { release: { type: 'string' }, files: { type: 'array', items: ref('Artifact') } },
              }),
              ...errors('400', '401', '403', '404'),
            },
          },
          'sourcemaps',
        ),
      },
    },
  };
}
