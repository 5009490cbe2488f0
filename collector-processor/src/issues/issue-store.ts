/**
 * ClickHouse reads and writes for issues: aggregates (the `issues` table the materialized view
 * feeds), state (`issue_states`, last version wins, read with FINAL) and the activity log. Every
 * value from a request travels as a query parameter; the SQL text is built from constants only.
 */
import { selectRows, type Row } from '../store/query';
import type { ClickHouseClient } from '@clickhouse/client';
import { fromDateTime64, toDateTime64 } from '../store/time';
import { initialState, type Activity, type IssueState, type Status } from './state';

/**
 * One issue's merged aggregates, as the SQL below names them. The title is the first event's
 * (first_title, migration 0014); issues with no event since that migration keep the latest one.
 */
export interface IssueAggregate {
  id: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
  unhandled: number;
  users: number;
  sessions: number;
  releases: string[];
  environments: string[];
  firstRelease: string;
  lastRelease: string;
  title: string;
  culprit: string;
  type: string;
  grouping: string;
  latestEventId: string;
}

export interface IssueRecord {
  aggregate: IssueAggregate;
  state: IssueState;
}

/** The one-issue switch of AGGREGATE and JOINED; getIssues swaps it for a list. */
const ONE_ISSUE = '(NOT {one:Bool} OR fingerprint = {fingerprint:String})';

const AGGREGATE = `
  SELECT fingerprint AS id,
    min(first_seen) AS firstSeen, max(last_seen) AS lastSeen, sum(events) AS events, sum(unhandled) AS unhandled,
    uniqMerge(users) AS users, uniqMerge(sessions) AS sessions,
    arrayFilter(r -> r != '', groupUniqArrayMerge(100)(releases)) AS releaseList,
    arrayFilter(e -> e != '', groupUniqArrayMerge(20)(environments)) AS environmentList,
    argMinMerge(first_release) AS firstRelease, argMaxMerge(last_release) AS lastRelease,
    if(empty(argMinMerge(first_title)), argMaxMerge(title), argMinMerge(first_title)) AS title, argMaxMerge(culprit) AS culprit, argMaxMerge(exception_type) AS type,
    argMaxMerge(grouping) AS groupingJson, argMaxMerge(latest_event_id) AS latestEventId
  FROM issues
  WHERE project_id = {project:String} AND ${ONE_ISSUE}
  GROUP BY fingerprint`;

const STATE_COLUMNS = `status, substatus, toUnixTimestamp64Milli(resolved_at) AS resolvedAt, resolved_in_release,
    toUnixTimestamp64Milli(regressed_at) AS regressedAt, regressed_in_release,
    toUnixTimestamp64Milli(ignored_at) AS ignoredAt, toUnixTimestamp64Milli(ignore_until) AS ignoreUntil,
    ignore_until_count, ignore_count_base, ignore_until_users, ignore_users_base, assignee,
    toUnixTimestamp64Milli(updated_at) AS updatedAtMs, updated_by, version`;

/** Issue aggregates joined with their state; an issue without a state row reads as unresolved. */
const JOINED = `
  SELECT i.*, s.*, if(s.status = '', 'unresolved', s.status) AS effectiveStatus
  FROM (${AGGREGATE}) AS i
  LEFT JOIN (
    SELECT fingerprint AS stateId, ${STATE_COLUMNS}
    FROM issue_states FINAL
    WHERE project_id = {project:String} AND ${ONE_ISSUE}
  ) AS s ON i.id = s.stateId`;

export const SORTS = {
  last_seen: 'toUnixTimestamp64Milli(lastSeen)',
  first_seen: 'toUnixTimestamp64Milli(firstSeen)',
  events: 'toInt64(events)',
  users: 'toInt64(users)',
} as const;
export type Sort = keyof typeof SORTS;

export interface ListOptions {
  statuses?: Status[];
  query?: string;
  assignee?: string;
  sort: Sort;
  limit: number;
  /** Keyset cursor: the sort key and id of the last issue of the previous page. */
  after?: { key: number; id: string };
}

const num = (v: unknown) => Number(v ?? 0);
const msOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function aggregateOf(r: Row): IssueAggregate {
  return {
    id: String(r.id),
    firstSeen: fromDateTime64(r.firstSeen as string),
    lastSeen: fromDateTime64(r.lastSeen as string),
    events: num(r.events),
    unhandled: num(r.unhandled),
    users: num(r.users),
    sessions: num(r.sessions),
    releases: r.releaseList as string[],
    environments: r.environmentList as string[],
    firstRelease: String(r.firstRelease ?? ''),
    lastRelease: String(r.lastRelease ?? ''),
    title: String(r.title ?? ''),
    culprit: String(r.culprit ?? ''),
    type: String(r.type ?? ''),
    grouping: String(r.groupingJson ?? ''),
    latestEventId: String(r.latestEventId ?? ''),
  };
}

function stateOf(projectId: string, fingerprint: string, r: Row): IssueState {
  if (!r.status) return initialState(projectId, fingerprint);
  return {
    projectId,
    fingerprint,
    status: r.status as Status,
    substatus: r.substatus === 'ongoing' ? 'ongoing' : '',
    resolvedAt: msOrNull(r.resolvedAt),
    resolvedInRelease: String(r.resolved_in_release ?? ''),
    regressedAt: msOrNull(r.regressedAt),
    regressedInRelease: String(r.regressed_in_release ?? ''),
    ignoredAt: msOrNull(r.ignoredAt),
    ignoreUntil: msOrNull(r.ignoreUntil),
    ignoreUntilCount: num(r.ignore_until_count),
    ignoreCountBase: num(r.ignore_count_base),
    ignoreUntilUsers: num(r.ignore_until_users),
    ignoreUsersBase: num(r.ignore_users_base),
    assignee: String(r.assignee ?? ''),
    updatedAt: num(r.updatedAtMs),
    updatedBy: String(r.updated_by ?? ''),
    version: num(r.version),
  };
}

export async function listIssues(client: ClickHouseClient, projectId: string, o: ListOptions) {
  const filters = ['1'];
  if (o.statuses?.length) filters.push('effectiveStatus IN {statuses:Array(String)}');
  if (o.query)
    filters.push(
      '(positionCaseInsensitiveUTF8(title, {q:String}) > 0 OR positionCaseInsensitiveUTF8(culprit, {q:String}) > 0 OR positionCaseInsensitiveUTF8(type, {q:String}) > 0 OR id = {q:String})',
    );
  if (o.assignee !== undefined) filters.push('assignee = {assignee:String}');
  if (o.after)
    filters.push('(sortKey < {afterKey:Int64} OR (sortKey = {afterKey:Int64} AND id > {afterId:String}))');
  const query = `SELECT * FROM (SELECT *, ${SORTS[o.sort]} AS sortKey FROM (${JOINED}))
    WHERE ${filters.join(' AND ')} ORDER BY sortKey DESC, id ASC LIMIT {limit:UInt32}`;
  const found = await rows(client, query, {
    project: projectId,
    one: false,
    fingerprint: '',
    statuses: o.statuses ?? [],
    q: o.query ?? '',
    assignee: o.assignee ?? '',
    afterKey: o.after?.key ?? 0,
    afterId: o.after?.id ?? '',
    limit: o.limit,
  });
  return found.map((r) => ({
    aggregate: aggregateOf(r),
    state: stateOf(projectId, String(r.id), r),
    sortKey: num(r.sortKey),
  }));
}

/** One issue with its state, or undefined when no error has this fingerprint in the project. */
export async function getIssue(
  client: ClickHouseClient,
  projectId: string,
  fingerprint: string,
): Promise<IssueRecord | undefined> {
  const [r] = await rows(client, `${JOINED} LIMIT 1`, { project: projectId, one: true, fingerprint });
  return r ? { aggregate: aggregateOf(r), state: stateOf(projectId, fingerprint, r) } : undefined;
}

/** The issues with these fingerprints and their states; fingerprints with no error are left out. */
export async function getIssues(
  client: ClickHouseClient,
  projectId: string,
  fingerprints: string[],
): Promise<IssueRecord[]> {
  if (fingerprints.length === 0) return [];
  const query = JOINED.replaceAll(ONE_ISSUE, 'fingerprint IN {fingerprints:Array(String)}');
  const found = await rows(client, query, { project: projectId, fingerprints });
  return found.map((r) => ({ aggregate: aggregateOf(r), state: stateOf(projectId, String(r.id), r) }));
}

/**
 * States the lifecycle acts on, all projects, one page in key order after `after`: resolved
 * ones (they may regress) and ignored ones with a wake-up condition (ignored forever never wakes).
 */
export async function actionableStates(
  client: ClickHouseClient,
  limit: number,
  after?: { projectId: string; fingerprint: string },
): Promise<IssueState[]> {
  const found = await rows(
    client,
    `SELECT project_id, fingerprint, ${STATE_COLUMNS} FROM issue_states FINAL
     WHERE (status IN ('resolved', 'resolved_in_next_release')
         OR (status = 'ignored' AND (ignore_until IS NOT NULL OR ignore_until_count > 0 OR ignore_until_users > 0)))
       AND (project_id, fingerprint) > ({afterProject:String}, {afterFingerprint:String})
     ORDER BY project_id, fingerprint LIMIT {limit:UInt32}`,
    { limit, afterProject: after?.projectId ?? '', afterFingerprint: after?.fingerprint ?? '' },
  );
  return found.map((r) => stateOf(String(r.project_id), String(r.fingerprint), r));
}

/** The stored states of these issues (those without one are left out), for regrouping. */
export async function statesOf(
  client: ClickHouseClient,
  projectId: string,
  fingerprints: string[],
): Promise<IssueState[]> {
  if (fingerprints.length === 0) return [];
  const found = await rows(
    client,
    `SELECT fingerprint, ${STATE_COLUMNS} FROM issue_states FINAL
     WHERE project_id = {project:String} AND fingerprint IN {fingerprints:Array(String)}`,
    { project: projectId, fingerprints },
  );
  return found.map((r) => stateOf(projectId, String(r.fingerprint), r));
}

const dt = (ms: number | null) => (ms === null ? null : toDateTime64(ms));

export function stateRow(s: IssueState) {
  return {
    project_id: s.projectId,
    fingerprint: s.fingerprint,
    status: s.status,
    substatus: s.substatus,
    resolved_at: dt(s.resolvedAt),
    resolved_in_release: s.resolvedInRelease,
    regressed_at: dt(s.regressedAt),
    regressed_in_release: s.regressedInRelease,
    ignored_at: dt(s.ignoredAt),
    ignore_until: dt(s.ignoreUntil),
    ignore_until_count: s.ignoreUntilCount,
    ignore_count_base: s.ignoreCountBase,
    ignore_until_users: s.ignoreUntilUsers,
    ignore_users_base: s.ignoreUsersBase,
    assignee: s.assignee,
    updated_at: toDateTime64(s.updatedAt),
    updated_by: s.updatedBy,
    version: s.version,
  };
}

function activityRow(a: Activity) {
  return {
    project_id: a.projectId,
    fingerprint: a.fingerprint,
    id: a.id,
    at: toDateTime64(a.at),
    actor: a.actor,
    action: a.action,
    from_status: a.fromStatus,
    to_status: a.toStatus,
    release: a.release,
    comment: a.comment,
    details: JSON.stringify(a.details),
  };
}

/**
 * Activity first, then state: if the process dies in between, the log shows a change that did
 * not take (and a retry adds it again) rather than a change that was never logged.
 */
export async function saveChanges(client: ClickHouseClient, states: IssueState[], activity: Activity[]) {
  if (activity.length)
    await client.insert({
      table: 'issue_activity',
      values: activity.map(activityRow),
      format: 'JSONEachRow',
    });
  if (states.length)
    await client.insert({ table: 'issue_states', values: states.map(stateRow), format: 'JSONEachRow' });
}

export async function listActivity(
  client: ClickHouseClient,
  projectId: string,
  fingerprint: string,
  limit: number,
) {
  const found = await rows(
    client,
    `SELECT id, at, actor, action, from_status, to_status, release, comment, details FROM issue_activity FINAL
     WHERE project_id = {project:String} AND fingerprint = {fingerprint:String}
     ORDER BY at, id LIMIT {limit:UInt32}`,
    { project: projectId, fingerprint, limit },
  );
  return found.map((r) => ({
    id: String(r.id),
    at: new Date(fromDateTime64(r.at as string)).toISOString(),
    actor: String(r.actor),
    action: String(r.action),
    fromStatus: (r.from_status as string) || null,
    toStatus: (r.to_status as string) || null,
    release: (r.release as string) || null,
    comment: (r.comment as string) || null,
    details: JSON.parse((r.details as string) || '{}') as Record<string, unknown>,
  }));
}

function rows(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<Row[]> {
  return selectRows(client, query, params, { join_use_nulls: 0 });
}
