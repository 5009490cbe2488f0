/**
 * `issue_detail`: one issue as several frames told apart by `schema.name`: summary, events,
 * stack, breadcrumbs, tags, releases, causes (of the stack's event) and the affected sessions. An unknown issue is not an error: every frame comes back
 * with zero rows and the summary frame's `meta.notices` says there is no such issue (status 200),
 * so a panel shows "no data" with the reason instead of a failed query.
 */
import { tableFrame, type FieldSpec, type Row } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import type { DataFrameJSON, FrameMeta } from '../../types';
import { buildIssueDetailSql, IssueDetailQuery } from './issue-detail-sql';
import {
  BREADCRUMB_FIELDS,
  breadcrumbRows,
  CAUSE_FIELDS,
  causeRows,
  STACK_FIELDS,
  stackRows,
} from './issue-event';
import { ISSUE_FIELDS, issueRow } from './issue-list';

export const EVENT_FIELDS: FieldSpec[] = [
  { name: 'time', type: 'time' },
  { name: 'event_id', type: 'string' },
  { name: 'message', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'release', type: 'string' },
  { name: 'environment', type: 'string' },
  { name: 'browser', type: 'string' },
  { name: 'os', type: 'string' },
  { name: 'device', type: 'string' },
  { name: 'country', type: 'string' },
  { name: 'url', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'session_id', type: 'string' },
  { name: 'trace_id', type: 'string' },
  { name: 'handled', type: 'boolean' },
];

/** The issue list's row plus what the events frame counts under the same range and filters. */
export const SUMMARY_FIELDS: FieldSpec[] = [
  ...ISSUE_FIELDS,
  { name: 'events_in_range', type: 'number', config: { unit: 'short' } },
  { name: 'users_in_range', type: 'number', config: { unit: 'short' } },
  { name: 'sessions_in_range', type: 'number', config: { unit: 'short' } },
];

export const TAG_FIELDS: FieldSpec[] = [
  { name: 'tag', type: 'string' },
  { name: 'value', type: 'string' },
  { name: 'count', type: 'number', config: { unit: 'short' } },
  { name: 'share', type: 'number', config: { unit: 'percentunit' } },
];

export const RELEASE_FIELDS: FieldSpec[] = [
  { name: 'release', type: 'string' },
  { name: 'events', type: 'number', config: { unit: 'short' } },
  { name: 'first_seen', type: 'time' },
  { name: 'last_seen', type: 'time' },
];

/** The sessions the issue's events in range happened in (who, how many events, when). */
export const SESSION_FIELDS: FieldSpec[] = [
  { name: 'session_id', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'events', type: 'number', config: { unit: 'short' } },
  { name: 'first_seen', type: 'time' },
  { name: 'last_seen', type: 'time' },
  { name: 'release', type: 'string' },
  { name: 'browser', type: 'string' },
];

/** Frame names, in the order the frames are returned (new frames go last: panels pick frames by name or index). */
export const DETAIL_FRAMES = [
  'summary',
  'events',
  'stack',
  'breadcrumbs',
  'tags',
  'releases',
  'causes',
  'sessions',
] as const;
type FrameName = (typeof DETAIL_FRAMES)[number];

const FIELDS: Record<FrameName, FieldSpec[]> = {
  summary: SUMMARY_FIELDS,
  events: EVENT_FIELDS,
  stack: STACK_FIELDS,
  breadcrumbs: BREADCRUMB_FIELDS,
  tags: TAG_FIELDS,
  releases: RELEASE_FIELDS,
  causes: CAUSE_FIELDS,
  sessions: SESSION_FIELDS,
};

const SOURCES: Record<FrameName, string> = {
  summary: 'issues',
  events: 'errors',
  stack: 'errors',
  breadcrumbs: 'errors',
  tags: 'errors',
  releases: 'issue_releases',
  causes: 'errors',
  sessions: 'errors',
};

/** The frames from each frame's rows, with a notice on the frames `notices` names. */
export function detailFrames(
  refId: string,
  rows: Record<FrameName, Row[]>,
  extra: { notices?: Partial<Record<FrameName, string>>; eventId?: string } = {},
): DataFrameJSON[] {
  return DETAIL_FRAMES.map((name) => {
    const meta: FrameMeta = { preferredVisualisationType: 'table', custom: { source: SOURCES[name] } };
    const notice = extra.notices?.[name];
    if (notice) meta.notices = [{ severity: 'info', text: notice }];
    if ((name === 'stack' || name === 'breadcrumbs' || name === 'causes') && extra.eventId)
      meta.custom!.eventId = extra.eventId;
    return tableFrame(refId, FIELDS[name], rows[name], meta, name);
  });
}

function countsOf(row: Row | undefined): Row {
  return {
    events_in_range: Number(row?.events_in_range ?? 0),
    users_in_range: Number(row?.users_in_range ?? 0),
    sessions_in_range: Number(row?.sessions_in_range ?? 0),
  };
}

export const issueDetailHandler = defineHandler({
  type: 'issue_detail',
  summary: 'One issue: summary, latest events, a stack trace with breadcrumbs, tag breakdown, releases',
  schema: IssueDetailQuery,
  async run(q, ctx) {
    const sql = buildIssueDetailSql(q);
    const [summary, inRange, events, event, tags, releases, sessions] = await Promise.all([
      runSql(ctx, sql.summary),
      runSql(ctx, sql.inRange),
      runSql(ctx, sql.events),
      runSql(ctx, sql.event),
      runSql(ctx, sql.tags),
      runSql(ctx, sql.releases),
      runSql(ctx, sql.sessions),
    ]);
    if (summary.length === 0) {
      const empty = Object.fromEntries(DETAIL_FRAMES.map((name) => [name, []])) as unknown as Record<
        FrameName,
        Row[]
      >;
      return detailFrames(q.refId, empty, {
        notices: { summary: `no issue ${q.issueId} in project ${q.project}` },
      });
    }
    const latest = event[0];
    const missing = q.eventId && !latest ? `no event ${q.eventId} in issue ${q.issueId}` : undefined;
    return detailFrames(
      q.refId,
      {
        summary: summary.map((r) => ({ ...issueRow(r, q.project, ctx.now), ...countsOf(inRange[0]) })),
        events,
        stack: stackRows(latest),
        breadcrumbs: breadcrumbRows(latest),
        tags,
        releases,
        causes: causeRows(latest),
        sessions,
      },
      {
        eventId: latest ? String(latest.event_id) : undefined,
        notices: missing ? { stack: missing, breadcrumbs: missing, causes: missing } : {},
      },
    );
  },
});
