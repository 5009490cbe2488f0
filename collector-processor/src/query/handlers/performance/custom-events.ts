/** `custom_events`: tracked events over time, per name, or per value of one property. */
import { z } from 'zod';
import { tableFrame, timeseriesFrames } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { intervalSeconds } from '../../sql';
import { buildCustomEventsSql, CUSTOM_EVENT_VIEWS } from './custom-events-sql';
import { dimensionFields, field, sourceMeta } from './shared';

export const customEventsHandler = defineHandler({
  type: 'custom_events',
  summary:
    'Custom events: count over time per name (timeseries), count, users and sessions per name (by_name), or per value of propertyKey (properties)',
  schema: QueryBase.extend({
    type: z.literal('custom_events'),
    view: z
      .enum(CUSTOM_EVENT_VIEWS, { error: `view is one of ${CUSTOM_EVENT_VIEWS.join(', ')}` })
      .default('timeseries'),
    names: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
    propertyKey: z.string().min(1).max(200).optional(),
  }).superRefine((q, ctx) => {
    if (q.view === 'properties' && q.propertyKey === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'the properties view needs propertyKey',
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
    const fields =
      q.view === 'by_name'
        ? [field.str('name'), field.count('count'), field.count('users'), field.count('sessions')]
        : [field.str('value'), field.count('count'), field.count('users')];
    return [
      tableFrame(q.refId, [...dimensionFields(q.groupBy), ...fields], rows, sourceMeta('custom_events')),
    ];
  },
});
