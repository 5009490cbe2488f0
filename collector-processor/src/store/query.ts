import type { ClickHouseClient } from '@clickhouse/client';
import { UNIX_TIME_OUTPUT } from './time';

export type Row = Record<string, unknown>;

/**
 * A SELECT with bound parameters (never interpolated), as JSON rows. Times come back as epoch
 * seconds (UNIX_TIME_OUTPUT) so no server time zone leaks into them.
 */
export async function selectRows<T = Row>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
  settings: Record<string, string | number> = {},
): Promise<T[]> {
  const result = await client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { ...UNIX_TIME_OUTPUT, ...settings },
  });
  return result.json<T>();
}
