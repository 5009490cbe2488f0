import crypto from 'node:crypto';
import { clickhouseErrorCode, errorMessage } from '../store/insert-errors';
import { toDateTime64 } from '../store/time';
import type { BadRow } from './isolate-bad-rows';

/** The table bad rows go to (migrations/0008_dead_letters.sql). */
export const DEAD_LETTER_TABLE = 'dead_letters';

/** ClickHouse's messages quote the rejected text; the start of one says what went wrong. */
const MAX_ERROR_CHARS = 4096;

/**
 * The value of a top-level string field of a raw JSONEachRow line, when it can be read. The line
 * was rejected, so it is not parsed as a whole; ingest writes `project_id` and `received_at` first.
 */
function stringField(line: string, name: string): string {
  const at = line.indexOf(`"${name}":"`);
  if (at === -1) return '';
  const match = /^"((?:[^"\\]|\\.){0,256})"/.exec(
    line.slice(at + name.length + 3, at + name.length + 3 + 600),
  );
  if (!match) return '';
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return '';
  }
}

/** DateTime64(3) text when the row's own `received_at` is a plausible epoch, else 0. */
function receivedAt(line: string): string {
  const value = stringField(line, 'received_at');
  return /^\d{1,10}(\.\d{1,3})?$/.test(value) ? value : '0';
}

/**
 * The dead-letter rows for a table chunk's bad rows, as JSONEachRow. The raw row is kept as text:
 * bytes that are not UTF-8 become U+FFFD, so this insert itself can never be rejected for its data.
 */
export function deadLetterRows(
  table: string,
  walBatch: string,
  bad: readonly BadRow[],
  nowMs = Date.now(),
): Buffer {
  let text = '';
  for (const row of bad) {
    const line = row.line.toString('utf8');
    text +=
      JSON.stringify({
        project_id: stringField(line, 'project_id'),
        table_name: table,
        failed_at: toDateTime64(nowMs),
        received_at: receivedAt(line),
        error_code: clickhouseErrorCode(row.error) ?? 0,
        error: errorMessage(row.error).slice(0, MAX_ERROR_CHARS),
        raw_row: line,
        wal_batch: walBatch,
      }) + '\n';
  }
  return Buffer.from(text);
}

/**
 * Deduplication token of a chunk's dead letters: the chunk's token and which of its lines failed.
 * A replay that isolates the same lines inserts them once; one that (against expectation) isolates
 * other lines stores those rather than losing them.
 */
export function deadLetterToken(chunkToken: string, bad: readonly BadRow[]): string {
  const lines = crypto
    .createHash('sha256')
    .update(bad.map((b) => b.index).join(','))
    .digest('hex')
    .slice(0, 16);
  return `${chunkToken}:dead:${lines}`;
}
