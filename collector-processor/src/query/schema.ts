/**
 * The parts every query shares (project, time range, interval, filters, group-by, limit), as zod
 * schemas. Each query type extends `QueryBase` with `type: z.literal(...)` and its own options
 * (handlers/*); `registry.ts` joins them into the request schema, which is also the OpenAPI
 * document. Callers never send SQL: every field here is a value, bound as a parameter, or a name
 * from a fixed list mapped to a column.
 */
import { z } from 'zod';
import { timeSchema } from './time';

/** Longest time range one query may cover. */
export const MAX_RANGE_MS = 400 * 86400_000;

const MAX_VALUE = 1000;

/** A range's start and end (epoch ms, ISO 8601 or `now-1h`): one parser for every route, time.ts. */
export const Time = timeSchema();
/** A range's end: `now/d` is the end of today, as in Grafana. */
export const TimeEnd = timeSchema({ roundUp: true });

/** One value or a list of values (matched with IN). */
const FilterValues = z
  .union([z.string().max(MAX_VALUE), z.array(z.string().max(MAX_VALUE)).min(1).max(100)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** Filters every query type accepts; values are compared exactly, except urlPrefix. */
export const FILTER_KEYS = [
  'release',
  'environment',
  'route',
  'urlPrefix',
  'browser',
  'os',
  'device',
  'country',
  'session',
  'user',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const Filters = z
  .object(
    Object.fromEntries(FILTER_KEYS.map((k) => [k, FilterValues.optional()])) as {
      [K in FilterKey]: z.ZodOptional<typeof FilterValues>;
    },
  )
  .strict();
export type Filters = z.infer<typeof Filters>;

/** Dimensions a query can group by; each is one column of every signal table. */
export const DIMENSIONS = [
  'release',
  'environment',
  'route',
  'url',
  'browser',
  'os',
  'device',
  'country',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const Dimension = z.enum(DIMENSIONS, {
  error: `group-by dimensions are ${DIMENSIONS.join(', ')}`,
});

/** Percentiles the pre-aggregated tables keep (quantilesTDigest levels in migration 0001). */
export const PERCENTILES = [50, 75, 90, 95, 99] as const;
export const Percentile = z.union(
  [z.literal(50), z.literal(75), z.literal(90), z.literal(95), z.literal(99)],
  {
    error: `percentiles are ${PERCENTILES.join(', ')}`,
  },
);
export type Percentile = z.infer<typeof Percentile>;

export const QueryBase = z
  .object({
    /** Grafana's query id; answers are keyed by it. */
    refId: z.string().min(1).max(50).default('A'),
    project: z.string().min(1).max(100),
    from: Time,
    to: TimeEnd,
    /** Bucket width for time series; chosen from the range and maxDataPoints when absent. */
    intervalMs: z
      .number()
      .int()
      .min(1000)
      .max(31 * 86400_000)
      .optional(),
    maxDataPoints: z.number().int().min(1).max(11_000).default(1000),
    filters: Filters.default({}),
    /** The same keys as filters, excluded (Grafana's != ad-hoc filters). */
    exclude: Filters.default({}),
    groupBy: z.array(Dimension).max(3).default([]),
    /** Bots and headless browsers are left out unless asked for (issue #4). */
    includeBots: z.boolean().default(false),
    limit: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();
export type QueryBase = z.infer<typeof QueryBase>;

/** Checks shared by every query type, applied after the type's own schema. */
export function checkRange(q: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (q.from >= q.to) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['from'] });
  else if (q.to - q.from > MAX_RANGE_MS)
    ctx.addIssue({ code: 'custom', message: 'the time range is at most 400 days', path: ['to'] });
}
