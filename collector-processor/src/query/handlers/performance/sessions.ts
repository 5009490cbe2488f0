/** `sessions`: a list of sessions with their length, page views, errors and entry/exit pages. */
import { z } from 'zod';
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { buildSessionsSql, SESSION_SORTS } from './sessions-sql';
import { field, sourceMeta } from './shared';

const FIELDS: FieldSpec[] = [
  field.str('session_id'),
  { name: 'start', type: 'time' },
  { name: 'end', type: 'time' },
  { name: 'duration_s', type: 'number', config: { unit: 's' } },
  field.count('page_views'),
  field.count('errors'),
  field.str('entry_url'),
  field.str('exit_url'),
  field.str('user'),
  field.str('release'),
  field.str('browser'),
  field.str('os'),
  field.str('device'),
  field.str('country'),
];

export const sessionsHandler = defineHandler({
  type: 'sessions',
  summary:
    'Sessions with activity in the range: start, end, duration, page views, errors, entry and exit page, user, release, browser, os, device, country; sorted newest, longest, most_errors or most_pages',
  schema: QueryBase.extend({
    type: z.literal('sessions'),
    sort: z.enum(SESSION_SORTS, { error: `sort is one of ${SESSION_SORTS.join(', ')}` }).default('newest'),
  }),
  async run(q, ctx) {
    const built = buildSessionsSql(q);
    return [tableFrame(q.refId, FIELDS, await runSql(ctx, built), sourceMeta(built.source))];
  },
});
