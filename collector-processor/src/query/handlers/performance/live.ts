/** `live`: a tail of the newest events across every signal table. */
import { z } from 'zod';
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { buildLiveSql } from './live-sql';
import { field, sourceMeta } from './shared';

/** Most rows one poll returns: a live panel shows the newest few, and polls every second. */
export const MAX_LIVE_ROWS = 500;

const FIELDS: FieldSpec[] = [
  { name: 'time', type: 'time' },
  { name: 'received_at', type: 'time' },
  field.str('kind'),
  field.str('summary'),
  field.str('session_id'),
  field.str('url'),
  field.str('release'),
  field.str('browser'),
  field.str('country'),
];

export const liveHandler = defineHandler({
  type: 'live',
  summary: `The newest events across all signal tables, newest first (at most ${MAX_LIVE_ROWS}); since (epoch ms) keeps only events received after it`,
  schema: QueryBase.extend({
    type: z.literal('live'),
    since: z.number().int().nonnegative().optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIVE_ROWS, `limit is at most ${MAX_LIVE_ROWS} for live`)
      .default(100),
  }),
  async run(q, ctx) {
    const rows = await runSql(ctx, buildLiveSql(q));
    return [
      tableFrame(
        q.refId,
        FIELDS,
        rows,
        sourceMeta('page_views+web_vitals+errors+custom_events+http_requests+long_tasks+resources'),
      ),
    ];
  },
});
