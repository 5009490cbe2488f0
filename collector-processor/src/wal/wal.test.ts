import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { segmentFileName } from './segments';
import { Wal, WalFullError } from './wal';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pt-wal-'));
}

const payload = (i: number) => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(50) }));

/** WAL files (segments and markers) whose bytes contain `marker`. */
function filesContaining(dir: string, marker: string): string[] {
  return fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f)).includes(marker));
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reads and checkpoints everything durable, as the batch writer does after storing it. */
function storeAll(wal: Wal): number {
  let stored = 0;
  for (;;) {
    const { records, next } = wal.read(wal.checkpointPosition(), Infinity);
    if (records.length === 0) return stored;
    wal.commit(next, records.length);
    stored += records.length;
  }
}

const secret = (name: string) => Buffer.from(JSON.stringify({ email: `${name}@example.test` }));

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

  describe('retention of stored rows', () => {
    it('deletes a stored segment once it is older than the maximum age, with no further appends', async () => {
      const dir = tempDir();
      const wal = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30, segmentMaxAgeMs: 100 });
      await wal.append(secret('alice'), 1);
      expect(storeAll(wal)).toBe(1);
      // Stored but still on disk: the record sits in the open tail segment.
      expect(filesContaining(dir, 'alice@example.test')).toHaveLength(1);
      await until(() => filesContaining(dir, 'alice@example.test').length === 0, 3000, 'segment deleted');
      await wal.append(secret('bob'), 1);
      const { records } = wal.read(wal.checkpointPosition(), Infinity);
      expect(records.map((r) => r.payload.toString())).toEqual([secret('bob').toString()]);
      await wal.close();
      const reopened = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30, segmentMaxAgeMs: 100 });
      expect(reopened.pendingRowCount()).toBe(1);
      expect(reopened.read(reopened.checkpointPosition(), Infinity).records).toHaveLength(1);
      await reopened.close();
    });

    it('keeps rows not yet stored however old they are', async () => {
      const dir = tempDir();
      const wal = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30, segmentMaxAgeMs: 20 });
      await wal.append(secret('carol'), 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(filesContaining(dir, 'carol@example.test')).toHaveLength(1);
      expect(wal.pendingRowCount()).toBe(1);
      expect(storeAll(wal)).toBe(1);
      await until(() => filesContaining(dir, 'carol@example.test').length === 0, 3000, 'segment deleted');
      await wal.close();
    });

    it('starts a new segment for an append after the age, and deletes the old one when its rows are stored', async () => {
      const dir = tempDir();
      const wal = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30, segmentMaxAgeMs: 150 });
      await wal.append(secret('dave'), 1);
      const first = wal.read(wal.checkpointPosition(), Infinity);
      await new Promise((r) => setTimeout(r, 160));
      await wal.append(secret('erin'), 1);
      expect(wal.durableEnd().segment).toBe(2);
      wal.commit(first.next, 1);
      // dave's segment went with that commit, not with the next one: erin's rows are not stored.
      expect(filesContaining(dir, 'dave@example.test')).toEqual([]);
      expect(filesContaining(dir, 'erin@example.test')).toHaveLength(1);
      expect(wal.read(wal.checkpointPosition(), Infinity).records).toHaveLength(1);
      await wal.close();
    });

    it('releaseStored() deletes every stored row at once and keeps the rest', async () => {
      const dir = tempDir();
      const wal = Wal.open(dir, { segmentBytes: 1 << 20, maxBytes: 1 << 30 });
      await wal.append(secret('frank'), 1);
      storeAll(wal);
      await wal.append(secret('grace'), 1);
      await wal.releaseStored();
      // frank's record shares a segment with grace's, which is not stored: nothing can go yet.
      expect(filesContaining(dir, 'frank@example.test')).toHaveLength(1);
      storeAll(wal);
      await wal.append(secret('heidi'), 1);
      await wal.releaseStored();
      expect(filesContaining(dir, 'frank@example.test')).toEqual([]);
      expect(filesContaining(dir, 'grace@example.test')).toEqual([]);
      const { records } = wal.read(wal.checkpointPosition(), Infinity);
      expect(records.map((r) => r.payload.toString())).toEqual([secret('heidi').toString()]);
      storeAll(wal);
      await wal.releaseStored();
      expect(filesContaining(dir, 'heidi@example.test')).toEqual([]);
      await wal.close();
    });
  });
});
