/** The web_vitals query type: options, frame fields and units; the SQL is in web-vitals-sql.ts. */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { DIMENSIONS, Filters, Percentile, QueryBase } from '../../schema';
import type { FrameMeta } from '../../types';
import {
  buildWebVitalsSql,
  NAVIGATION_TYPE,
  NAVIGATION_TYPES,
  percentileLevels,
  VITALS,
  type WebVitalsQuery,
  type WebVitalsSql,
} from './web-vitals-sql';

const NavigationType = z.enum(NAVIGATION_TYPES, {
  error: `navigationType is one of ${NAVIGATION_TYPES.join(', ')}`,
});
/** The shared filters plus navigationType: one value or a list, like the others. */
const VitalsFilters = Filters.extend({
  [NAVIGATION_TYPE]: z
    .union([NavigationType, z.array(NavigationType).min(1).max(NAVIGATION_TYPES.length)], {
      error: `navigationType is one of ${NAVIGATION_TYPES.join(', ')}, or a list of them`,
    })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
}).strict();
const VITALS_DIMENSIONS = [...DIMENSIONS, NAVIGATION_TYPE] as const;

/** Frame fields: the percentiles (ms; CLS has no unit), the sample count and the rating shares. */
export function webVitalFields(q: Pick<WebVitalsQuery, 'metric' | 'percentiles'>): FieldSpec[] {
  const unit = q.metric === 'CLS' ? 'none' : 'ms';
  return [
    ...percentileLevels(q.percentiles).map((pc) => ({
      name: `p${pc}`,
      type: 'number' as const,
      config: { unit },
    })),
    { name: 'samples', type: 'number', config: { unit: 'short' } },
    { name: 'good_share', type: 'number', config: { unit: 'percentunit' } },
    { name: 'needs_improvement_share', type: 'number', config: { unit: 'percentunit' } },
    { name: 'poor_share', type: 'number', config: { unit: 'percentunit' } },
  ];
}

function frameMeta(built: WebVitalsSql): FrameMeta {
  return {
    custom: {
      source: built.source,
      ...(built.intervalSeconds === undefined ? {} : { intervalMs: built.intervalSeconds * 1000 }),
    },
  };
}

export const webVitalsHandler = defineHandler({
  type: 'web_vitals',
  summary:
    'Percentiles of a Core Web Vital with good / needs-improvement / poor shares, over time or per group',
  schema: QueryBase.extend({
    type: z.literal('web_vitals'),
    metric: z.enum(VITALS, { error: `metric is one of ${VITALS.join(', ')}` }),
    percentiles: z.array(Percentile).min(1).max(5).default([75]),
    view: z.enum(['timeseries', 'table']).default('timeseries'),
    filters: VitalsFilters.default({}),
    exclude: VitalsFilters.default({}),
    groupBy: z
      .array(z.enum(VITALS_DIMENSIONS, { error: `group-by dimensions are ${VITALS_DIMENSIONS.join(', ')}` }))
      .max(3)
      .default([]),
  }),
  async run(q, ctx) {
    const built = buildWebVitalsSql(q);
    const rows = await runSql(ctx, built);
    const fields = webVitalFields(q);
    const meta = frameMeta(built);
    if (q.view === 'table')
      return [
        tableFrame(
          q.refId,
          [...q.groupBy.map((name) => ({ name, type: 'string' as const })), ...fields],
          rows,
          meta,
        ),
      ];
    return timeseriesFrames(q.refId, rows, { values: fields, labels: q.groupBy, meta });
  },
});
