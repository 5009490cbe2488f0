import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { segmentFileName } from './segments';
import { Wal, WalFullError } from './wal';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-'));
}

const payload = (i: number) => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(50) }));

describe('Wal', () => {
  it('returns appended records in order with their row counts', async () => {
    const wal = Wal.open(tempDir(), { segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    for (let i = 0; i < 5; i++) await wal.append(payload(i), i + 1);
    const { records } = wal.read(wal.checkpointPosition(), Infinity);
    expect(records.map((r) => JSON.parse(r.payload.toString()).i)).toEqual([0, 1, 2, 3, 4]);
    expect(records.map((r) => r.rows)).toEqual([1, 2, 3, 4, 5]);
    expect(wal.pendingRowCount()).toBe(15);
    await wal.close();
  });

  it('group-commits concurrent appends into far fewer fsyncs than appends', async () => {
    const wal = Wal.open(tempDir(), { segmentBytes: 1 << 24, maxBytes: 1 << 30 });
    await Promise.all(Array.from({ length: 500 }, (_, i) => wal.append(payload(i), 1)));
    expect(wal.read(wal.checkpointPosition(), Infinity).records).toHaveLength(500);
    expect(wal.syncCount).toBeGreaterThan(0);
    expect(wal.syncCount).toBeLessThan(50);
    await wal.close();
  });

  it('cuts a torn record left by a crash and keeps everything before it', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    for (let i = 0; i < 3; i++) await wal.append(payload(i), 1);
    await wal.close();
    const file = path.join(dir, segmentFileName(1));
    const intact = fs.statSync(file).size;
    // Half a header and a few bytes of payload: what kill -9 mid-write can leave.
    fs.appendFileSync(file, Buffer.from([200, 0, 0, 0, 1, 2]));
    const reopened = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    expect(fs.statSync(file).size).toBe(intact);
    expect(reopened.pendingRowCount()).toBe(3);
    await reopened.append(payload(3), 1);
    const { records } = reopened.read(reopened.checkpointPosition(), Infinity);
    expect(records.map((r) => JSON.parse(r.payload.toString()).i)).toEqual([0, 1, 2, 3]);
    await reopened.close();
  });

  it('rotates segments, reads one segment per call, and deletes segments behind the checkpoint', async () => {
    const dir = tempDir();
    const wal = Wal.open(dir, { segmentBytes: 400, maxBytes: 1 << 30 });
    for (let i = 0; i < 20; i++) await wal.append(payload(i), 1);
    const segments = fs.readdirSync(dir).filter((f) => f.endsWith('.wal'));
    expect(segments.length).toBeGreaterThan(3);
    let pos = wal.checkpointPosition();
    const seen: number[] = [];
    for (;;) {
      const { records, next } = wal.read(pos, Infinity);
      if (records.length === 0) break;
      expect(new Set(records.map((r) => r.end.segment)).size).toBe(1);
      seen.push(...records.map((r) => JSON.parse(r.payload.toString()).i));
      wal.commit(next, records.length);
      pos = next;
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(wal.pendingRowCount()).toBe(0);
    expect(wal.pendingBytes()).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.wal')).length).toBe(1);
    await wal.close();
    const reopened = Wal.open(dir, { segmentBytes: 400, maxBytes: 1 << 30 });
    expect(reopened.pendingRowCount()).toBe(0);
    expect(reopened.read(reopened.checkpointPosition(), Infinity).records).toHaveLength(0);
    await reopened.close();
  });

  it('refuses appends once the un-stored bytes reach the bound, and accepts again after a commit', async () => {
    const wal = Wal.open(tempDir(), { segmentBytes: 1 << 20, maxBytes: 300 });
    let appended = 0;
    while (!wal.isFull()) await wal.append(payload(appended++), 1);
    expect(appended).toBe(4);
    await expect(wal.append(payload(99), 1)).rejects.toBeInstanceOf(WalFullError);
    const { records, next } = wal.read(wal.checkpointPosition(), Infinity);
    wal.commit(next, records.length);
    await expect(wal.append(payload(100), 1)).resolves.toBeUndefined();
    await wal.close();
  });

  it('reads back exactly a recorded range when replaying an interrupted batch', async () => {
    const wal = Wal.open(tempDir(), { segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    for (let i = 0; i < 10; i++) await wal.append(payload(i), 1);
    const start = wal.checkpointPosition();
    const first = wal.read(start, 4);
    expect(first.records).toHaveLength(4);
    const replay = wal.read(start, Infinity, first.next);
    expect(replay.records.map((r) => r.end)).toEqual(first.records.map((r) => r.end));
    await wal.close();
  });

  it('caps a read by bytes, always returning at least one record', async () => {
    const wal = Wal.open(tempDir(), { segmentBytes: 1 << 20, maxBytes: 1 << 30 });
    for (let i = 0; i < 10; i++) await wal.append(payload(i), 1);
    const recordBytes = wal.pendingBytes() / 10;
    const start = wal.checkpointPosition();
    const three = wal.read(start, Infinity, undefined, recordBytes * 3);
    expect(three.records.map((r) => JSON.parse(r.payload.toString()).i)).toEqual([0, 1, 2]);
    expect(wal.read(start, Infinity, undefined, 1).records).toHaveLength(1);
    const rest = wal.read(three.next, 5, undefined, recordBytes * 100);
    expect(rest.records.map((r) => JSON.parse(r.payload.toString()).i)).toEqual([3, 4, 5, 6, 7]);
    await wal.close();
  });
});
