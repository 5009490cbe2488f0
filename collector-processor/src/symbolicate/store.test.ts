import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { FsArtifactStore, type ArtifactStore, type MapRef, type StagedFile } from './artifact-store';
import { ClickHouseArtifactStore } from './clickhouse-store';
import { useMigratedStore } from '../../test/helpers/store';
import type { ArtifactEntry } from './manifest';
import { MapCache } from './map-cache';
import { estimateHeapBytes } from './lookup';
import { symbolicateErrorRow } from './stage';
import { commonRow } from '../../test/helpers/rows';
import type { ErrorRow } from '../store/rows';

const ID = '85314830-023f-4cf1-a267-535f4e37bb17';
const MAP = JSON.stringify({ version: 3, sources: ['src/a.ts'], names: ['boom'], mappings: 'AAAAA' });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pt-maps-'));
}

/** Stages `content` as a real file, as the upload receiver does. */
function staged(
  store: ArtifactStore | string,
  name: string,
  content: string,
  debugId: string | null = null,
): StagedFile {
  const root = typeof store === 'string' ? store : store instanceof FsArtifactStore ? store.root : tmp();
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'stage-'));
  const file = path.join(dir, 'f.map');
  fs.writeFileSync(file, content);
  const entry: ArtifactEntry = {
    name,
    kind: 'sourcemap',
    debugId,
    bytes: content.length,
    sha256: sha(content),
    uploadedAt: new Date().toISOString(),
  };
  return { entry, path: file };
}

/** A real store that counts reads: how the cache's de-duplication is observed. */
class CountingStore implements ArtifactStore {
  reads = { get: 0, list: 0, byDebugId: 0 };
  constructor(private readonly inner: ArtifactStore) {}
  put = (p: string, r: string, f: StagedFile[]) => this.inner.put(p, r, f);
  stagingDir = () => this.inner.stagingDir();
  get = (p: string, ref: MapRef) => (this.reads.get++, this.inner.get(p, ref));
  list = (p: string, r: string) => (this.reads.list++, this.inner.list(p, r));
  byDebugId = (p: string, id: string) => (this.reads.byDebugId++, this.inner.byDebugId(p, id));
}

function setup() {
  const fsStore = new FsArtifactStore(tmp());
  fs.mkdirSync(fsStore.root, { recursive: true });
  return { fsStore, counting: new CountingStore(fsStore) };
}

const clickhouse = useMigratedStore('artifact-store');
let projects = 0;

/** Both stores behave the same through the ArtifactStore seam (each test on a fresh project). */
describe.each([
  ['fs', () => new FsArtifactStore(tmp())],
  ['clickhouse', () => new ClickHouseArtifactStore(clickhouse().client, path.join(tmp(), 'staging'))],
])('%s artifact store', (_kind, open: () => ArtifactStore) => {
  test('put, list, get, byDebugId', async () => {
    const store = open();
    const p = `p${++projects}`;
    const manifest = await store.put(p, '1.0.0', [staged(store, '~/a.js.map', MAP, ID)]);
    expect(Object.keys(manifest.files)).toEqual(['~/a.js.map']);
    expect((await store.list(p, '1.0.0'))?.files['~/a.js.map'].sha256).toBe(sha(MAP));
    expect(await store.list(p, '2.0.0')).toBeUndefined();
    expect(await store.byDebugId(p, ID.toUpperCase())).toEqual({ release: '1.0.0', sha256: sha(MAP) });
    expect(await store.byDebugId(`${p}-other`, ID)).toBeUndefined();
    expect((await store.get(p, { release: '1.0.0', sha256: sha(MAP) }))?.toString()).toBe(MAP);
    expect(await store.get(p, { release: '1.0.0', sha256: sha('other') })).toBeUndefined();
  });

  test('replacing a map retires its Debug ID entry and serves the new content', async () => {
    const store = open();
    const p = `p${++projects}`;
    await store.put(p, '1', [staged(store, '~/a.js.map', MAP, ID)]);
    const next = MAP.replace('boom', 'bang');
    await store.put(p, '1', [staged(store, '~/a.js.map', next)]);
    expect(await store.byDebugId(p, ID)).toBeUndefined();
    expect((await store.list(p, '1'))?.files['~/a.js.map'].sha256).toBe(sha(next));
    expect((await store.get(p, { release: '1', sha256: sha(next) }))?.toString()).toBe(next);
  });

  test('concurrent uploads to one release both land (the manifest is not lost to a race)', async () => {
    const store = open();
    const p = `p${++projects}`;
    const names = Array.from({ length: 8 }, (_, i) => `~/m${i}.js.map`);
    await Promise.all(
      names.map((n, i) => store.put(p, '1', [staged(store, n, MAP.replace('boom', `b${i}`))])),
    );
    expect(Object.keys((await store.list(p, '1'))!.files).sort()).toEqual(names);
  });
});

describe('FsArtifactStore layout', () => {
  test('files land where docs/symbolication.md says', async () => {
    const { fsStore } = setup();
    await fsStore.put('p1', '1.0.0', [staged(fsStore, '~/a.js.map', MAP, ID)]);
    const release = path.join(fsStore.root, 'p1', '1.0.0');
    expect(fs.readdirSync(release).sort()).toEqual(['manifest.json', 'maps']);
    expect(fs.existsSync(path.join(fsStore.root, 'p1', '_debug-ids', `${ID}.json`))).toBe(true);
  });

  test('a release name cannot escape its directory', async () => {
    const { fsStore } = setup();
    await fsStore.put('p1', '../../escape', [staged(fsStore, '~/a.js.map', MAP)]);
    expect(fs.readdirSync(path.join(fsStore.root, 'p1'))).toEqual(['%2E.%2F..%2Fescape']);
  });

  test('replacing a map removes the old content from disk', async () => {
    const { fsStore } = setup();
    await fsStore.put('p1', '1', [staged(fsStore, '~/a.js.map', MAP, ID)]);
    const next = MAP.replace('boom', 'bang');
    await fsStore.put('p1', '1', [staged(fsStore, '~/a.js.map', next)]);
    expect(fs.readdirSync(path.join(fsStore.root, 'p1', '1', 'maps'))).toEqual([`${sha(next)}.map`]);
  });

  test('sweepStaging removes only old staging directories', async () => {
    const { fsStore } = setup();
    const dir = await fsStore.stagingDir();
    await fsStore.sweepStaging(3600_000);
    expect(fs.existsSync(dir)).toBe(true);
    await fsStore.sweepStaging(3600_000, Date.now() + 7200_000);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('MapCache', () => {
  test('concurrent requests for one map share one read and one parse', async () => {
    const { fsStore, counting } = setup();
    await fsStore.put('p1', '1', [staged(fsStore, '~/a.js.map', MAP)]);
    const cache = new MapCache(counting, 1 << 20);
    const ref = { release: '1', sha256: sha(MAP) };
    const loaded = await Promise.all(Array.from({ length: 10 }, () => cache.map('p1', ref)));
    expect(new Set(loaded).size).toBe(1);
    await cache.map('p1', ref);
    expect(counting.reads.get).toBe(1);
    expect(cache.stats()).toEqual({
      maps: 1,
      mapBytes: estimateHeapBytes(MAP.length, JSON.parse(MAP)),
      lookups: 0,
    });
  });

  test('"nothing uploaded" is remembered until an upload or the TTL', async () => {
    const { fsStore, counting } = setup();
    const cache = new MapCache(counting, 1 << 20, 200);
    await Promise.all([cache.manifest('p1', '1'), cache.manifest('p1', '1'), cache.debugId('p1', ID)]);
    await cache.manifest('p1', '1');
    expect(counting.reads).toMatchObject({ list: 1, byDebugId: 1 });
    await fsStore.put('p1', '1', [staged(fsStore, '~/a.js.map', MAP, ID)]);
    cache.invalidate('p1');
    expect(await cache.manifest('p1', '1')).toBeDefined();
    expect(await cache.debugId('p1', ID)).toEqual({ release: '1', sha256: sha(MAP) });
    expect(counting.reads).toMatchObject({ list: 2, byDebugId: 2 });
    await new Promise((r) => setTimeout(r, 250));
    await cache.manifest('p1', '1');
    expect(counting.reads.list).toBe(3);
  });

  test('the cache is bounded by the estimated heap size of its maps', async () => {
    const { fsStore } = setup();
    const maps = [0, 1, 2].map((i) => MAP.replace('boom', `boom${i}`));
    await fsStore.put(
      'p1',
      '1',
      maps.map((m, i) => staged(fsStore, `~/m${i}.js.map`, m)),
    );
    const heap = estimateHeapBytes(MAP.length + 1, JSON.parse(maps[0]));
    expect(heap).toBeGreaterThan(MAP.length); // mappings count several times their text
    const cache = new MapCache(fsStore, heap * 2 + 5);
    for (const m of maps) await cache.map('p1', { release: '1', sha256: sha(m) });
    expect(cache.stats().maps).toBe(2);
    expect(cache.stats().mapBytes).toBeLessThanOrEqual(heap * 2 + 5);
  });
});

test('a corrupt stored map leaves the row as received instead of throwing', async () => {
  const { fsStore } = setup();
  await fsStore.put('p1', '1', [staged(fsStore, '~/a.js.map', MAP)]);
  fs.writeFileSync(path.join(fsStore.root, 'p1', '1', 'maps', `${sha(MAP)}.map`), '{ not json');
  const url = 'https://x/a.js';
  const row = {
    ...commonRow({ release: '1' }),
    'frames.filename': [url],
    'frames.function': ['a'],
    'frames.lineno': [1],
    'frames.colno': [1],
    'frames.in_app': [1],
    'frames.abs_path': [url],
    'frames.raw_lineno': [1],
    'frames.raw_colno': [1],
    'frames.raw_function': ['a'],
    'frames.context': [''],
    'frames.symbolicated': [0],
    symbolication: 'missing',
  } as ErrorRow;
  const out = await symbolicateErrorRow(new MapCache(fsStore, 1 << 20), 'p1', row, pino({ level: 'silent' }));
  expect(out.symbolication).toBe('missing');
  expect(out['frames.filename']).toEqual([url]);
});
