/** Request validation for the issue and release APIs; messages say what to send instead. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { answerInvalid } from '../http/api-errors';
import { NOT_BLANK } from '../http/schemas';
import type { Project, ProjectStore } from '../projects/project-store';
import { STATUSES } from './state';
import { SORTS, type Sort } from './issue-store';

const isoDate = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time, e.g. 2026-05-01T12:00:00Z',
});
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .max(2000)
  // The protocol rule as JSON Schema sees it (format: uri alone takes any scheme).
  .meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?:' });

/**
 * A release name. It appears in URL paths (URL-encode it: `/` as %2F), so anything printable is
 * allowed except control characters, surrounding spaces and the path segments `.` and `..`.
 */
export const ReleaseVersion = z
  .string({ error: 'version must be a string' })
  .min(1, 'version must not be empty')
  .max(200, 'version is at most 200 characters')
  // eslint-disable-next-line no-control-regex
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'version must not contain control characters')
  .refine((v) => v.trim() === v, 'version must not start or end with spaces')
  .refine((v) => v !== '.' && v !== '..', 'version must not be "." or ".."')
  // The refinements above as JSON Schema (src/openapi/): z.toJSONSchema drops refinements.
  .meta({ pattern: '^(?!\\s)(?![\\s\\S]*\\s$)[^\\u0000-\\u001f\\u007f]*$', not: { enum: ['.', '..'] } });

export const CreateRelease = z
  .object({ version: ReleaseVersion, ref: z.string().max(200).optional(), url: httpUrl.optional() })
  .strict();

export const FinalizeRelease = z.object({ finalizedAt: isoDate.optional() }).strict();

export const CreateDeploy = z
  .object({
    environment: z.string().trim().min(1, 'environment must not be empty').max(100).meta(NOT_BLANK),
    name: z.string().max(200).optional(),
    url: httpUrl.optional(),
    startedAt: isoDate.optional(),
    finishedAt: isoDate.optional(),
  })
  .strict()
  .refine((d) => !d.startedAt || !d.finishedAt || Date.parse(d.startedAt) <= Date.parse(d.finishedAt), {
    message: 'startedAt must not be after finishedAt',
    path: ['startedAt'],
  })
  // JSON Schema cannot compare two fields: the document says it in words.
  .meta({ description: 'startedAt must not be after finishedAt' });

const SETTABLE = ['resolved', 'resolved_in_next_release', 'unresolved', 'ignored'] as const;

/** What a change may set, for one issue (PatchIssue) or many (BulkPatchIssues). */
const PATCH_FIELDS = {
  status: z
    .enum(SETTABLE, {
      error: `status is one of ${SETTABLE.join(', ')} ("regressed" is set by PulseTrace when a resolved issue comes back)`,
    })
    .optional(),
  ignoreUntil: z
    .object({
      count: z.number().int().min(1).max(1e12).optional(),
      users: z.number().int().min(1).max(1e12).optional(),
      date: isoDate.optional(),
    })
    .strict()
    .refine((u) => u.count !== undefined || u.users !== undefined || u.date !== undefined, {
      message: 'ignoreUntil needs count, users or date; omit ignoreUntil to ignore forever',
    })
    .meta({ anyOf: [{ required: ['count'] }, { required: ['users'] }, { required: ['date'] }] })
    .optional(),
  assignee: z
    .string()
    .trim()
    .min(1, 'assignee must not be empty; send null to unassign')
    .max(200)
    .meta(NOT_BLANK)
    .nullable()
    .optional(),
};

/** A change's rules, the same for one issue or many (the JSON Schema form in PATCH_META). */
interface PatchShape {
  status?: string;
  assignee?: string | null;
  ignoreUntil?: unknown;
}
const changesSomething = (p: PatchShape) => p.status !== undefined || p.assignee !== undefined;
const CHANGES_SOMETHING = { message: 'send status and/or assignee' };
const ignoreUntilWithIgnored = (p: PatchShape) => p.ignoreUntil === undefined || p.status === 'ignored';
const IGNORE_UNTIL_WITH_IGNORED = {
  message: 'ignoreUntil goes with status "ignored"',
  path: ['ignoreUntil'],
};
const PATCH_META = {
  anyOf: [{ required: ['status'] }, { required: ['assignee'] }],
  if: { properties: { ignoreUntil: {} }, required: ['ignoreUntil'] },
  then: { required: ['status'], properties: { status: { const: 'ignored' } } },
};

export const PatchIssue = z
  .object(PATCH_FIELDS)
  .strict()
  .refine(changesSomething, CHANGES_SOMETHING)
  .refine(ignoreUntilWithIgnored, IGNORE_UNTIL_WITH_IGNORED)
  .meta(PATCH_META);

/** PATCH /projects/{id}/issues: one change to many issues (the app's bulk resolve / ignore / assign). */
export const BULK_MAX_IDS = 500;
export const BulkPatchIssues = z
  .object({
    ids: z
      .array(z.string().min(1).max(200), { error: 'ids is a list of issue ids' })
      .min(1, 'ids must name at least one issue')
      .max(BULK_MAX_IDS, `ids names at most ${BULK_MAX_IDS} issues`),
    ...PATCH_FIELDS,
  })
  .strict()
  .refine(changesSomething, CHANGES_SOMETHING)
  .refine(ignoreUntilWithIgnored, IGNORE_UNTIL_WITH_IGNORED)
  .meta(PATCH_META);

export const CreateComment = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'text must not be empty')
      .max(10_000, 'text is at most 10000 characters')
      .meta(NOT_BLANK),
  })
  .strict();

const statusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.enum(STATUSES, { error: `status values are ${STATUSES.join(', ')} (comma-separated)` })));

export const ListIssuesQuery = z
  .object({
    status: statusList.optional(),
    query: z.string().max(200).optional(),
    assignee: z.string().max(200).optional(),
    sort: z
      .enum(Object.keys(SORTS) as [Sort, ...Sort[]], {
        error: `sort is one of ${Object.keys(SORTS).join(', ')}`,
      })
      .default('last_seen'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const LimitQuery = (max: number, fallback: number) =>
  z.object({ limit: z.coerce.number().int().min(1).max(max).default(fallback) }).strict();

export const ReleaseListQuery = LimitQuery(1000, 100);
export const ActivityQuery = LimitQuery(5000, 1000);

/** POST …/regroup; the body may be absent (a real regroup). */
export const RegroupRequest = z.object({ dryRun: z.boolean().default(false) }).strict();

/** Keyset cursor: the sort it belongs to, and the last issue's sort key and id. */
export function encodeCursor(sort: Sort, key: number, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

const CursorShape = z.tuple([z.string(), z.number().int(), z.string().max(200)]);

export function decodeCursor(cursor: string, sort: Sort): { key: number; id: string } | undefined {
  try {
    const parsed = CursorShape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data[0] !== sort) return undefined;
    return { key: parsed.data[1], id: parsed.data[2] };
  } catch {
    return undefined;
  }
}

/** Parses or answers 400 naming each problem; returns undefined when it answered. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  res: Response,
  what: 'request body' | 'query parameters' | 'path' = 'request body',
): z.output<T> | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  answerInvalid(res, what, parsed.error);
  return undefined;
}

/** The live project named in the path, or a 404 answered. */
export function projectOf(projects: ProjectStore, req: Request, res: Response): Project | undefined {
  const id = req.params.id as string;
  const project = projects.get(id);
  if (!project) res.status(404).json({ error: `no project ${id}` });
  return project;
}
