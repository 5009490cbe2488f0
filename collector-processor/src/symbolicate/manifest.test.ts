import {
  applyUpload,
  debugIdsOf,
  emptyManifest,
  findMapForUrl,
  matchUpload,
  type ArtifactEntry,
  type ReleaseManifest,
} from './manifest';

const sha = (c: string) => c.repeat(64);
const ID = '85314830-023f-4cf1-a267-535f4e37bb17';

function map(name: string, s = 'a', debugId: string | null = null): ArtifactEntry {
  return { name, kind: 'sourcemap', debugId, bytes: 10, sha256: sha(s), uploadedAt: '' };
}
function source(name: string, sourceMappingURL: string | null, debugId: string | null = null): ArtifactEntry {
  return { name, kind: 'source', debugId, bytes: 10, sha256: sha('f'), sourceMappingURL, uploadedAt: '' };
}
function manifest(...entries: ArtifactEntry[]): ReleaseManifest {
  return applyUpload(emptyManifest('1.0.0'), entries).manifest;
}

describe('findMapForUrl: exact URL, then ~/path; sourceMappingURL, then <name>.map', () => {
  const cases: [string, ReleaseManifest, string, string | undefined][] = [
    [
      'sibling .map by ~/ name',
      manifest(map('~/assets/app.js.map')),
      'http://localhost/assets/app.js?v=1',
      '~/assets/app.js.map',
    ],
    [
      'sourceMappingURL of the uploaded source',
      manifest(source('~/assets/app.js', '../maps/app.map'), map('~/maps/app.map')),
      'https://shop.example/assets/app.js',
      '~/maps/app.map',
    ],
    [
      'exact URL beats ~/',
      manifest(map('~/app.js.map', 'a'), map('https://cdn.example/app.js.map', 'b')),
      'https://cdn.example/app.js',
      'https://cdn.example/app.js.map',
    ],
    [
      'other host falls back to ~/',
      manifest(map('~/app.js.map', 'a'), map('https://cdn.example/app.js.map', 'b')),
      'https://other.example/app.js',
      '~/app.js.map',
    ],
    [
      'sourceMappingURL not uploaded → <name>.map',
      manifest(source('~/app.js', 'missing.map'), map('~/app.js.map')),
      'https://x/app.js',
      '~/app.js.map',
    ],
    [
      'absolute sourceMappingURL resolved to ~/ when only ~/ was uploaded',
      manifest(source('~/app.js', 'https://maps.internal/app.map'), map('~/app.map')),
      'https://x/app.js',
      '~/app.map',
    ],
    ['path elsewhere', manifest(map('~/assets/app.js.map')), 'http://localhost/other/app.js', undefined],
    ['a source is never its own map', manifest(source('~/app.js.map', null)), 'https://x/app.js', undefined],
    ['empty manifest', manifest(), 'https://x/app.js', undefined],
  ];
  test.each(cases)('%s', (_name, m, url, expected) => expect(findMapForUrl(m, url)?.name).toBe(expected));
});

describe('applyUpload: same name replaces; replaced map content no longer referenced is orphaned', () => {
  test('re-upload of identical content orphans nothing', () => {
    const m = manifest(map('~/a.js.map', 'a'));
    const { manifest: next, orphaned } = applyUpload(m, [map('~/a.js.map', 'a')]);
    expect(Object.keys(next.files)).toEqual(['~/a.js.map']);
    expect(orphaned).toEqual([]);
  });
  test('new content replaces and orphans the old', () => {
    const m = manifest(map('~/a.js.map', 'a'));
    const { manifest: next, orphaned } = applyUpload(m, [map('~/a.js.map', 'b')]);
    expect(next.files['~/a.js.map'].sha256).toBe(sha('b'));
    expect(orphaned.map((e) => e.sha256)).toEqual([sha('a')]);
  });
  test('old content still used under another name is kept', () => {
    const m = manifest(map('~/a.js.map', 'a'), map('~/copy.js.map', 'a'));
    expect(applyUpload(m, [map('~/a.js.map', 'b')]).orphaned).toEqual([]);
  });
  test('other names are untouched', () => {
    const m = manifest(map('~/a.js.map', 'a'));
    const { manifest: next } = applyUpload(m, [map('~/b.js.map', 'b')]);
    expect(Object.keys(next.files).sort()).toEqual(['~/a.js.map', '~/b.js.map']);
  });
});

describe('matchUpload', () => {
  test.each([
    [
      'source + sibling map',
      [source('~/app.js', 'app.js.map'), map('~/app.js.map')],
      [],
      { matched: [{ source: '~/app.js', sourcemap: '~/app.js.map' }], unmatched: [] },
    ],
    [
      'map alone, source uploaded earlier',
      [map('~/app.js.map')],
      [source('~/app.js', 'app.js.map')],
      { matched: [{ source: '~/app.js', sourcemap: '~/app.js.map' }], unmatched: [] },
    ],
    [
      'source without map and lone map',
      [source('~/a.js', 'a.js.map'), map('~/b.js.map')],
      [],
      { matched: [], unmatched: ['~/a.js', '~/b.js.map'] },
    ],
  ])('%s', (_name, uploaded, earlier, expected) => {
    const m = applyUpload(manifest(...earlier), uploaded).manifest;
    expect(
      matchUpload(
        m,
        uploaded.map((e) => e.name),
      ),
    ).toEqual(expected);
  });
});

describe('debugIdsOf', () => {
  test.each([
    ['the map’s own id', [map('~/a.js.map', 'a', ID)], ID, sha('a')],
    [
      'a source comment points at its map',
      [source('~/a.js', 'a.js.map', ID), map('~/a.js.map', 'b')],
      ID,
      sha('b'),
    ],
    [
      'the map’s id wins over a disagreeing source',
      [source('~/a.js', 'b.js.map', ID), map('~/a.js.map', 'a', ID), map('~/b.js.map', 'b')],
      ID,
      sha('a'),
    ],
    ['a source without map indexes nothing', [source('~/a.js', null, ID)], ID, undefined],
  ])('%s', (_name, entries, id, expected) => {
    const m = manifest(...entries);
    expect(
      debugIdsOf(
        m,
        entries.map((e) => e.name),
      ).get(id)?.sha256,
    ).toBe(expected);
  });
});
