/** `resources`: Resource Timing per resource type or per URL. */
import { z } from 'zod';
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { buildResourcesSql, RESOURCE_VIEWS } from './resources-sql';
import { dimensionFields, field, sourceMeta } from './shared';

const bytes = (name: string): FieldSpec => ({ name, type: 'number', config: { unit: 'bytes' } });

const MEASURE_FIELDS: FieldSpec[] = [
  field.count('count'),
  field.ms('avg_duration_ms'),
  field.ms('p95_duration_ms'),
  bytes('avg_transfer_size'),
  bytes('total_transfer_size'),
  { name: 'cache_hit_share', type: 'number', config: { unit: 'percentunit' } },
];

export const resourcesHandler = defineHandler({
  type: 'resources',
  summary:
    'Resource loading: count, average and p95 duration, average and total transfer size, cache hit share; views by_type, top_urls',
  schema: QueryBase.extend({
    type: z.literal('resources'),
    view: z.enum(RESOURCE_VIEWS, { error: `view is one of ${RESOURCE_VIEWS.join(', ')}` }).default('by_type'),
    resourceTypes: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  }),
  async run(q, ctx) {
    const rows = await runSql(ctx, buildResourcesSql(q));
    const keyFields = [
      field.str('resource_type'),
      ...(q.view === 'top_urls' ? [field.str('resource_url')] : []),
    ];
    return [
      tableFrame(
        q.refId,
        [...dimensionFields(q.groupBy), ...keyFields, ...MEASURE_FIELDS],
        rows,
        sourceMeta('resources'),
      ),
    ];
  },
});
