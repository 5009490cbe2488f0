import {
  debugIdOf,
  resolveMapRef,
  sourceMappingCommentIndex,
  sourceMappingUrlOf,
  type MapRef,
} from '../src/sourcemaps/comments';

describe('sourceMappingUrlOf', () => {
  it.each<[string, string, string | undefined]>([
    ['line comment', 'a();\n//# sourceMappingURL=app.js.map\n', 'app.js.map'],
    ['no trailing newline', 'a();\n//# sourceMappingURL=app.js.map', 'app.js.map'],
    ['old @ spelling', 'a();\n//@ sourceMappingURL=old.map', 'old.map'],
    ['block comment', 'a();\n/*# sourceMappingURL=app.js.map */', 'app.js.map'],
    ['the last one wins', '//# sourceMappingURL=a.map\nb();\n//# sourceMappingURL=b.map\n', 'b.map'],
    [
      'a data URL',
      'a();\n//# sourceMappingURL=data:application/json;base64,eyJ9\n',
      'data:application/json;base64,eyJ9',
    ],
    ['none', 'a();\n', undefined],
    ['not at line end (inside a string)', 'x="//# sourceMappingURL=fake.map";\n', undefined],
    ['a CRLF file', 'a();\r\n//# sourceMappingURL=app.js.map\r\n', 'app.js.map'],
  ])('%s', (_name, code, expected) => expect(sourceMappingUrlOf(code)).toBe(expected));

  it('finds where the comment starts', () => {
    const code = 'a();\n//# sourceMappingURL=app.js.map\n';
    expect(sourceMappingCommentIndex(code)).toBe(5);
    expect(sourceMappingCommentIndex('a();')).toBe(-1);
  });
});

describe('debugIdOf', () => {
  const id = '2f4c9d1e-8a3b-4c5d-9e6f-0a1b2c3d4e5f';
  it.each<[string, string, string | undefined]>([
    ['present', `a();\n//# debugId=${id}\n//# sourceMappingURL=a.map`, id],
    ['upper case is normalised', `a();\n//# debugId=${id.toUpperCase()}\n`, id],
    ['absent', 'a();\n//# sourceMappingURL=a.map', undefined],
    ['not a UUID', 'a();\n//# debugId=nope\n', undefined],
    ['not on its own line', `x("//# debugId=${id}")`, undefined],
  ])('%s', (_name, code, expected) => expect(debugIdOf(code)).toBe(expected));
});

describe('resolveMapRef', () => {
  it.each<[string, string, string | undefined, MapRef]>([
    ['no comment', 'app.js', undefined, { kind: 'none' }],
    ['inline', 'app.js', 'data:application/json;base64,e30=', { kind: 'inline' }],
    ['sibling', 'assets/app.js', 'app.js.map', { kind: 'file', path: 'assets/app.js.map' }],
    ['subdirectory', 'assets/app.js', 'maps/app.js.map', { kind: 'file', path: 'assets/maps/app.js.map' }],
    [
      'parent directory',
      'assets/js/app.js',
      '../maps/app.js.map',
      { kind: 'file', path: 'assets/maps/app.js.map' },
    ],
    ['query and hash dropped', 'app.js', 'app.js.map?v=3#x', { kind: 'file', path: 'app.js.map' }],
    ['percent-encoded', 'a b.js', 'a%20b.js.map', { kind: 'file', path: 'a b.js.map' }],
    ['a stray %', 'x.js', '100%.map', { kind: 'file', path: '100%.map' }],
    [
      'absolute URL: same directory',
      'assets/app.js',
      'https://cdn.test/x/app.js.map',
      { kind: 'file', path: 'assets/app.js.map' },
    ],
    [
      'root-relative: same directory',
      'assets/app.js',
      '/static/app.js.map',
      { kind: 'file', path: 'assets/app.js.map' },
    ],
  ])('%s', (_name, js, url, expected) => expect(resolveMapRef(js, url)).toEqual(expected));
});
