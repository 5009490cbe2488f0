/** `sessions`: a list of sessions with their length, page views, errors and entry/exit pages. */
import { z } from 'zod';
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { buildSessionsSql, HAD_ERROR, SESSION_SORTS } from './sessions-sql';
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
  field.str('visitor'),
  field.str('release'),
  field.str('browser'),
  field.str('os'),
  field.str('device'),
  field.str('country'),
];

export const sessionsHandler = defineHandler({
  type: 'sessions',
  summary:
    'Sessions with activity in the range: start, end, duration, page views, errors, entry and exit page, user, visitor, release, browser, os, device, country; sorted newest, longest, most_errors or most_pages',
  schema: QueryBase.extend({
    type: z.literal('sessions'),
    sort: z.enum(SESSION_SORTS, { error: `sort is one of ${SESSION_SORTS.join(', ')}` }).default('newest'),
    visitor: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "Only this visitor's sessions (the SDK's visitor id)" }),
    hadError: z
      .enum(HAD_ERROR, { error: `hadError is one of ${HAD_ERROR.join(', ')}` })
      .default('any')
      .meta({ description: 'yes: only sessions with an error; no: only sessions without one' }),
  }),
  async run(q, ctx) {
    const built = buildSessionsSql(q);
    return [tableFrame(q.refId, FIELDS, await runSql(ctx, built), sourceMeta(built.source))];
  },
});
