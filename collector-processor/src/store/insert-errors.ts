/**
 * Why an insert failed, as far as the batch writer needs to know: because of the rows it carried
 * (`data`: splitting the batch isolates them), because ClickHouse could not take any rows just
 * then (`transient`: keep the rows in the WAL and retry), or a ClickHouse error code this list does
 * not name (`unknown`: the writer asks a probe whether ClickHouse is up before blaming the rows).
 */
export type InsertErrorKind = 'data' | 'transient' | 'unknown';

/**
 * Codes ClickHouse raises while parsing or converting the values of an insert: the same rows fail
 * the same way on every attempt. Names from ClickHouse's src/Common/ErrorCodes.cpp.
 */
const DATA_ERROR_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE (a lone UTF-16 surrogate escape)
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED (1e+30 or 1.5 in an integer column)
  32, // ATTEMPT_TO_READ_AFTER_EOF
  33, // CANNOT_READ_ALL_DATA
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER (a negative number in an unsigned column)
  117, // INCORRECT_DATA
  130, // CANNOT_READ_ARRAY_FROM_TEXT
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
  376, // CANNOT_PARSE_UUID
  407, // DECIMAL_OVERFLOW
  441, // CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING
  467, // CANNOT_PARSE_BOOL
]);

/**
 * Codes that say ClickHouse (or the schema, or the disk) cannot take inserts now, whatever the
 * rows: never set rows aside for these, however long they last, even when a probe query works.
 */
const TRANSIENT_ERROR_CODES = new Set([
  3, // UNEXPECTED_END_OF_FILE (connection cut)
  16, // NO_SUCH_COLUMN_IN_TABLE (a migration not applied)
  60, // UNKNOWN_TABLE
  81, // UNKNOWN_DATABASE
  159, // TIMEOUT_EXCEEDED
  164, // READONLY
  173, // CANNOT_ALLOCATE_MEMORY
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  218, // TABLE_IS_DROPPED
  225, // NO_ZOOKEEPER
  236, // ABORTED
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  243, // NOT_ENOUGH_SPACE
  252, // TOO_MANY_PARTS (merges behind; the partition limit per insert is told apart below)
  279, // ALL_CONNECTION_TRIES_FAILED
  291, // DATABASE_ACCESS_DENIED
  319, // UNKNOWN_STATUS_OF_INSERT
  364, // RECEIVED_ERROR_TOO_MANY_REQUESTS
  394, // QUERY_WAS_CANCELLED
  425, // SYSTEM_ERROR
  497, // ACCESS_DENIED
  516, // AUTHENTICATION_FAILED
]);

/**
 * TOO_MANY_PARTS (252) also reports more partitions in one insert block than
 * max_partitions_per_insert_block: a property of the rows (tables partition by week), which a
 * smaller part of the batch never hits.
 */
const TOO_MANY_PARTITIONS = /too many partitions for single insert block/i;

/**
 * The ClickHouse error code of a failed insert: @clickhouse/client's ClickHouseError carries it as
 * `code` (a numeric string); chDB's errors only name it in the message ("Code: 27. DB::Exception").
 */
export function clickhouseErrorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  const match = /\bCode: (\d+)\./.exec(errorMessage(err));
  return match ? Number(match[1]) : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function classifyInsertError(err: unknown): InsertErrorKind {
  const code = clickhouseErrorCode(err);
  // No ClickHouse code: the connection, the failpoint, a timeout in the client. Never the rows.
  if (code === undefined) return 'transient';
  if (code === 252) return TOO_MANY_PARTITIONS.test(errorMessage(err)) ? 'data' : 'transient';
  if (DATA_ERROR_CODES.has(code)) return 'data';
  if (TRANSIENT_ERROR_CODES.has(code)) return 'transient';
  return 'unknown';
}
