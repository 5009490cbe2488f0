import { transformSync } from 'esbuild';
import { generatedPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { ErrorRow } from '../store/rows';
import { commonRow } from '../../test/helpers/rows';
import { debugIdFor, debugIdsOfRow, symbolicateRow, symbolicationStatus } from './frames';
import { contextFor, isInAppSource, originalPosition, parseMap, type LoadedMap } from './lookup';

// A real minified bundle and map (esbuild), small enough to read in the failure output.
const SOURCE = [
  'function parseQty(raw: string): number {',
  '  const n = Number(raw);',
  '  if (!(n > 0)) throw new RangeError(`bad quantity ${raw}`);',
  '  return n;',
  '}',
  'export function addToCart(raw: string) {',
  '  return parseQty(raw) * 2;',
  '}',
  'addToCart("0");',
].join('\n');
const built = transformSync(SOURCE, {
  loader: 'ts',
  format: 'iife',
  minify: true,
  sourcemap: 'external',
  sourcefile: 'src/cart.ts',
});
const MAP_TEXT = built.map;
const URL = 'https://shop.example/assets/app.js';

/** The generated (1-based line and column) position of an original one. */
function generated(line: number, needle: string): { line: number; column: number } {
  const column = SOURCE.split('\n')[line - 1].indexOf(needle);
  const g = generatedPositionFor(new TraceMap(MAP_TEXT), { source: 'src/cart.ts', line, column });
  if (g.line === null) throw new Error(`no mapping for ${needle}`);
  return { line: g.line, column: g.column + 1 };
}
const THROW = generated(3, 'new RangeError');
const CALL = generated(7, 'parseQty(raw)');

interface F {
  url: string;
  line: number;
  column: number;
  fn?: string;
}
function errorRow(frames: F[]): ErrorRow {
  return {
    ...commonRow(),
    exception_type: 'RangeError',
    exception_message: 'bad quantity 0',
    stacktrace: '',
    'frames.filename': frames.map((f) => f.url),
    'frames.function': frames.map((f) => f.fn ?? ''),
    'frames.lineno': frames.map((f) => f.line),
    'frames.colno': frames.map((f) => f.column),
    'frames.in_app': frames.map((f) => (f.url.startsWith('http') ? 1 : 0)),
    'frames.abs_path': frames.map((f) => f.url),
    'frames.raw_lineno': frames.map((f) => f.line),
    'frames.raw_colno': frames.map((f) => f.column),
    'frames.raw_function': frames.map((f) => f.fn ?? ''),
    'frames.context': frames.map(() => ''),
    'frames.symbolicated': frames.map(() => 0),
    symbolication: frames.length ? 'missing' : 'none',
    handled: 0,
    mechanism: 'onerror',
    fingerprint: '',
    fingerprint_version: 0,
    grouping: '',
    causes: '[]',
    breadcrumbs: '[]',
  };
}

const loaded = parseMap(MAP_TEXT);
const maps = (url: string): LoadedMap | undefined => (url.startsWith(URL) ? loaded : undefined);

describe('symbolicateRow', () => {
  const thrown: F = { url: URL, ...THROW, fn: 'o' };
  const caller: F = { url: `${URL}?v=3`, ...CALL, fn: 'e' };
  const cases: {
    name: string;
    frames: F[];
    status: string;
    expect?: { filename: string[]; lineno: number[]; colno: number[]; fn: string[]; symbolicated: number[] };
  }[] = [
    {
      name: 'every frame mapped; the thrower is named from its caller’s call token, the outermost by its scope',
      frames: [thrown, caller],
      status: 'mapped',
      expect: {
        filename: ['src/cart.ts', 'src/cart.ts'],
        lineno: [3, 7],
        colno: [
          SOURCE.split('\n')[2].indexOf('new RangeError') + 1,
          SOURCE.split('\n')[6].indexOf('parseQty') + 1,
        ],
        fn: ['parseQty', 'addToCart'],
        symbolicated: [1, 1],
      },
    },
    {
      name: 'native and anonymous frames need no map',
      frames: [
        thrown,
        { url: '<anonymous>', line: 0, column: 0, fn: 'Array.map' },
        { url: 'native', line: 0, column: 0 },
      ],
      status: 'mapped',
    },
    {
      name: 'a third-party script without a map → partial',
      frames: [thrown, { url: 'https://cdn.other/lib.js', line: 1, column: 50, fn: 'x' }],
      status: 'partial',
      expect: {
        filename: ['src/cart.ts', 'https://cdn.other/lib.js'],
        lineno: [3, 1],
        colno: [SOURCE.split('\n')[2].indexOf('new RangeError') + 1, 50],
        // Called from a script without a map: named by the function around it.
        fn: ['parseQty', 'x'],
        symbolicated: [1, 0],
      },
    },
    {
      name: 'no map at all → missing, frames as received',
      frames: [{ url: 'https://other.example/app.js', line: 1, column: 10, fn: 'a' }],
      status: 'missing',
      expect: {
        filename: ['https://other.example/app.js'],
        lineno: [1],
        colno: [10],
        fn: ['a'],
        symbolicated: [0],
      },
    },
    { name: 'no frames → none', frames: [], status: 'none' },
  ];
  test.each(cases)('$name', ({ frames, status, expect: want }) => {
    const out = symbolicateRow(errorRow(frames), maps);
    expect(out.symbolication).toBe(status);
    if (want) {
      expect(out['frames.filename']).toEqual(want.filename);
      expect(out['frames.lineno']).toEqual(want.lineno);
      expect(out['frames.colno']).toEqual(want.colno);
      expect(out['frames.function']).toEqual(want.fn);
      expect(out['frames.symbolicated']).toEqual(want.symbolicated);
    }
    // Raw columns are never touched, so a second pass gives the same row.
    expect(out['frames.abs_path']).toEqual(frames.map((f) => f.url));
    expect(symbolicateRow(out, maps)).toEqual(out);
  });

  test('context: the original line with up to 5 lines either side', () => {
    const out = symbolicateRow(errorRow([thrown]), maps);
    const ctx = JSON.parse(out['frames.context'][0]) as { pre: string[]; line: string; post: string[] };
    const lines = SOURCE.split('\n');
    expect(ctx).toEqual({ pre: lines.slice(0, 2), line: lines[2], post: lines.slice(3, 8) });
  });
});

describe('originalPosition edge cases', () => {
  test.each([
    ['line 0 (unknown)', 0, 1, undefined],
    ['line past the end', 999, 1, undefined],
    ['column 0 takes the first mapping on the line', THROW.line, 0, 'src/cart.ts'],
  ])('%s', (_name, line, column, source) =>
    expect(originalPosition(loaded, line, column)?.source).toBe(source),
  );
});

describe('in_app from the original source path', () => {
  test.each([
    ['src/cart.ts', 1],
    ['webpack://shop/./src/cart.ts', 1],
    ['../node_modules/react-dom/cjs/react-dom.development.js', 0],
    ['webpack://shop/node_modules/lodash/lodash.js', 0],
    ['webpack://shop/webpack/bootstrap', 0],
    ['webpack://shop/webpack/runtime/jsonp chunk loading', 0],
    ['\u0000commonjsHelpers.js', 0],
    ['vite/preload-helper', 0],
    ['', 0],
  ])('%j → %i', (source, inApp) => expect(isInAppSource(source)).toBe(inApp));

  test('sources in the map’s ignoreList are not in-app', () => {
    const m = parseMap(JSON.stringify({ ...JSON.parse(MAP_TEXT), ignoreList: [0] }));
    expect(originalPosition(m, THROW.line, THROW.column)?.inApp).toBe(0);
  });
});

test('context lines are cut to 200 characters, the frame’s line around its column', () => {
  const long = 'x'.repeat(1000);
  const m = parseMap(
    JSON.stringify({
      version: 3,
      sources: ['a.js'],
      sourcesContent: [`${long}\n${long}`],
      names: [],
      mappings: 'AAAA',
    }),
  );
  const ctx = JSON.parse(contextFor(m, 0, 2, 600)) as { pre: string[]; line: string };
  expect(ctx.pre[0]).toHaveLength(200);
  expect(ctx.line).toHaveLength(200);
  expect(contextFor(m, 0, 3, 1)).toBe('');
});

test.each([
  [0, 0, 0, 'none'],
  [3, 2, 0, 'missing'],
  [3, 2, 1, 'partial'],
  [3, 2, 2, 'mapped'],
  [3, 0, 0, 'missing'],
])('symbolicationStatus(frames %i, needing %i, mapped %i) = %s', (frames, needing, mapped, status) =>
  expect(symbolicationStatus(frames, needing, mapped)).toBe(status),
);

describe('Debug IDs from the event', () => {
  const id = '85314830-023f-4cf1-a267-535f4e37bb17';
  const row = (value: string) => ({
    ...errorRow([]),
    attributes: { 'pulsetrace.exception.debug_ids': value },
  });
  test.each([
    ['exact URL', JSON.stringify({ [URL]: id }), URL, id],
    ['upper case id', JSON.stringify({ [URL]: id.toUpperCase() }), URL, id],
    ['frame URL with query', JSON.stringify({ [URL]: id }), `${URL}?v=2`, id],
    ['other script', JSON.stringify({ [URL]: id }), 'https://x/other.js', undefined],
    ['not a UUID', JSON.stringify({ [URL]: 'abc' }), URL, undefined],
    ['not JSON', '{', URL, undefined],
    ['an array', '[]', URL, undefined],
  ])('%s', (_name, attr, frameUrl, expected) =>
    expect(debugIdFor(debugIdsOfRow(row(attr)), frameUrl)).toBe(expected),
  );
});
