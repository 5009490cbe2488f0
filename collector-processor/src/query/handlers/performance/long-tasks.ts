/** `long_tasks`: main-thread blocking (long tasks and long animation frames). */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { intervalSeconds } from '../../sql';
import { buildLongTasksSql, LONG_TASK_VIEWS } from './long-tasks-sql';
import { dimensionFields, field, sourceMeta } from './shared';

const MEASURE_FIELDS: FieldSpec[] = [
  field.count('count'),
  field.ms('total_blocking_ms'),
  field.ms('p75_ms'),
  field.ms('p95_ms'),
];

export const longTasksHandler = defineHandler({
  type: 'long_tasks',
  summary:
    'Long tasks and long animation frames: count, total blocking time, p75/p95 duration; views timeseries, table (by group-by), by_script',
  schema: QueryBase.extend({
    type: z.literal('long_tasks'),
    view: z
      .enum(LONG_TASK_VIEWS, { error: `view is one of ${LONG_TASK_VIEWS.join(', ')}` })
      .default('timeseries'),
  }),
  async run(q, ctx) {
    const seconds = intervalSeconds(q);
    const rows = await runSql(ctx, buildLongTasksSql(q, seconds));
    if (q.view === 'timeseries')
      return timeseriesFrames(q.refId, rows, {
        values: MEASURE_FIELDS,
        labels: q.groupBy,
        meta: sourceMeta('long_tasks', { intervalMs: seconds * 1000 }),
      });
    const keyFields = q.view === 'by_script' ? [field.str('script_url'), field.str('invoker')] : [];
    return [
      tableFrame(
        q.refId,
        [...dimensionFields(q.groupBy), ...keyFields, ...MEASURE_FIELDS],
        rows,
        sourceMeta('long_tasks'),
      ),
    ];
  },
});
