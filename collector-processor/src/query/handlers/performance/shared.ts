/**
 * Small pure pieces the performance, custom event and session builders share: group-by columns
 * under their API names, the unique-user expression, list joining and frame metadata.
 */
import type { FieldSpec } from '../../frames';
import type { Dimension } from '../../schema';
import { DIMENSION_COLUMNS, VISITOR_EXPR } from '../../sql';
import type { FrameMeta } from '../../types';

/** `browser_name AS browser`…: group-by columns named as the API names them (labels, table fields). */
export function dimensionSelect(groupBy: readonly Dimension[]): string[] {
  return groupBy.map((d) => (DIMENSION_COLUMNS[d] === d ? d : `${DIMENSION_COLUMNS[d]} AS ${d}`));
}

/** Group-by dimensions as string table fields. */
export function dimensionFields(groupBy: readonly Dimension[]): FieldSpec[] {
  return groupBy.map((name) => ({ name, type: 'string' }));
}

/** Joins SQL list items, skipping empty ones (a query without group-by has no dimension columns). */
export function list(...items: Array<string | readonly string[]>): string {
  return items
    .flat()
    .filter((s) => s !== '')
    .join(', ');
}

/** `GROUP BY …` or nothing when there is nothing to group by (one total row). */
export function groupByClause(...items: Array<string | readonly string[]>): string {
  const keys = list(...items);
  return keys ? ` GROUP BY ${keys}` : '';
}

/**
 * Unique users: who each row counts as (VISITOR_EXPR); rows with no user, visitor id or hash are
 * not counted rather than counted together as one empty user.
 */
export const USERS_EXPR = `uniqIf(${VISITOR_EXPR}, ${VISITOR_EXPR} != '')`;

/** Sessions with events, not counting events that carry no session id. */
export const SESSIONS_EXPR = "uniqIf(session_id, session_id != '')";

/** Frame metadata naming the table that answered (tests compare pre-aggregate and raw answers). */
export function sourceMeta(source: string, custom: Record<string, unknown> = {}): FrameMeta {
  return { custom: { source, ...custom } };
}

const ms = (name: string): FieldSpec => ({ name, type: 'number', config: { unit: 'ms' } });
const count = (name: string): FieldSpec => ({ name, type: 'number', config: { unit: 'short' } });
const str = (name: string): FieldSpec => ({ name, type: 'string' });
export const field = { ms, count, str };
