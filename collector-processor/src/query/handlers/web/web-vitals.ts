/** The web_vitals query type: options, frame fields and units; the SQL is in web-vitals-sql.ts. */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { DIMENSIONS, Filters, Percentile, QueryBase } from '../../schema';
import type { FrameMeta } from '../../types';
import {
  buildAttributionSql,
  buildHistogramSql,
  buildPhasesSql,
  HISTOGRAM_BUCKETS,
  VITAL_PHASES,
} from './web-vitals-breakdown-sql';
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
  const unit = unitOf(q.metric);
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

export const WEB_VITALS_VIEWS = ['timeseries', 'table', 'histogram', 'attribution', 'phases'] as const;
const RAW_META: FrameMeta = { custom: { source: 'web_vitals' } };
const unitOf = (metric: string) => (metric === 'CLS' ? 'none' : 'ms');

/** The attribution view: the key's values (shown under the key's name), then the vital's numbers. */
function attributionFields(q: Pick<WebVitalsQuery, 'metric' | 'percentiles'>, key: string): FieldSpec[] {
  return [
    { name: 'attribution', type: 'string', config: { displayName: key } },
    ...webVitalFields(q),
    { name: 'share', type: 'number', config: { unit: 'percentunit' } },
  ];
}

/** The phases view: each phase's percentiles (ms), samples reporting it, its share of their time. */
function phaseFields(q: Pick<WebVitalsQuery, 'percentiles'>): FieldSpec[] {
  return [
    { name: 'phase', type: 'string' },
    ...percentileLevels(q.percentiles).map((pc) => ({
      name: `p${pc}`,
      type: 'number' as const,
      config: { unit: 'ms' },
    })),
    { name: 'samples', type: 'number', config: { unit: 'short' } },
    { name: 'share', type: 'number', config: { unit: 'percentunit' } },
  ];
}

/**
 * The histogram view: every bucket from 0 to the last one with samples (empty ones as 0, so the
 * bars keep their scale), with its bounds, a label and its share of the samples.
 */
function histogramFrame(q: Pick<WebVitalsQuery, 'refId' | 'metric'>, rows: Array<Record<string, unknown>>) {
  const { width, max } = HISTOGRAM_BUCKETS[q.metric];
  const counts = new Map(rows.map((r) => [Number(r.bucket), Number(r.samples)]));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const top = Math.max(-1, ...counts.keys());
  const last = Math.round(max / width);
  const decimals = q.metric === 'CLS' ? 3 : 0;
  const edge = (i: number) => Number((i * width).toFixed(decimals));
  const buckets = Array.from({ length: top + 1 }, (_, i) => ({
    bucket: i === last ? `≥ ${edge(i)}` : `${edge(i)}–${edge(i + 1)}`,
    from: edge(i),
    to: i === last ? null : edge(i + 1),
    samples: counts.get(i) ?? 0,
    share: total ? (counts.get(i) ?? 0) / total : 0,
  }));
  const unit = unitOf(q.metric);
  return tableFrame(
    q.refId,
    [
      { name: 'bucket', type: 'string' },
      { name: 'from', type: 'number', config: { unit } },
      { name: 'to', type: 'number', config: { unit } },
      { name: 'samples', type: 'number', config: { unit: 'short' } },
      { name: 'share', type: 'number', config: { unit: 'percentunit' } },
    ],
    buckets,
    RAW_META,
  );
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
    'Percentiles of a Core Web Vital with good / needs-improvement / poor shares, over time or per group (views timeseries, table); ' +
    'its distribution in fixed buckets (histogram), per value of one web-vitals attribution key such as target, url, interactionTarget or largestShiftTarget (attribution), ' +
    'or per phase of its attribution sub-parts (phases: LCP, INP, FCP, TTFB); those three read the raw table and ignore groupBy',
  schema: QueryBase.extend({
    type: z.literal('web_vitals'),
    metric: z.enum(VITALS, { error: `metric is one of ${VITALS.join(', ')}` }),
    percentiles: z.array(Percentile).min(1).max(5).default([75]),
    view: z
      .enum(WEB_VITALS_VIEWS, { error: `view is one of ${WEB_VITALS_VIEWS.join(', ')}` })
      .default('timeseries'),
    /** For the attribution view: a web-vitals attribution key, bound as a parameter. */
    attribution: z.string().min(1).max(100).optional(),
    filters: VitalsFilters.default({}),
    exclude: VitalsFilters.default({}),
    groupBy: z
      .array(z.enum(VITALS_DIMENSIONS, { error: `group-by dimensions are ${VITALS_DIMENSIONS.join(', ')}` }))
      .max(3)
      .default([]),
  }).superRefine((q, ctx) => {
    if (q.view === 'attribution' && q.attribution === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'the attribution view needs attribution (a key: target, url, interactionTarget…)',
        path: ['attribution'],
      });
    if (q.view === 'phases' && VITAL_PHASES[q.metric].length === 0)
      ctx.addIssue({
        code: 'custom',
        message: `${q.metric} has no phases (its attribution view breaks it down)`,
        path: ['view'],
      });
  }),
  async run(q, ctx) {
    if (q.view === 'histogram') return [histogramFrame(q, await runSql(ctx, buildHistogramSql(q)))];
    if (q.view === 'attribution') {
      const rows = await runSql(ctx, buildAttributionSql({ ...q, attribution: q.attribution! }));
      return [tableFrame(q.refId, attributionFields(q, q.attribution!), rows, RAW_META)];
    }
    if (q.view === 'phases') {
      const rows = await runSql(ctx, buildPhasesSql(q));
      return [tableFrame(q.refId, phaseFields(q), rows, RAW_META)];
    }
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
