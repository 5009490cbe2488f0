/**
 * The issue list's SQL and rows, shared by `issues` and `issue_detail`'s summary. It reads the
 * `issues` AggregatingMergeTree (one row per fingerprint after merges, so the list stays fast
 * however many events there are) merged per fingerprint and joined with `issue_states FINAL` (no
 * row = unresolved). Counts are the issue's lifetime totals; the time range keeps issues seen in
 * it (last seen ≥ from and first seen < to, by received time as the issues table keeps them).
 * Release and environment filters match the merged arrays of the issue; any other filter keeps the
 * issues with an error in range that matches every filter (a subquery on `errors`, which is also
 * where bots are left out: the issues table counts every error).
 *
 * Two statements: the page (cheap merges only, except for the users sort) and then the unique
 * users and sessions of the page's issues. Deserialising `uniq` states is most of the cost (2M
 * events, 2,000 issues: page ~15 ms, counts for 100 issues ~35 ms, merging them for every issue
 * ~200 ms on a shared 2-core box), so only the users sort pays it for every issue.
 */
import type { FieldSpec, Row } from '../../frames';
import type { Params } from '../../params';
import type { FilterKey, QueryBase } from '../../schema';
import { usedFilterKeys, whereClause } from '../../sql';
import { initialState, type Status } from '../../../issues/state';
import { substatusOf } from '../../../issues/views';

export const ISSUE_SORTS = ['newest', 'last_seen', 'frequent', 'users'] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

/** The page's order, on the output columns. */
const ORDER: Record<IssueSort, string> = {
  newest: 'first_seen DESC',
  last_seen: 'last_seen DESC',
  frequent: 'events DESC',
  users: 'users DESC',
};

/** Filters answered from the issue's own merged arrays, without reading errors. */
const ARRAY_FILTERS: Partial<Record<FilterKey, string>> = {
  release: 'groupUniqArrayMerge(100)(releases)',
  environment: 'groupUniqArrayMerge(20)(environments)',
};

/** The cheap merges: min/max/sum and argMin/argMax of short strings. */
const AGGREGATES = [
  'fingerprint AS id',
  'min(first_seen) AS first_seen_at',
  'max(last_seen) AS last_seen_at',
  'sum(events) AS event_count',
  'argMinMerge(first_release) AS first_release_name',
  'argMaxMerge(last_release) AS last_release_name',
  'if(empty(argMinMerge(first_title)), argMaxMerge(title), argMinMerge(first_title)) AS title_text',
  'argMaxMerge(culprit) AS culprit_text',
  'argMaxMerge(exception_type) AS type_text',
].join(', ');

const COLUMNS = [
  'i.id AS id',
  'i.title_text AS title',
  'i.culprit_text AS culprit',
  'i.type_text AS type',
  "coalesce(nullIf(s.state_status, ''), 'unresolved') AS status",
  's.state_substatus AS state_substatus',
  'toUnixTimestamp64Milli(s.state_ignore_until) AS ignore_until',
  's.state_ignore_until_count AS ignore_until_count',
  's.state_ignore_until_users AS ignore_until_users',
  's.state_assignee AS assignee',
  'toUnixTimestamp64Milli(i.first_seen_at) AS first_seen',
  'toUnixTimestamp64Milli(i.last_seen_at) AS last_seen',
  'i.event_count AS events',
  'i.first_release_name AS first_release',
  'i.last_release_name AS last_release',
].join(', ');

const STATE_COLUMNS = [
  'fingerprint AS state_id',
  'status AS state_status',
  'substatus AS state_substatus',
  'ignore_until AS state_ignore_until',
  'ignore_until_count AS state_ignore_until_count',
  'ignore_until_users AS state_ignore_until_users',
  'assignee AS state_assignee',
].join(', ');

/** What selects a page of issues; every value is already a bound placeholder. */
interface Page {
  project: string;
  /** Conditions on the issues table's rows. */
  where: string[];
  /** Conditions on the merged values (aliases of AGGREGATES, merged arrays). */
  having: string[];
  /** Placeholder of the status list, when filtering by status. */
  statuses?: string;
  /** Placeholder of the assignee, when filtering by assignee. */
  assignee?: string;
  sort: IssueSort;
  limit: string;
  /** Placeholder of the rows to skip, for pages after the first. */
  offset?: string;
  /** Whether to merge users and sessions here (one issue), rather than in issueCountsSql for the page. */
  counts: boolean;
}

/**
 * Issues merged per fingerprint with their state, filtered, sorted and cut to the page. Merging
 * `uniq` states is what costs (a few KB per issue and part), so a list merges them only for the
 * users sort, which ranks on them; the page's counts come from issueCountsSql.
 */
function pageSql(page: Page): string {
  const users = page.counts || page.sort === 'users';
  const merges = `${users ? ', uniqMerge(users) AS user_count' : ''}${page.counts ? ', uniqMerge(sessions) AS session_count' : ''}`;
  const columns = `${users ? ', i.user_count AS users' : ''}${page.counts ? ', i.session_count AS sessions' : ''}`;
  const having = page.having.length ? ` HAVING ${page.having.join(' AND ')}` : '';
  const state = [
    ...(page.statuses ? [`status IN ${page.statuses}`] : []),
    ...(page.assignee ? [`assignee = ${page.assignee}`] : []),
  ];
  // `total` counts every issue that passed the filters (window functions run before LIMIT), so a
  // paged list can say "51–100 of 10,000" without a second statement.
  return (
    `SELECT ${COLUMNS}${columns}, count() OVER () AS total FROM (SELECT ${AGGREGATES}${merges} FROM issues WHERE ${page.where.join(' AND ')} ` +
    `GROUP BY fingerprint${having}) AS i LEFT JOIN (SELECT ${STATE_COLUMNS} FROM issue_states FINAL ` +
    `WHERE project_id = ${page.project}) AS s ON i.id = s.state_id` +
    `${state.length ? ` WHERE ${state.join(' AND ')}` : ''} ORDER BY ${ORDER[page.sort]}, id LIMIT ${page.limit}` +
    `${page.offset ? ` OFFSET ${page.offset}` : ''}`
  );
}

/** Users and sessions of the given issues, read by primary key. */
export function issueCountsSql(project: string, ids: string[], p: Params): string {
  return (
    'SELECT fingerprint AS id, uniqMerge(users) AS users, uniqMerge(sessions) AS sessions FROM issues ' +
    `WHERE project_id = ${p.add('String', project)} AND fingerprint IN ${p.add('Array(String)', ids)} GROUP BY fingerprint`
  );
}

/** The page's rows with their counts (issueCountsSql's rows). */
export function withCounts(page: Row[], counts: Row[]): Row[] {
  const byId = new Map(counts.map((c) => [String(c.id), c]));
  return page.map((r) => {
    const c = byId.get(String(r.id));
    return { ...r, users: Number(c?.users ?? 0), sessions: Number(c?.sessions ?? 0) };
  });
}

export interface IssueListOptions {
  statuses?: Status[];
  search?: string;
  /** Exact assignee (the issue API's assignee). */
  assignee?: string;
  sort: IssueSort;
  /** Issues to skip: the list is merged and sorted whole anyway, so page 200 costs what page 1 does. */
  offset?: number;
}

/** The list: issues in the range matching filters, search and statuses, sorted, limited. */
export function issueListSql(q: QueryBase & IssueListOptions, p: Params): string {
  const project = p.add('String', q.project);
  const where = [`project_id = ${project}`];
  if (usedFilterKeys(q).some((k) => !ARRAY_FILTERS[k]))
    where.push(
      `fingerprint IN (SELECT fingerprint FROM errors WHERE ${whereClause(q, p)} AND fingerprint != '')`,
    );
  const having = [
    `last_seen_at >= fromUnixTimestamp64Milli(${p.add('Int64', q.from)})`,
    `first_seen_at < fromUnixTimestamp64Milli(${p.add('Int64', q.to)})`,
  ];
  for (const [key, list] of Object.entries(ARRAY_FILTERS) as Array<[FilterKey, string]>) {
    const included = q.filters[key];
    const excluded = q.exclude[key];
    if (included) having.push(`hasAny(${list}, ${p.add('Array(String)', included)})`);
    // Kept when some error of the issue is outside the excluded values, as a filter on errors would.
    if (excluded) having.push(`arrayExists(v -> NOT has(${p.add('Array(String)', excluded)}, v), ${list})`);
  }
  if (q.search) {
    const text = p.add('String', q.search);
    having.push(
      `(positionCaseInsensitiveUTF8(title_text, ${text}) > 0 OR positionCaseInsensitiveUTF8(culprit_text, ${text}) > 0 OR positionCaseInsensitiveUTF8(id, ${text}) > 0)`,
    );
  }
  const statuses = q.statuses?.length ? p.add('Array(String)', q.statuses) : undefined;
  const assignee = q.assignee ? p.add('String', q.assignee) : undefined;
  return pageSql({
    project,
    where,
    having,
    statuses,
    assignee,
    sort: q.sort,
    limit: p.add('UInt32', q.limit),
    offset: q.offset ? p.add('UInt32', q.offset) : undefined,
    counts: false,
  });
}

/** One issue whatever the time range (the detail's summary). */
export function issueSummarySql(project: string, issueId: string, p: Params): string {
  const projectParam = p.add('String', project);
  const where = [`project_id = ${projectParam}`, `fingerprint = ${p.add('String', issueId)}`];
  const page = {
    project: projectParam,
    where,
    having: [],
    sort: 'last_seen' as const,
    limit: p.add('UInt32', 1),
  };
  return pageSql({ ...page, counts: true });
}

export const ISSUE_FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'title', type: 'string' },
  { name: 'culprit', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'substatus', type: 'string' },
  { name: 'first_seen', type: 'time' },
  { name: 'last_seen', type: 'time' },
  { name: 'events', type: 'number', config: { unit: 'short' } },
  { name: 'users', type: 'number', config: { unit: 'short' } },
  { name: 'sessions', type: 'number', config: { unit: 'short' } },
  { name: 'first_release', type: 'string' },
  { name: 'last_release', type: 'string' },
  { name: 'assignee', type: 'string' },
];

/** A row as selected to the list's fields; substatus is derived as the issue API derives it. */
export function issueRow(r: Row, projectId: string, now: number): Row {
  const state = {
    ...initialState(projectId, String(r.id)),
    status: r.status as Status,
    substatus: r.state_substatus === 'ongoing' ? ('ongoing' as const) : ('' as const),
    ignoreUntil: r.ignore_until === null || r.ignore_until === undefined ? null : Number(r.ignore_until),
    ignoreUntilCount: Number(r.ignore_until_count ?? 0),
    ignoreUntilUsers: Number(r.ignore_until_users ?? 0),
  };
  return {
    ...r,
    substatus: substatusOf(state, Number(r.first_seen), now),
    first_release: r.first_release || null,
    last_release: r.last_release || null,
    assignee: r.assignee || null,
  };
}
