/**
 * The ClickHouse artifact store on a real embedded ClickHouse, as two replicas would use it: two
 * store instances on one database uploading the same map and the same release at once; maps larger
 * than a chunk (split on UTF-8 boundaries, reassembled and hash-checked); and the one-time import
 * of a filesystem store when an installation switches to PULSETRACE_SOURCEMAP_STORE=clickhouse.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { useMigratedStore } from '../../test/helpers/store';
import { selectRows } from '../store/query';
import { FsArtifactStore, type ArtifactStore, type StagedFile } from './artifact-store';
import { ClickHouseArtifactStore, utf8Chunks } from './clickhouse-store';
import { IMPORTED_MARKER, openArtifactStore } from './select-store';

const clickhouse = useMigratedStore('ch-artifacts');
const ID = '5e1f0c0a-3b7e-4d8a-9c61-2f4b7a1d9e03';
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pt-chmaps-'));
const mapText = (n: string) =>
  JSON.stringify({ version: 3, sources: [`src/${n}.ts`], names: [n], mappings: 'AAAAA' });

function staged(name: string, content: string, debugId: string | null = null): StagedFile {
  const file = path.join(tmp(), 'f.map');
  fs.writeFileSync(file, content);
  return {
    path: file,
    entry: {
      name,
      kind: 'sourcemap',
      debugId,
      bytes: Buffer.byteLength(content),
      sha256: sha(content),
      uploadedAt: new Date().toISOString(),
    },
  };
}

const replica = (chunkBytes?: number) =>
  new ClickHouseArtifactStore(clickhouse().client, path.join(tmp(), 'staging'), chunkBytes);

test('utf8Chunks never splits a character and loses no byte', () => {
  const text = Buffer.from('aé€😀'.repeat(50), 'utf8');
  const parts = utf8Chunks(text, 7);
  expect(parts.every((p) => p.length <= 7 && p.length > 0)).toBe(true);
  expect(parts.map((p) => p.toString('utf8')).join('')).toBe(text.toString('utf8'));
  expect(Buffer.concat(parts).equals(text)).toBe(true);
});

test('two replicas uploading the same map to the same release: no loss, one manifest', async () => {
  const [a, b] = [replica(), replica()];
  const map = mapText('same');
  const both = await Promise.all(
    [a, b].map((s, i) =>
      s.put('race', '1.0.0', [
        staged('~/same.js.map', map, ID),
        staged(`~/only-${i}.js.map`, mapText(`o${i}`)),
      ]),
    ),
  );
  expect(both).toHaveLength(2);
  for (const s of [a, b] as ArtifactStore[]) {
    const manifest = await s.list('race', '1.0.0');
    // Each replica's own file and the shared one: nothing lost to the other's upload.
    expect(Object.keys(manifest!.files).sort()).toEqual([
      '~/only-0.js.map',
      '~/only-1.js.map',
      '~/same.js.map',
    ]);
    expect((await s.get('race', { release: '1.0.0', sha256: sha(map) }))?.toString()).toBe(map);
    expect(await s.byDebugId('race', ID)).toEqual({ release: '1.0.0', sha256: sha(map) });
  }
  // After merges the same name is one row, whatever the order the replicas' rows arrived in.
  await clickhouse().client.command({ query: 'OPTIMIZE TABLE sourcemap_entries FINAL' });
  const rows = await selectRows<{ n: string }>(
    clickhouse().client,
    `SELECT count() AS n FROM sourcemap_entries WHERE project_id = 'race' AND name = '~/same.js.map'`,
    {},
  );
  expect(Number(rows[0]!.n)).toBe(1);
});

test('a map larger than a chunk is stored in pieces and read back byte for byte', async () => {
  const big = JSON.stringify({
    version: 3,
    sources: ['src/ünïcode.ts'],
    sourcesContent: ['// 日本語 ✓ 😀 '.repeat(3000)],
    names: [],
    mappings: 'AAAA;'.repeat(2000),
  });
  const store = replica(16 * 1024);
  await store.put('big', '1', [staged('~/big.js.map', big)]);
  const chunks = await selectRows<{ n: string }>(
    clickhouse().client,
    `SELECT count() AS n FROM sourcemap_blobs WHERE project_id = 'big'`,
    {},
  );
  expect(Number(chunks[0]!.n)).toBeGreaterThanOrEqual(Math.ceil(Buffer.byteLength(big) / (16 * 1024)));
  expect(Number(chunks[0]!.n)).toBeGreaterThan(1);
  // Another replica with another chunk size reads the same content.
  const read = await replica().get('big', { release: '1', sha256: sha(big) });
  expect(read?.equals(Buffer.from(big, 'utf8'))).toBe(true);
});

test('a filesystem store is imported into ClickHouse once, at start-up', async () => {
  const dataDir = tmp();
  const fsStore = new FsArtifactStore(dataDir);
  fs.mkdirSync(fsStore.root, { recursive: true });
  const map = mapText('legacy');
  await fsStore.put('legacy/app', '2.0.0', [staged('~/legacy.js.map', map, ID)]);
  const log = pino({ level: 'silent' });
  const open = () => openArtifactStore({ kind: 'clickhouse', client: clickhouse().client, dataDir, log });

  const store = await open();
  expect(Object.keys((await store.list('legacy/app', '2.0.0'))!.files)).toEqual(['~/legacy.js.map']);
  expect((await store.get('legacy/app', { release: '2.0.0', sha256: sha(map) }))?.toString()).toBe(map);
  expect(await store.byDebugId('legacy/app', ID)).toEqual({ release: '2.0.0', sha256: sha(map) });
  expect(fs.existsSync(path.join(fsStore.root, IMPORTED_MARKER))).toBe(true);

  // A later start does not copy again: a map added to the old directory afterwards stays there.
  await fsStore.put('legacy/app', '3.0.0', [staged('~/late.js.map', mapText('late'))]);
  await open();
  expect(await store.list('legacy/app', '3.0.0')).toBeUndefined();
});
