import vm from 'node:vm';
import { debugIdOf, sourceMappingUrlOf } from '../src/sourcemaps/comments';
import { debugIdSnippet, deterministicDebugId, injectMap, injectSource } from '../src/sourcemaps/debug-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ID = '2f4c9d1e-8a3b-4c5d-9e6f-0a1b2c3d4e5f';
const OTHER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

describe('deterministicDebugId', () => {
  it.each<[string, string]>([
    ['', ''],
    ['a();', '{"version":3}'],
    ['x'.repeat(100_000), '{"mappings":"AAAA"}'],
  ])('is a v4-shaped UUID, stable for the same input (%#)', (code, map) => {
    const id = deterministicDebugId(code, map);
    expect(id).toMatch(UUID_V4);
    expect(deterministicDebugId(code, map)).toBe(id);
  });

  it.each<[string, [string, string], [string, string]]>([
    ['code differs', ['a();', 'm'], ['b();', 'm']],
    ['map differs', ['a();', 'm1'], ['a();', 'm2']],
    ['the boundary moves', ['ab', 'c'], ['a', 'bc']],
  ])('changes when the %s', (_name, a, b) => {
    expect(deterministicDebugId(...a)).not.toBe(deterministicDebugId(...b));
  });
});

describe('injectSource', () => {
  const snippet = debugIdSnippet(ID);
  it.each<[string, string, string]>([
    [
      'above the sourceMappingURL comment',
      'a();\n//# sourceMappingURL=a.js.map\n',
      `a();\n${snippet}\n//# debugId=${ID}\n//# sourceMappingURL=a.js.map\n`,
    ],
    ['no comment, no newline', 'a();', `a();\n${snippet}\n//# debugId=${ID}\n`],
    ['no comment, newline', 'a();\n', `a();\n${snippet}\n//# debugId=${ID}\n`],
    [
      'comment on the code line',
      'a();//# sourceMappingURL=a.js.map',
      `a();\n${snippet}\n//# debugId=${ID}\n//# sourceMappingURL=a.js.map`,
    ],
  ])('%s', (_name, code, expected) => {
    const out = injectSource(code, ID);
    expect(out).toEqual({ code: expected, id: ID, changed: true });
    // All code above the comment keeps its lines and columns: the map stays valid.
    const head = code.slice(0, Math.max(0, code.indexOf('//#'))) || code;
    expect(out.code.startsWith(head)).toBe(true);
    expect(sourceMappingUrlOf(out.code)).toBe(sourceMappingUrlOf(code));
    expect(debugIdOf(out.code)).toBe(ID);
  });

  it('is idempotent', () => {
    const once = injectSource('a();\n//# sourceMappingURL=a.js.map\n', ID);
    expect(injectSource(once.code, OTHER)).toEqual({ code: once.code, id: ID, changed: false });
  });

  it('keeps an id the file already has and adds only the snippet', () => {
    const code = `a();\n//# debugId=${OTHER}\n//# sourceMappingURL=a.js.map\n`;
    const out = injectSource(code, ID);
    expect(out.id).toBe(OTHER);
    expect(out.code).toBe(
      `a();\n//# debugId=${OTHER}\n${debugIdSnippet(OTHER)}\n//# sourceMappingURL=a.js.map\n`,
    );
    expect(injectSource(out.code, ID).changed).toBe(false);
  });
});

describe('injectMap', () => {
  it.each<[string, string, { map: unknown; changed: boolean }]>([
    [
      'adds the id first',
      '{"version":3,"mappings":"AAAA"}',
      { map: { debugId: ID, version: 3, mappings: 'AAAA' }, changed: true },
    ],
    [
      'replaces another id',
      `{"debugId":"${OTHER}","version":3}`,
      { map: { debugId: ID, version: 3 }, changed: true },
    ],
    [
      'already there',
      `{"version":3,"debugId":"${ID}"}`,
      { map: { version: 3, debugId: ID }, changed: false },
    ],
  ])('%s', (_name, text, expected) => {
    const out = injectMap(text, ID);
    expect({ map: JSON.parse(out.map), changed: out.changed }).toEqual(expected);
    if (!out.changed) expect(out.map).toBe(text);
    expect(injectMap(out.map, ID).changed).toBe(false);
  });

  it.each(['not json', '[1,2]', 'null'])('refuses %s', (text) => expect(() => injectMap(text, ID)).toThrow());
});

describe('debugIdSnippet', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a window', { window: undefined }],
    ['a worker (self only)', {}],
  ])('registers the id under a stack naming the file, in %s', (_name, globals) => {
    const ctx = vm.createContext(globals);
    if ('window' in globals) vm.runInContext('window = globalThis', ctx);
    new vm.Script(`var before = 1;\n${debugIdSnippet(ID)}`, {
      filename: 'https://cdn.test/app.js',
    }).runInContext(ctx);
    const registry = vm.runInContext('globalThis._pulsetraceDebugIds', ctx) as Record<string, string>;
    const [[stack, id]] = Object.entries(registry);
    expect(id).toBe(ID);
    expect(stack.split('\n')[1]).toMatch(/at https:\/\/cdn\.test\/app\.js:2:\d+/);
  });

  it('never throws, even when Error is broken', () => {
    const ctx = vm.createContext({});
    vm.runInContext('globalThis.Error = function () { throw new TypeError("hostile") }', ctx);
    expect(() => vm.runInContext(debugIdSnippet(ID), ctx)).not.toThrow();
  });

  it('is one short line', () => {
    expect(debugIdSnippet(ID)).not.toContain('\n');
    expect(debugIdSnippet(ID).length).toBeLessThan(300);
  });
});
