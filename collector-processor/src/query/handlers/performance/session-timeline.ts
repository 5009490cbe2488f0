/** `session_timeline`: everything one session did, in order (page views, vitals, errors, events, requests…). */
import { z } from 'zod';
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { buildSessionTimelineSql } from './session-timeline-sql';
import { field, sourceMeta } from './shared';

const FIELDS: FieldSpec[] = [
  { name: 'time', type: 'time' },
  field.str('kind'),
  field.str('name'),
  field.str('detail'),
  field.str('url'),
  field.ms('duration_ms'),
  field.str('event_id'),
  field.str('trace_id'),
  field.str('issue_id'),
];

export const sessionTimelineHandler = defineHandler({
  type: 'session_timeline',
  summary:
    'Every event of one session in time order: kind (page_view, web_vital, error, custom_event, http, long_task, resource), name, detail, url, duration, event id, trace id, and an error’s issue id',
  schema: QueryBase.extend({
    type: z.literal('session_timeline'),
    sessionId: z.string().min(1, 'sessionId must not be empty').max(200),
  }),
  async run(q, ctx) {
    const rows = await runSql(ctx, buildSessionTimelineSql(q));
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
