import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * On-disk layout of the write-ahead log: numbered segment files of length-prefixed, checksummed
 * records. A record header is 12 bytes: payload length, CRC-32 of the payload, and the number of
 * rows the payload carries (so the batch writer can size batches without parsing).
 */
export const HEADER_BYTES = 12;

export interface Position {
  segment: number;
  offset: number;
}

export interface WalRecord {
  payload: Buffer;
  rows: number;
  /** Position just after this record. */
  end: Position;
}

export function segmentFileName(segment: number): string {
  return `seg-${String(segment).padStart(12, '0')}.wal`;
}

export function listSegments(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^seg-(\d{12})\.wal$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export function encodeRecord(payload: Buffer, rows: number): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(zlib.crc32(payload), 4);
  header.writeUInt32LE(rows, 8);
  return [header, payload];
}

/**
 * Parses whole records from `chunk`, which starts at `start` within `segment`. Stops at the first
 * incomplete or corrupt record and reports how many bytes were valid, so recovery can cut a torn
 * tail left by a crash mid-write (such a record was never acknowledged).
 */
export function parseRecords(
  chunk: Buffer,
  segment: number,
  start: number,
  limits: { maxRows: number; maxBytes?: number } = { maxRows: Infinity },
): { records: WalRecord[]; validBytes: number; corrupt: boolean; needBytes: number } {
  const records: WalRecord[] = [];
  const maxBytes = limits.maxBytes ?? Infinity;
  let pos = 0;
  let rows = 0;
  while (pos + HEADER_BYTES <= chunk.length) {
    const length = chunk.readUInt32LE(pos);
    const crc = chunk.readUInt32LE(pos + 4);
    const recordRows = chunk.readUInt32LE(pos + 8);
    const end = pos + HEADER_BYTES + length;
    if (end > chunk.length) {
      return { records, validBytes: pos, corrupt: false, needBytes: HEADER_BYTES + length };
    }
    if (records.length > 0 && (rows + recordRows > limits.maxRows || end > maxBytes)) break;
    const payload = chunk.subarray(pos + HEADER_BYTES, end);
    if (zlib.crc32(payload) !== crc) return { records, validBytes: pos, corrupt: true, needBytes: 0 };
    records.push({ payload, rows: recordRows, end: { segment, offset: start + end } });
    rows += recordRows;
    pos = end;
  }
  return { records, validBytes: pos, corrupt: false, needBytes: pos < chunk.length ? HEADER_BYTES : 0 };
}

/** Reads `length` bytes at `offset` of a segment (fewer at end of file). */
export function readAt(dir: string, segment: number, offset: number, length: number): Buffer {
  const fd = fs.openSync(path.join(dir, segmentFileName(segment)), 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const n = fs.readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Scans a segment from `offset`, returning the end of its last intact record and the rows seen. */
export function scanSegment(dir: string, segment: number, offset: number): { end: number; rows: number } {
  const size = fs.statSync(path.join(dir, segmentFileName(segment))).size;
  let pos = offset;
  let rows = 0;
  let want = 8 * 1024 * 1024;
  while (pos < size) {
    const chunk = readAt(dir, segment, pos, Math.min(want, size - pos));
    const parsed = parseRecords(chunk, segment, pos);
    for (const r of parsed.records) rows += r.rows;
    pos += parsed.validBytes;
    if (
      parsed.corrupt ||
      (parsed.records.length === 0 && (parsed.needBytes === 0 || pos + parsed.needBytes > size))
    )
      break;
    if (parsed.records.length === 0) want = parsed.needBytes;
  }
  return { end: pos, rows };
}

/**
 * Recovery: scans the segments from the checkpoint, cutting a torn record a crash left at the end
 * of one, and returns the end of the log and the rows not yet stored. Makes sure the tail exists.
 */
export function recoverTail(
  dir: string,
  segments: number[],
  checkpoint: Position,
): { tail: Position; pendingRows: number } {
  let pendingRows = 0;
  let tail: Position = { segment: checkpoint.segment, offset: checkpoint.offset };
  for (const seg of segments.filter((s) => s >= checkpoint.segment)) {
    const from = seg === checkpoint.segment ? checkpoint.offset : 0;
    const { end, rows } = scanSegment(dir, seg, from);
    const file = path.join(dir, segmentFileName(seg));
    if (fs.statSync(file).size > end) fs.truncateSync(file, end);
    pendingRows += rows;
    tail = { segment: seg, offset: end };
  }
  if (!fs.existsSync(path.join(dir, segmentFileName(tail.segment)))) {
    fs.writeFileSync(path.join(dir, segmentFileName(tail.segment)), '');
    fsyncDir(dir);
  }
  return { tail, pendingRows };
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a small JSON file atomically and durably (write temp, fsync, rename, fsync dir). */
export function writeJsonDurable(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(value));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;
}

/** Writes every buffer at the file position, continuing after short writes. */
export async function writeAll(fd: number, buffers: Buffer[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    const written = await new Promise<number>((res, rej) =>
      fs.writev(fd, pending, (err, n) => (err ? rej(err) : res(n))),
    );
    let skip = written;
    const rest: Buffer[] = [];
    for (const b of pending) {
      if (skip >= b.length) {
        skip -= b.length;
      } else {
        rest.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    pending = rest;
  }
}
