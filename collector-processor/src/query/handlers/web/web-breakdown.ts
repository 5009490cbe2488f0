/** The web_breakdown query type: options, table fields and units; the SQL is in web-breakdown-sql.ts. */
import { z } from 'zod';
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { dimensionFields } from './shared';
import {
  BREAKDOWN_DIMENSIONS,
  buildWebBreakdownSql,
  isSessionDimension,
  type BreakdownDimension,
} from './web-breakdown-sql';

/** Table fields: the value, the group-by dimensions, visitors and page views (+ sessions, bounce rate). */
export function breakdownFields(dimension: BreakdownDimension, groupBy: QueryBase['groupBy']): FieldSpec[] {
  return [
    { name: 'value', type: 'string', config: { displayName: dimension } },
    ...dimensionFields(groupBy),
    { name: 'visitors', type: 'number', config: { unit: 'short' } },
    { name: 'page_views', type: 'number', config: { unit: 'short' } },
    ...(isSessionDimension(dimension)
      ? [
          { name: 'sessions', type: 'number' as const, config: { unit: 'short' } },
          { name: 'bounce_rate', type: 'number' as const, config: { unit: 'percentunit' } },
        ]
      : []),
  ];
}

export const webBreakdownHandler = defineHandler({
  type: 'web_breakdown',
  summary:
    'Top pages, entry/exit pages, referrers, UTM values, devices, browsers, OS or countries by visitors',
  schema: QueryBase.extend({
    type: z.literal('web_breakdown'),
    dimension: z.enum(BREAKDOWN_DIMENSIONS, {
      error: `dimension is one of ${BREAKDOWN_DIMENSIONS.join(', ')}`,
    }),
  }),
  async run(q, ctx) {
    const rows = await runSql(ctx, buildWebBreakdownSql(q));
    return [
      tableFrame(q.refId, breakdownFields(q.dimension, q.groupBy), rows, {
        preferredVisualisationType: 'table',
        custom: { source: 'page_views' },
      }),
    ];
  },
});
