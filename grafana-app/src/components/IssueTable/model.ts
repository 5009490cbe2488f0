/**
 * The issue list's rows and what the table shows for them, from the `issues` query's frame
 * (collector-processor/src/query/handlers/errors/issues.ts): pure, so the rules are tested by
 * table and IssueTable.tsx only lays them out.
 */
import { DataFrame, FieldType } from '@grafana/data';

/** The processor's sorts (issue-list.ts ISSUE_SORTS) and what the page calls them. */
export const ISSUE_SORTS = [
  { value: 'last_seen', label: 'Last seen' },
  { value: 'newest', label: 'First seen' },
  { value: 'frequent', label: 'Events' },
  { value: 'users', label: 'Users' },
] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number]['value'];

export interface IssueRow {
  id: string;
  title: string;
  culprit: string;
  status: string;
  substatus: string | null;
  firstSeen: number;
  lastSeen: number;
  events: number;
  users: number;
  firstRelease: string | null;
  assignee: string | null;
  /** Events per bucket over the range (the `trend` option), oldest first. */
  trend: number[];
}

/** What the frame's meta says about the whole list: every matching issue, and the trend's buckets. */
export interface IssuePageInfo {
  /** Issues matching the filters (all pages); null past the last page. */
  total: number | null;
  trend?: { from: number; intervalMs: number; buckets: number };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const orNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

/** The frame's rows, in the processor's order (it sorted and paged them). */
export function rowsFromFrame(frame: DataFrame | undefined): IssueRow[] {
  if (!frame) {
    return [];
  }
  const col = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
  const [ids, titles, culprits, statuses, substatuses, first, last, events, users, releases, assignees, trends] = [
    'id',
    'title',
    'culprit',
    'status',
    'substatus',
    'first_seen',
    'last_seen',
    'events',
    'users',
    'first_release',
    'assignee',
    'trend',
  ].map(col);
  return Array.from({ length: frame.length }, (_, i) => ({
    id: text(ids[i]),
    title: text(titles[i]),
    culprit: text(culprits[i]),
    status: text(statuses[i]) || 'unresolved',
    substatus: orNull(substatuses[i]),
    firstSeen: Number(first[i]),
    lastSeen: Number(last[i]),
    events: Number(events[i] ?? 0),
    users: Number(users[i] ?? 0),
    firstRelease: orNull(releases[i]),
    assignee: orNull(assignees[i]),
    trend: Array.isArray(trends[i]) ? (trends[i] as unknown[]).map(Number) : [],
  }));
}

export function pageInfoOf(frame: DataFrame | undefined): IssuePageInfo {
  const custom = (frame?.meta?.custom ?? {}) as Partial<IssuePageInfo>;
  return { total: typeof custom.total === 'number' ? custom.total : null, trend: custom.trend };
}

/** Pages of `size` for `total` issues; a page past the end (total unknown) still counts itself. */
export function pageCount(total: number | null, size: number, page: number): number {
  return total === null ? page : Math.max(1, Math.ceil(total / size));
}

/** "51–100 of 1,234" for the page's rows. */
export function rangeLabel(page: number, size: number, rows: number, total: number | null): string {
  if (rows === 0) {
    return total ? `No issues on page ${page} of ${pageCount(total, size, page)}` : 'No issues';
  }
  const first = (page - 1) * size + 1;
  const of = total === null ? '' : ` of ${total.toLocaleString('en-US')}`;
  return `${first.toLocaleString('en-US')}–${(first + rows - 1).toLocaleString('en-US')}${of}`;
}

export type BadgeColor = 'blue' | 'red' | 'green' | 'orange' | 'purple' | 'darkgrey';

/** The status badge: the finer status where there is one (new, regressed), as in Sentry. */
export function statusBadge(row: Pick<IssueRow, 'status' | 'substatus'>): {
  text: string;
  color: BadgeColor;
  tip: string;
} {
  switch (row.status) {
    case 'regressed':
      return { text: 'Regressed', color: 'red', tip: 'Resolved, then seen again' };
    case 'resolved':
      return { text: 'Resolved', color: 'green', tip: 'Resolved: a new event reopens it as regressed' };
    case 'resolved_in_next_release':
      return {
        text: 'Resolved in next release',
        color: 'green',
        tip: 'Resolved from the next release on: an event from a later release reopens it',
      };
    case 'ignored':
      return {
        text: 'Ignored',
        color: 'darkgrey',
        tip: row.substatus === 'until_condition' ? 'Ignored until a condition is met' : 'Ignored forever',
      };
    default:
      return row.substatus === 'new'
        ? { text: 'New', color: 'orange', tip: 'Unresolved, first seen within the last 7 days' }
        : { text: 'Ongoing', color: 'blue', tip: 'Unresolved, first seen more than 7 days ago (or reopened)' };
  }
}

/** A Grafana sparkline's y field for one issue's trend (its own range, so each row has a shape). */
export function trendField(values: number[]) {
  const max = Math.max(0, ...values);
  return {
    name: 'events',
    type: FieldType.number,
    config: {},
    values,
    state: { range: { min: 0, max, delta: max } },
  };
}
