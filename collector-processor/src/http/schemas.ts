/**
 * Request schemas of the project, token, erasure and dead-letter routes. The routes parse with
 * these objects and src/openapi/ describes the API from the same objects, so the document cannot
 * promise what the routes refuse. A rule JSON Schema can state but zod's `.refine` hides from
 * `z.toJSONSchema` is repeated as `.meta({...})` (test/openapi-bodies.test.ts checks they agree).
 */
import { z } from 'zod';
import { GroupingRuleSchema, ScrubbingSettingsSchema } from '../projects/settings';
import { SCOPES } from './auth';

/** `.trim().min(1)` as JSON Schema sees it: at least one character that is not a space. */
export const NOT_BLANK = { pattern: '\\S' } as const;

/** A settings change replaces the sections it names and keeps the others. */
export const SettingsPatch = z
  .object({
    scrubbing: ScrubbingSettingsSchema.optional(),
    groupingRules: z.array(GroupingRuleSchema).max(100).optional(),
    geoRegion: z.boolean().optional(),
  })
  .strict();

const origin = z
  .string()
  .refine(
    (o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o),
    'an origin is "*" or scheme://host[:port] with no path',
  )
  .meta({ pattern: '^(?:\\*|https?://[^/\\s]+)$' });

const ProjectFields = z.object({
  name: z.string().trim().min(1).max(200).meta(NOT_BLANK),
  environment: z.string().trim().min(1).max(100).meta(NOT_BLANK).optional(),
  allowedOrigins: z.array(origin).max(100).optional(),
  retentionDays: z.number().int().min(1).max(3650).optional(),
  sampleRate: z.number().min(0).max(1).optional(),
  rateLimitPerSecond: z.number().int().min(1).max(1_000_000).optional(),
  settings: SettingsPatch.optional(),
});
export const CreateProject = ProjectFields.strict();
export const PatchProject = ProjectFields.partial().strict();
export const RotateKey = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86400)
      .default(86400),
  })
  .strict();

export const CreateToken = z
  .object({
    name: z.string().trim().min(1, 'name must not be empty').max(200).meta(NOT_BLANK),
    scope: z.enum(SCOPES as [string, ...string[]], { error: 'scope is read, write or admin' }),
    projects: z.union(
      [
        z.literal('*'),
        z
          .array(z.string().min(1).max(100))
          .min(1, 'projects lists at least one project id, or is "*"')
          .max(1000),
      ],
      {
        error: 'projects is "*" (every project) or a list of project ids',
      },
    ),
  })
  .strict();

const subjectId = z.string().min(1).max(1024);
export const ErasureRequest = z.union([
  z.object({ userId: subjectId }).strict(),
  z.object({ visitorId: subjectId }).strict(),
]);

export const DeadLetterQuery = z
  .object({
    project: z.string().min(1).max(100).optional(),
    table: z
      .string()
      .regex(/^[a-z_]{1,64}$/, 'table is a table name such as errors or page_views')
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
