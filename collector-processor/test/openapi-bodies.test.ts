/**
 * The request bodies the OpenAPI document describes are the ones the routes accept: for each
 * case the route's own zod schema and a JSON Schema validator (ajv) reading the document agree
 * with the expected answer. A rule zod states as a refinement must be in the document too
 * (src/http/schemas.ts repeats those as `.meta`); the one JSON Schema cannot state (a date
 * compared with another field) is checked to be said in words instead.
 */
import type { z } from 'zod';
import { CreateProject, CreateToken, ErasureRequest, PatchProject, RotateKey } from '../src/http/schemas';
import {
  CreateComment,
  CreateDeploy,
  CreateRelease,
  FinalizeRelease,
  PatchIssue,
  RegroupRequest,
} from '../src/issues/schemas';
import { openApiDocument } from '../src/openapi';
import { documentValidator, operation } from './helpers/openapi';

type Case = [name: string, body: unknown, accepted: boolean];

const T1 = '2026-05-01T12:00:00Z';
const T2 = '2026-05-01T13:00:00+02:00';

const TABLE: Array<{ operationId: string; schema: z.ZodType; cases: Case[] }> = [
  {
    operationId: 'createProject',
    schema: CreateProject,
    cases: [
      ['name only', { name: 'shop' }, true],
      [
        'every field',
        {
          name: 'shop',
          environment: 'prod',
          allowedOrigins: ['https://shop.example', 'http://localhost:5173', '*'],
          retentionDays: 30,
          sampleRate: 0.5,
          rateLimitPerSecond: 100,
          settings: { geoRegion: true },
        },
        true,
      ],
      ['no name', { environment: 'prod' }, false],
      ['blank name', { name: '   ' }, false],
      ['unknown field', { name: 'shop', owner: 'me' }, false],
      ['origin with a path', { name: 'shop', allowedOrigins: ['https://shop.example/app'] }, false],
      ['origin without scheme', { name: 'shop', allowedOrigins: ['shop.example'] }, false],
      ['sample rate above 1', { name: 'shop', sampleRate: 2 }, false],
      ['fractional retention', { name: 'shop', retentionDays: 1.5 }, false],
      ['unknown settings section', { name: 'shop', settings: { colour: 'red' } }, false],
      [
        'grouping rule and scrubbing',
        {
          name: 'shop',
          settings: {
            groupingRules: [{ type: 'ChunkLoadError', fingerprint: ['chunk-load'] }],
            scrubbing: { customRules: [{ pattern: 'ord-\\d+', flags: 'i' }], denyKeys: ['secret'] },
          },
        },
        true,
      ],
      [
        'grouping rule matching nothing',
        { name: 'shop', settings: { groupingRules: [{ fingerprint: ['x'] }] } },
        false,
      ],
      ['blank deny key', { name: 'shop', settings: { scrubbing: { denyKeys: [' '] } } }, false],
      [
        'unknown regex flag',
        { name: 'shop', settings: { scrubbing: { customRules: [{ pattern: 'a', flags: 'g' }] } } },
        false,
      ],
    ],
  },
  {
    operationId: 'updateProject',
    schema: PatchProject,
    cases: [
      ['nothing', {}, true],
      ['rename', { name: 'shop 2' }, true],
      ['empty name', { name: '' }, false],
      ['origins', { allowedOrigins: ['http://127.0.0.1:8080'] }, true],
      ['unknown field', { ingestKey: 'k' }, false],
    ],
  },
  {
    operationId: 'rotateIngestKey',
    schema: RotateKey,
    cases: [
      ['default overlap', {}, true],
      ['no overlap', { overlapSeconds: 0 }, true],
      ['negative', { overlapSeconds: -1 }, false],
      ['over 30 days', { overlapSeconds: 31 * 86400 }, false],
      ['a string', { overlapSeconds: '60' }, false],
    ],
  },
  {
    operationId: 'createRelease',
    schema: CreateRelease,
    cases: [
      ['version', { version: '1.4.0' }, true],
      [
        'slash, ref and url',
        { version: 'web/1.4.0+build.7', ref: 'abc123', url: 'https://ci.example/7' },
        true,
      ],
      ['no version', { ref: 'abc' }, false],
      ['empty version', { version: '' }, false],
      ['leading space', { version: ' 1.4.0' }, false],
      ['trailing line separator', { version: '1.4.0\u2028' }, false],
      ['inner space', { version: '1.4.0 beta' }, true],
      ['control character', { version: '1.4\u0001' }, false],
      ['dot', { version: '.' }, false],
      ['dot dot', { version: '..' }, false],
      ['ftp url', { version: '1', url: 'ftp://ci.example/7' }, false],
      ['upper-case scheme', { version: '1', url: 'HTTPS://ci.example/7' }, true],
      ['unknown field', { version: '1', name: 'x' }, false],
    ],
  },
  {
    operationId: 'finalizeRelease',
    schema: FinalizeRelease,
    cases: [
      ['now', {}, true],
      ['a date', { finalizedAt: T1 }, true],
      ['not a date', { finalizedAt: 'yesterday' }, false],
      ['date without zone', { finalizedAt: '2026-05-01T12:00:00' }, false],
    ],
  },
  {
    operationId: 'createDeploy',
    schema: CreateDeploy,
    cases: [
      ['environment', { environment: 'production' }, true],
      [
        'every field',
        { environment: 'prod', name: 'eu-1', url: 'https://x.example', startedAt: T2, finishedAt: T1 },
        true,
      ],
      ['blank environment', { environment: '  ' }, false],
      ['no environment', { name: 'eu-1' }, false],
      ['unknown field', { environment: 'prod', release: '1' }, false],
    ],
  },
  {
    operationId: 'updateIssue',
    schema: PatchIssue,
    cases: [
      ['resolve', { status: 'resolved' }, true],
      ['resolve in next release', { status: 'resolved_in_next_release' }, true],
      ['unassign', { assignee: null }, true],
      ['assign and reopen', { status: 'unresolved', assignee: 'ana@example.com' }, true],
      ['blank assignee', { assignee: '   ' }, false],
      ['nothing', {}, false],
      ['regressed is not settable', { status: 'regressed' }, false],
      ['ignore until a count', { status: 'ignored', ignoreUntil: { count: 10 } }, true],
      ['ignore until a date', { status: 'ignored', ignoreUntil: { date: T1 } }, true],
      ['ignore forever', { status: 'ignored' }, true],
      ['ignoreUntil without a condition', { status: 'ignored', ignoreUntil: {} }, false],
      ['ignoreUntil with resolve', { status: 'resolved', ignoreUntil: { count: 10 } }, false],
      ['ignoreUntil without status', { assignee: 'ana', ignoreUntil: { users: 5 } }, false],
      ['zero count', { status: 'ignored', ignoreUntil: { count: 0 } }, false],
    ],
  },
  {
    operationId: 'commentOnIssue',
    schema: CreateComment,
    cases: [
      ['text', { text: 'looking into it' }, true],
      ['blank', { text: ' \n ' }, false],
      ['empty', { text: '' }, false],
      ['no text', {}, false],
      ['too long', { text: 'x'.repeat(10_001) }, false],
    ],
  },
  {
    operationId: 'createToken',
    schema: CreateToken,
    cases: [
      ['every project', { name: 'grafana', scope: 'read', projects: '*' }, true],
      ['some projects', { name: 'ci', scope: 'write', projects: ['p1', 'p2'] }, true],
      ['no projects', { name: 'ci', scope: 'write', projects: [] }, false],
      ['unknown scope', { name: 'ci', scope: 'owner', projects: '*' }, false],
      ['blank name', { name: '  ', scope: 'read', projects: '*' }, false],
      ['projects as a string', { name: 'ci', scope: 'read', projects: 'p1' }, false],
    ],
  },
  {
    operationId: 'startErasure',
    schema: ErasureRequest,
    cases: [
      ['a user', { userId: 'u-42' }, true],
      ['a visitor', { visitorId: 'v-7' }, true],
      ['both', { userId: 'u-42', visitorId: 'v-7' }, false],
      ['neither', {}, false],
      ['empty id', { userId: '' }, false],
      ['unknown field', { userId: 'u', reason: 'gdpr' }, false],
    ],
  },
  {
    operationId: 'startRegroup',
    schema: RegroupRequest,
    cases: [
      ['a regroup', {}, true],
      ['a dry run', { dryRun: true }, true],
      ['dryRun as a string', { dryRun: 'yes' }, false],
      ['unknown field', { rules: [] }, false],
    ],
  },
];

const validator = documentValidator();

describe.each(TABLE)('$operationId request body', ({ operationId, schema, cases }) => {
  const validate = validator.requestBody(operationId);
  it.each(cases)('%s', (name, body, accepted) => {
    const zodAccepts = schema.safeParse(body).success;
    const documentAccepts = validate(body);
    expect({ name, zodAccepts, documentAccepts }).toEqual({
      name,
      zodAccepts: accepted,
      documentAccepts: accepted,
    });
  });
});

describe('rules JSON Schema cannot state', () => {
  it('a scrub pattern that is not a valid regular expression: refused by the route, said in words', () => {
    const body = { name: 'shop', settings: { scrubbing: { customRules: [{ pattern: '(unclosed' }] } } };
    expect(CreateProject.safeParse(body).success).toBe(false);
    expect(validator.requestBody('createProject')(body)).toBe(true);
    expect(JSON.stringify(operation(openApiDocument(), 'createProject').op.requestBody)).toContain(
      'pattern must be a valid JavaScript regular expression',
    );
  });

  it('deploy dates in the wrong order: refused by the route, said in words by the document', () => {
    const reversed = { environment: 'prod', startedAt: T1, finishedAt: '2026-05-01T11:00:00Z' };
    expect(CreateDeploy.safeParse(reversed).success).toBe(false);
    expect(validator.requestBody('createDeploy')(reversed)).toBe(true);
    const { op } = operation(openApiDocument(), 'createDeploy');
    expect(op.requestBody.content['application/json'].schema.description).toBe(
      'startedAt must not be after finishedAt',
    );
  });
});
