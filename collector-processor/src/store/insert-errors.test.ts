import { ClickHouseError } from '@clickhouse/client';
import { classifyInsertError, clickhouseErrorCode } from './insert-errors';

/** An error as @clickhouse/client raises it for a server's answer. */
function serverError(code: number, message: string): ClickHouseError {
  return new ClickHouseError({ message, code: String(code), type: 'TEST' });
}

describe('classifyInsertError', () => {
  it('reads the code from chDB messages and from ClickHouseError', () => {
    expect(clickhouseErrorCode(new Error('Code: 27. DB::Exception: Cannot parse input'))).toBe(27);
    expect(clickhouseErrorCode(serverError(41, 'Cannot read DateTime'))).toBe(41);
    expect(clickhouseErrorCode(new Error('connect ECONNREFUSED 127.0.0.1:8123'))).toBeUndefined();
  });

  it.each([
    ['a parse error (chDB)', new Error("Code: 27. DB::Exception: Cannot parse input: expected ','"), 'data'],
    ['a bad escape (server)', serverError(25, 'Cannot parse escape sequence'), 'data'],
    ['a value out of range', serverError(321, 'Value out of range'), 'data'],
    [
      'too many partitions for one insert',
      new Error('Code: 252. DB::Exception: Too many partitions for single INSERT block (more than 100).'),
      'data',
    ],
    // The same code when merges fall behind is about the table, not the rows.
    [
      'too many parts (merges behind)',
      serverError(252, 'Too many parts (3001) in all partitions in total'),
      'transient',
    ],
    ['no code: the connection or the failpoint', new Error('failpoint: ClickHouse unavailable'), 'transient'],
    ['a full disk', serverError(243, 'Cannot reserve 1.00 MiB, not enough space'), 'transient'],
    ['memory', new Error('Code: 241. DB::Exception: Memory limit (total) exceeded'), 'transient'],
    ['a missing table', serverError(60, 'Table pulsetrace.errors does not exist'), 'transient'],
    ['a code on neither list', new Error('Code: 9999. DB::Exception: something new'), 'unknown'],
  ])('%s is %s', (_name, err, kind) => {
    expect(classifyInsertError(err)).toBe(kind);
  });
});
