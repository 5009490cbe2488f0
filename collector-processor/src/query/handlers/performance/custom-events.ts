/**
 * `custom_events`: tracked events over time, per name, or per value of one property; and the sum,
 * average, extremes or a percentile of one numeric property (measure, measure_timeseries).
 */
import { z } from 'zod';
import { tableFrame, timeseriesFrames } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { intervalSeconds } from '../../sql';
import { buildCustomEventsSql, CUSTOM_EVENT_VIEWS, MEASURE_AGGREGATIONS } from './custom-events-sql';
import { dimensionFields, field, sourceMeta } from './shared';

export const customEventsHandler = defineHandler({
  type: 'custom_events',
  summary:
    'Custom events: count over time per name (timeseries), count, users and sessions per name (by_name), or per value of propertyKey (properties); ' +
    'the sum, avg, min, max or a percentile (aggregation) of the numeric property propertyKey per name and group-by value (measure), or over time (measure_timeseries)',
  schema: QueryBase.extend({
    type: z.literal('custom_events'),
    view: z
      .enum(CUSTOM_EVENT_VIEWS, { error: `view is one of ${CUSTOM_EVENT_VIEWS.join(', ')}` })
      .default('timeseries'),
    names: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
    /** A property name: bound as a query parameter, never part of the SQL text. */
    propertyKey: z.string().min(1).max(200).optional(),
    /** For measure and measure_timeseries: what to compute over the numeric property. */
    aggregation: z
      .enum(MEASURE_AGGREGATIONS, { error: `aggregation is one of ${MEASURE_AGGREGATIONS.join(', ')}` })
      .default('sum'),
  }).superRefine((q, ctx) => {
    if (q.view !== 'timeseries' && q.view !== 'by_name' && q.propertyKey === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `the ${q.view} view needs propertyKey`,
        path: ['propertyKey'],
      });
  }),
  async run(q, ctx) {
    const seconds = intervalSeconds(q);
    const rows = await runSql(ctx, buildCustomEventsSql(q, seconds));
    if (q.view === 'timeseries')
      return timeseriesFrames(q.refId, rows, {
        values: [field.count('count')],
        labels: ['name', ...q.groupBy],
        meta: sourceMeta('custom_events', { intervalMs: seconds * 1000 }),
      });
    // The property's unit is the app's (currency, items, ms): its numbers carry none.
    const measure = [{ name: q.aggregation, type: 'number' as const }, field.count('count')];
    if (q.view === 'measure_timeseries')
      return timeseriesFrames(q.refId, rows, {
        values: measure,
        labels: ['name', ...q.groupBy],
        meta: sourceMeta('custom_events', { intervalMs: seconds * 1000 }),
      });
    if (q.view === 'measure')
      return [
        tableFrame(
          q.refId,
          [...dimensionFields(q.groupBy), field.str('name'), ...measure],
          rows,
          sourceMeta('custom_events'),
        ),
      ];
    const fields =
      q.view === 'by_name'
        ? [field.str('name'), field.count('count'), field.count('users'), field.count('sessions')]
        : [field.str('value'), field.count('count'), field.count('users')];
    return [
      tableFrame(q.refId, [...dimensionFields(q.groupBy), ...fields], rows, sourceMeta('custom_events')),
    ];
  },
});
