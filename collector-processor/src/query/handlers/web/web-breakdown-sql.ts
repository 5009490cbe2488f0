/**
 * web_breakdown: the top values of one dimension by unique visitors, from page_views.
 *
 * Page dimensions (page, route, device, browser, os, country) count every page view with its own
 * value. Session dimensions (entry_page, exit_page, referrer, utm_*) belong to a session, as in
 * Plausible: the entry page and where the visit came from are its first page view's, the exit page
 * its last one's; they also have sessions and bounce rate, and page_views are the page views of
 * those sessions. Page views without a session id have no session dimensions.
 */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { VISITOR_ID_EXPR, whereClause } from '../../sql';
import { dimensionSelect, fromSessionDimension, sessionDimensionSelect } from './shared';

export const BREAKDOWN_DIMENSIONS = [
  'page',
  'route',
  'entry_page',
  'exit_page',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'device',
  'browser',
  'os',
  'country',
] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface WebBreakdownOptions {
  dimension: BreakdownDimension;
}
export type WebBreakdownQuery = QueryBase & WebBreakdownOptions;

/** The value of each page dimension, per page view. */
const PAGE_VALUE: Partial<Record<BreakdownDimension, string>> = {
  page: 'path(url)',
  route: 'route',
  device: 'device_type',
  browser: 'browser_name',
  os: 'os_name',
  country: 'country',
};

/** The value of each session dimension, over the session's page views. */
const SESSION_VALUE: Partial<Record<BreakdownDimension, string>> = {
  entry_page: 'argMin(path(url), timestamp)',
  exit_page: 'argMax(path(url), timestamp)',
  referrer: "argMin(if(referrer_host = '', 'direct', referrer_host), timestamp)",
  utm_source: 'argMin(utm_source, timestamp)',
  utm_medium: 'argMin(utm_medium, timestamp)',
  utm_campaign: 'argMin(utm_campaign, timestamp)',
};

export function isSessionDimension(dimension: BreakdownDimension): boolean {
  return dimension in SESSION_VALUE;
}

export function buildWebBreakdownSql(q: WebBreakdownQuery): BuiltSql {
  const p = new Params();
  const where = whereClause(q, p);
  const keys = ['value', ...q.groupBy].join(', ');
  let sql: string;
  const pageValue = PAGE_VALUE[q.dimension];
  if (pageValue !== undefined) {
    const selects = [`${pageValue} AS value`, ...q.groupBy.map(dimensionSelect)];
    sql =
      `SELECT ${selects.join(', ')}, uniq(${VISITOR_ID_EXPR}) AS visitors, count() AS page_views ` +
      `FROM page_views WHERE ${where} GROUP BY ${keys}`;
  } else {
    const perSession =
      `SELECT session_id, ${SESSION_VALUE[q.dimension]} AS value, argMin(${VISITOR_ID_EXPR}, timestamp) AS visitor, ` +
      `count() AS views${q.groupBy.map((d) => `, ${sessionDimensionSelect(d)}`).join('')} ` +
      `FROM page_views WHERE ${where} AND session_id != '' GROUP BY session_id`;
    const selects = ['value', ...q.groupBy.map(fromSessionDimension)];
    sql =
      `SELECT ${selects.join(', ')}, uniq(visitor) AS visitors, sum(views) AS page_views, count() AS sessions, ` +
      `countIf(views = 1) / count() AS bounce_rate FROM (${perSession}) GROUP BY ${keys}`;
  }
  sql += ` ORDER BY visitors DESC, page_views DESC, ${keys} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
