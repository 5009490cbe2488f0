/** Query fixtures for the builders' exact-SQL tests. */
import type { QueryBase } from './schema';

/** A QueryBase with the schema's defaults; a test names the project and range it asserts on. */
export function baseQuery(q: Pick<QueryBase, 'project' | 'from' | 'to'> & Partial<QueryBase>): QueryBase {
  return {
    refId: 'A',
    maxDataPoints: 1000,
    filters: {},
    exclude: {},
    groupBy: [],
    includeBots: false,
    limit: 100,
    ...q,
  };
}
