/**
 * The statements behind `release_comparison`, pure. Every statement reads the two releases only
 * (`release IN [base, target]`), with the query's other filters; a release filter or exclusion
 * in the query is ignored, the two releases being the point. Raw tables throughout: the
 * quantile intervals need exact order statistics, which the t-digest pre-aggregates cannot give.
 * With `groupBy` (any dimension but release), the vitals are compared per group instead.
 */
import { z } from 'zod';
import { Params, type BuiltSql } from '../../params';
import { QueryBase, type Dimension } from '../../schema';
import { DIMENSION_COLUMNS, whereClause } from '../../sql';
import { releaseTrafficSql } from './release-traffic';

const Release = z.string().min(1).max(200);

export const ReleaseComparisonQuery = QueryBase.extend({
  type: z.literal('release_comparison'),
  baseRelease: Release,
  targetRelease: Release,
});
export type ReleaseComparisonQuery = z.output<typeof ReleaseComparisonQuery>;

/** The web vitals compared, at their 75th percentile (Google's threshold percentile). */
export const COMPARED_VITALS = ['LCP', 'INP', 'CLS'] as const;
export type ComparedVital = (typeof COMPARED_VITALS)[number];
const VITAL_NAMES = `(${COMPARED_VITALS.map((v) => `'${v}'`).join(', ')})`;
/** Compared vitals, LCP of hard loads only: as web_vitals answers LCP (leavesOutSoftNavigations). */
const COMPARED_SAMPLES = `name IN ${VITAL_NAMES} AND NOT (name = 'LCP' AND navigation_type = 'soft-navigation')`;

export interface ComparisonSql {
  traffic: BuiltSql;
  pageLoad: BuiltSql;
  http: BuiltSql;
  vitalCounts: BuiltSql;
}

/** The WHERE clause for the two releases: the query's filters minus any on release. */
function twoReleases(q: ReleaseComparisonQuery, p: Params): string {
  const { release: _f, ...filters } = q.filters;
  const { release: _e, ...exclude } = q.exclude;
  const where = whereClause({ ...q, filters, exclude }, p);
  return `${where} AND release IN ${p.add('Array(String)', [q.baseRelease, q.targetRelease])}`;
}

function built(q: ReleaseComparisonQuery, build: (where: string, p: Params) => string): BuiltSql {
  const p = new Params();
  const sql = build(twoReleases(q, p), p);
  return { sql, params: p.values };
}

export function buildComparisonSql(q: ReleaseComparisonQuery): ComparisonSql {
  return {
    traffic: built(q, (where) => releaseTrafficSql(where)),
    // Hard page loads only: soft navigations have no load event. load_ms is Float32: widened so the
    // variance is not computed in single precision (Welford's stable form, as n can be large).
    pageLoad: built(
      q,
      (where) =>
        `SELECT release, count() AS samples, avg(toFloat64(load_ms)) AS mean, varSampStable(toFloat64(load_ms)) AS variance ` +
        `FROM page_views ` +
        `WHERE ${where} AND is_soft_navigation = 0 AND load_ms > 0 GROUP BY release`,
    ),
    // Failed as in http_requests_1m: no response (status 0) or a server error.
    http: built(
      q,
      (where) =>
        `SELECT release, count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures ` +
        `FROM http_requests WHERE ${where} GROUP BY release`,
    ),
    vitalCounts: built(
      q,
      (where) =>
        `SELECT release, name, count() AS samples FROM web_vitals WHERE ${where} AND ${COMPARED_SAMPLES} ` +
        `GROUP BY release, name`,
    ),
  };
}

/**
 * The values at the given 1-based ranks of each (release, vital) sample sorted ascending: the
 * order statistics the quantile intervals are read from (as quantilesExact would at rank/n).
 * One list of ranks for all groups; the caller picks each group's own.
 */
export function buildVitalRanksSql(
  q: ReleaseComparisonQuery,
  ranks: number[],
  dims: Dimension[] = [],
): BuiltSql {
  const keys = ['release', 'name', ...dims].join(', ');
  return built(
    q,
    (where, p) =>
      `SELECT ${keys}, rn, value FROM (SELECT release, name, ${groupColumns(dims)}value, ` +
      `row_number() OVER (PARTITION BY ${keys} ORDER BY value) AS rn FROM web_vitals ` +
      `WHERE ${where} AND ${COMPARED_SAMPLES}) WHERE rn IN ${p.add('Array(UInt64)', ranks)}`,
  );
}

/** The group-by dimensions a grouped comparison takes: any but release (the two releases are the point). */
export function comparisonDimensions(q: Pick<ReleaseComparisonQuery, 'groupBy'>): Dimension[] {
  return q.groupBy.filter((d) => d !== 'release');
}

/** `route, browser_name AS browser, ` for the dimensions (empty without). */
function groupColumns(dims: Dimension[]): string {
  return dims.map((d) => `${DIMENSION_COLUMNS[d] === d ? d : `${DIMENSION_COLUMNS[d]} AS ${d}`}, `).join('');
}

/**
 * Vital sample sizes per release and group (a grouped comparison compares the vitals only: a
 * session spans routes, so per-route traffic and crash-free shares would count it several times).
 */
export function buildGroupedVitalCountsSql(q: ReleaseComparisonQuery, dims: Dimension[]): BuiltSql {
  return built(
    q,
    (where) =>
      `SELECT release, name, ${groupColumns(dims)}count() AS samples FROM web_vitals WHERE ${where} AND ${COMPARED_SAMPLES} ` +
      `GROUP BY release, name, ${dims.join(', ')}`,
  );
}
