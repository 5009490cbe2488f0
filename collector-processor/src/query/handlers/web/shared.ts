/**
 * SQL pieces the web query builders share: group-by columns named by their API dimension (the
 * frame label / table column), the top-N series restriction for grouped time series, and the
 * frame fields for dimensions.
 */
import type { FieldSpec } from '../../frames';
import type { Dimension } from '../../schema';
import { DIMENSION_COLUMNS } from '../../sql';

/** `browser_name AS browser`, or the bare column when the dimension has its column's name. */
export function dimensionSelect(dimension: Dimension): string {
  const column = DIMENSION_COLUMNS[dimension];
  return column === dimension ? column : `${column} AS ${dimension}`;
}

/**
 * A dimension of a session, taken from its first page view (`argMin(route, timestamp) AS
 * session_route`): a session's route or URL is its entry page, as Plausible and GA attribute
 * session metrics. The alias differs from the column: ClickHouse resolves a WHERE identifier to a
 * SELECT alias first, and `release IN (…)` must stay the column.
 */
export function sessionDimensionSelect(dimension: Dimension): string {
  return `argMin(${DIMENSION_COLUMNS[dimension]}, timestamp) AS session_${dimension}`;
}

/** The per-session dimension under its API name, outside the per-session subquery. */
export function fromSessionDimension(dimension: Dimension): string {
  return `session_${dimension} AS ${dimension}`;
}

/** String fields for the group-by dimensions of a table frame. */
export function dimensionFields(dimensions: readonly Dimension[]): FieldSpec[] {
  return dimensions.map((d) => ({ name: d, type: 'string' as const }));
}

/**
 * Keeps the `limit` series (label combinations) with the largest total of `weightColumn` over the
 * whole range, so a grouped time series never draws thousands of lines. `rows` must select `time`,
 * the label columns and the weight column; the result is ordered by time.
 */
export function limitSeries(
  rows: string,
  labels: readonly string[],
  weightColumn: string,
  limit: string,
): string {
  const keys = labels.join(', ');
  return (
    `SELECT * FROM (SELECT *, dense_rank() OVER (ORDER BY series_weight DESC, ${keys}) AS series_rank ` +
    `FROM (SELECT *, sum(${weightColumn}) OVER (PARTITION BY ${keys}) AS series_weight FROM (${rows}))) ` +
    `WHERE series_rank <= ${limit} ORDER BY time`
  );
}
