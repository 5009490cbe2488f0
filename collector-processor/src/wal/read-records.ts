import { comparePositions, parseRecords, readAt, type Position, type WalRecord } from './segments';

export interface ReadBounds {
  maxRows: number;
  /** Replaying a batch whose bounds were recorded: read exactly up to here, ignoring the caps. */
  until?: Position;
  maxBytes: number;
}

/**
 * Reads durable records of the log in `dir` from `from`, within one segment, up to the row and
 * byte caps (at least one record) or exactly up to `until`. `segmentEnd` gives each segment's
 * durable length; `tail` is the end of what is durable.
 */
export function readRecords(
  dir: string,
  segmentEnd: (segment: number) => number,
  tail: Position,
  from: Position,
  { maxRows, until, maxBytes }: ReadBounds,
): { records: WalRecord[]; next: Position } {
  let pos = { ...from };
  while (pos.offset >= segmentEnd(pos.segment) && comparePositions(pos, tail) < 0) {
    pos = { segment: pos.segment + 1, offset: 0 };
  }
  const limit = until && until.segment === pos.segment ? until.offset : segmentEnd(pos.segment);
  const records: WalRecord[] = [];
  let rows = 0;
  let bytes = 0;
  // Read about one batch at a time: a fixed 8 MiB read buffer per batch is memory held until GC.
  let want = Math.min(8 * 1024 * 1024, limit - pos.offset, until ? Infinity : maxBytes + 64 * 1024);
  while (pos.offset < limit && rows < maxRows && bytes < maxBytes) {
    const chunk = readAt(dir, pos.segment, pos.offset, Math.min(want, limit - pos.offset));
    const parsed = parseRecords(chunk, pos.segment, pos.offset, {
      maxRows: until ? Infinity : maxRows - rows,
      maxBytes: until ? Infinity : maxBytes - bytes,
    });
    if (parsed.corrupt) throw new Error(`write-ahead log segment ${pos.segment} is corrupt at ${pos.offset}`);
    if (parsed.records.length === 0) {
      if (parsed.needBytes <= chunk.length) break;
      want = parsed.needBytes;
      continue;
    }
    for (const r of parsed.records) {
      records.push(r);
      rows += r.rows;
    }
    const end = parsed.records[parsed.records.length - 1].end;
    bytes += end.offset - pos.offset;
    pos = end;
    if (until) continue;
    if (rows >= maxRows || bytes >= maxBytes) break;
  }
  return { records, next: pos };
}
