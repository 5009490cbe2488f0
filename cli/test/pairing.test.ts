import type { MapRef } from '../src/sourcemaps/comments';
import {
  formatBytes,
  pairFiles,
  summarize,
  type ScannedJs,
  type ScannedMap,
} from '../src/sourcemaps/pairing';

const js = (rel: string, mapRef: MapRef = { kind: 'none' }, debugId?: string): ScannedJs => ({
  rel,
  bytes: 10,
  mapRef,
  debugId,
});
const map = (rel: string): ScannedMap => ({ rel, bytes: 20 });
const ref = (path: string): MapRef => ({ kind: 'file', path });

describe('pairFiles', () => {
  it.each<
    [
      string,
      ScannedJs[],
      ScannedMap[],
      { pairs: string[]; noMap: string[]; inline: string[]; orphans: string[] },
    ]
  >([
    [
      'by sourceMappingURL',
      [js('a.js', ref('a.js.map'))],
      [map('a.js.map')],
      { pairs: ['a.js→a.js.map'], noMap: [], inline: [], orphans: [] },
    ],
    [
      'named map elsewhere',
      [js('a.js', ref('maps/a.map'))],
      [map('maps/a.map')],
      { pairs: ['a.js→maps/a.map'], noMap: [], inline: [], orphans: [] },
    ],
    [
      'no comment: <file>.map',
      [js('a.js')],
      [map('a.js.map')],
      { pairs: ['a.js→a.js.map'], noMap: [], inline: [], orphans: [] },
    ],
    [
      'named map missing: <file>.map',
      [js('a.js', ref('gone.map'))],
      [map('a.js.map')],
      { pairs: ['a.js→a.js.map'], noMap: [], inline: [], orphans: [] },
    ],
    [
      'no map at all',
      [js('a.js', ref('gone.map'))],
      [],
      { pairs: [], noMap: ['a.js'], inline: [], orphans: [] },
    ],
    [
      'inline map',
      [js('a.js', { kind: 'inline' })],
      [map('a.js.map')],
      { pairs: [], noMap: [], inline: ['a.js'], orphans: ['a.js.map'] },
    ],
    [
      'orphan map',
      [js('a.js', ref('a.js.map'))],
      [map('a.js.map'), map('old.js.map')],
      { pairs: ['a.js→a.js.map'], noMap: [], inline: [], orphans: ['old.js.map'] },
    ],
    [
      'several, sorted',
      [js('b.js', ref('b.js.map')), js('a.js', ref('a.js.map')), js('c.js')],
      [map('b.js.map'), map('a.js.map')],
      { pairs: ['a.js→a.js.map', 'b.js→b.js.map'], noMap: ['c.js'], inline: [], orphans: [] },
    ],
  ])('%s', (_name, files, maps, expected) => {
    const p = pairFiles(files, maps);
    expect({
      pairs: p.pairs.map((x) => `${x.source.rel}→${x.sourcemap.rel}`),
      noMap: p.jsWithoutMap.map((f) => f.rel),
      inline: p.jsWithInlineMap.map((f) => f.rel),
      orphans: p.mapsWithoutJs.map((m) => m.rel),
    }).toEqual(expected);
  });
});

describe('summarize', () => {
  it('counts each group and names the files to look at', () => {
    const id = '2f4c9d1e-8a3b-4c5d-9e6f-0a1b2c3d4e5f';
    const text = summarize(
      pairFiles(
        [js('a.js', ref('a.js.map'), id), js('b.js', ref('b.js.map')), js('c.js')],
        [map('a.js.map'), map('b.js.map'), map('x.map')],
      ),
    );
    expect(text).toContain('matched:             2 JS file(s) with a source map');
    expect(text).toContain('JS without a map:    1');
    expect(text).toContain('maps without JS:     1');
    expect(text).toContain(
      'debug ids:           1 of 3 JS file(s) have one (run `pulsetrace sourcemaps inject <dir>` first)',
    );
    expect(text).toMatch(/JS without a map \(1\).*\n {4}c\.js/);
    expect(text).toMatch(/maps without JS \(1\).*\n {4}x\.map/);
  });

  it('cuts long lists but keeps the count', () => {
    const many = Array.from({ length: 25 }, (_, i) => js(`f${String(i).padStart(2, '0')}.js`));
    const text = summarize(pairFiles(many, []));
    expect(text).toContain('JS without a map (25)');
    expect(text).toContain('… and 5 more');
  });
});

describe('formatBytes', () => {
  it.each([
    [12, '12 B'],
    [2048, '2.0 KB'],
    [5 * 1024 * 1024 + 100_000, '5.1 MB'],
  ])('%d', (n, s) => expect(formatBytes(n)).toBe(s));
});
