/**
 * Per-project settings for privacy scrubbing and issue grouping, stored as JSON in
 * `projects.settings` (migration 0004) and edited through the admin API. Every field has a
 * default, so a project saved before a field existed reads back as if it had the default.
 */
import { z } from 'zod';

// `.meta` repeats a rule a refinement checks where JSON Schema can state it, so the OpenAPI
// document (src/openapi/, generated with z.toJSONSchema, which drops refinements) states it too.
/** `.trim().min(1)` as JSON Schema sees it: at least one character that is not a space. */
const notBlank = { pattern: '\\S' };

function isValidRegex(source: string, flags = ''): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

/** A custom pattern scrubbed from every string the default rules cover. */
export const ScrubRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(100).meta(notBlank).optional(),
    pattern: z.string().min(1).max(1000),
    /** Regex flags; `g` is always added. */
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only contain i, m, s, u')
      .optional(),
    /** Replacement, e.g. "[order-id]"; default "[redacted]". */
    placeholder: z.string().min(1).max(50).optional(),
  })
  .strict()
  .refine((r) => isValidRegex(r.pattern, r.flags), { message: 'pattern is not a valid regular expression' })
  .meta({ description: 'pattern must be a valid JavaScript regular expression with these flags' });

export const ScrubbingSettingsSchema = z
  .object({
    /** Extra patterns, applied after the default rules. */
    customRules: z.array(ScrubRuleSchema).max(50).default([]),
    /** Attribute/property/query keys whose values are always replaced (case-insensitive substrings). */
    denyKeys: z.array(z.string().trim().min(1).max(100).meta(notBlank)).max(100).default([]),
    /** Keys never scrubbed by key name (values are still checked against the patterns). */
    allowKeys: z.array(z.string().trim().min(1).max(100).meta(notBlank)).max(100).default([]),
  })
  .strict();

/**
 * Server-side grouping rule: the first rule whose every given matcher matches decides the
 * fingerprint. Matchers are globs (`*`, `?`), case-insensitive. `fingerprint` entries may use
 * `{{ default }}` (the v1 fingerprint components), `{{ type }}`, `{{ message }}`, `{{ release }}`.
 */
export const GroupingRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(100).meta(notBlank).optional(),
    type: z.string().min(1).max(500).optional(),
    message: z.string().min(1).max(1000).optional(),
    /** Matches an in-app frame's function or filename. */
    frame: z.string().min(1).max(500).optional(),
    fingerprint: z.array(z.string().min(1).max(200)).min(1).max(10),
  })
  .strict()
  .refine((r) => r.type !== undefined || r.message !== undefined || r.frame !== undefined, {
    message: 'a grouping rule needs at least one of type, message or frame',
  })
  .meta({ anyOf: [{ required: ['type'] }, { required: ['message'] }, { required: ['frame'] }] });

export const ProjectSettingsSchema = z
  .object({
    scrubbing: ScrubbingSettingsSchema.default({ customRules: [], denyKeys: [], allowKeys: [] }),
    groupingRules: z.array(GroupingRuleSchema).max(100).default([]),
    /** Store the region (subdivision) next to the country when the GeoIP database has it. */
    geoRegion: z.boolean().default(false),
  })
  .strict();

export type ScrubRule = z.infer<typeof ScrubRuleSchema>;
export type ScrubbingSettings = z.infer<typeof ScrubbingSettingsSchema>;
export type GroupingRule = z.infer<typeof GroupingRuleSchema>;
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export function defaultSettings(): ProjectSettings {
  return ProjectSettingsSchema.parse({});
}

/** Settings as stored; an unreadable value falls back to the defaults rather than failing ingest. */
export function parseStoredSettings(json: string | undefined): ProjectSettings {
  if (!json) return defaultSettings();
  try {
    const parsed = ProjectSettingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : defaultSettings();
  } catch {
    return defaultSettings();
  }
}
