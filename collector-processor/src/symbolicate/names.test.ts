import {
  checkRelease,
  checkUploadPath,
  escapeSegment,
  frameCandidates,
  normalizeDebugId,
  normalizeUrlPrefix,
  parseSourceComments,
  resolveMapUrl,
  stripQuery,
} from './names';

describe('checkUploadPath: relative paths inside the uploaded directory only', () => {
  const cases: [string, RegExp | undefined][] = [
    ['assets/app-3f9a.js', undefined],
    ['assets/app-3f9a.js.map', undefined],
    ['app.js', undefined],
    ['static/js/main.8c3e.chunk.mjs', undefined],
    ['..', /\.\./],
    ['../etc/passwd.map', /\.\./],
    ['assets/../../x.map', /\.\./],
    ['/etc/passwd.map', /absolute/],
    ['C:/x/app.js', /absolute/],
    ['http://cdn.example/app.js', /absolute/],
    ['assets\\app.js', /separator/],
    ['assets/\u0000app.js', /NUL/],
    ['assets//app.js', /empty/],
    ['./assets/app.js', /"\."/],
    ['', /no filename/],
    ['a'.repeat(1025), /1024/],
  ];
  test.each(cases)('%j', (name, problem) => {
    const got = checkUploadPath(name);
    if (problem) expect(got).toMatch(problem);
    else expect(got).toBeUndefined();
  });
});

describe('normalizeUrlPrefix', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, '~/'],
    ['', '~/'],
    ['~', '~/'],
    ['~/', '~/'],
    ['~/static', '~/static/'],
    ['https://cdn.example', 'https://cdn.example/'],
    ['https://cdn.example/v2/', 'https://cdn.example/v2/'],
    ['app:///', 'app:///'],
    ['static/', undefined],
    ['/static/', undefined],
    ['~/a/../b', undefined],
    ['https://cdn.example/?x=1', undefined],
  ];
  test.each(cases)('%j → %j', (input, out) => expect(normalizeUrlPrefix(input)).toBe(out));
});

describe('frameCandidates: which artifact names a frame URL matches, best first', () => {
  const cases: [string, string[]][] = [
    [
      'http://localhost:4321/assets/app-3f9a.js?v=1',
      ['http://localhost:4321/assets/app-3f9a.js', '~/assets/app-3f9a.js'],
    ],
    ['https://shop.example/app.js#x', ['https://shop.example/app.js', '~/app.js']],
    ['https://shop.example', ['https://shop.example', '~/']],
    ['/assets/app.js', ['~/assets/app.js']],
    ['app:///index.bundle', ['app:///index.bundle', '~/index.bundle']],
    ['webpack-internal:///./src/x.ts', ['webpack-internal:///./src/x.ts', '~/./src/x.ts']],
    ['<anonymous>', ['<anonymous>']],
    ['', []],
  ];
  test.each(cases)('%j', (url, names) => expect(frameCandidates(url)).toEqual(names));
});

describe('resolveMapUrl: sourceMappingURL relative to the source, as a browser does', () => {
  const cases: [string, string, string | undefined][] = [
    ['~/assets/app.js', 'app.js.map', '~/assets/app.js.map'],
    ['~/assets/app.js', '../maps/app.js.map', '~/maps/app.js.map'],
    ['~/assets/app.js', '/maps/app.js.map', '~/maps/app.js.map'],
    ['~/assets/app.js', 'app.js.map?v=2', '~/assets/app.js.map'],
    ['https://cdn.example/a/app.js', 'app.js.map', 'https://cdn.example/a/app.js.map'],
    ['~/assets/app.js', 'https://maps.example/app.js.map', 'https://maps.example/app.js.map'],
    ['~/assets/app.js', 'data:application/json;base64,e30=', undefined],
    ['~/assets/app.js', '', undefined],
  ];
  test.each(cases)('%j + %j', (source, url, out) => expect(resolveMapUrl(source, url)).toBe(out));
});

describe('escapeSegment: one safe directory name per release', () => {
  const cases: [string, string][] = [
    ['1.2.3', '1.2.3'],
    ['1.0.0+build.5', '1.0.0+build.5'],
    ['..', '%2E.'],
    ['.hidden', '%2Ehidden'],
    ['a/b', 'a%2Fb'],
    ['_debug-ids', '%5Fdebug-ids'],
    ['shop@2.0 beta', 'shop%402.0%20beta'],
    ['é', '%C3%A9'],
  ];
  test.each(cases)('%j → %j', (input, out) => expect(escapeSegment(input)).toBe(out));
});

describe('normalizeDebugId', () => {
  const cases: [unknown, string | undefined][] = [
    ['85314830-023F-4CF1-A267-535F4E37BB17', '85314830-023f-4cf1-a267-535f4e37bb17'],
    ['85314830023f4cf1a267535f4e37bb17', '85314830-023f-4cf1-a267-535f4e37bb17'],
    [' 85314830-023f-4cf1-a267-535f4e37bb17 ', '85314830-023f-4cf1-a267-535f4e37bb17'],
    ['not-a-uuid', undefined],
    [42, undefined],
  ];
  test.each(cases)('%j', (input, out) => expect(normalizeDebugId(input)).toBe(out));
});

describe('parseSourceComments', () => {
  const id = '85314830-023f-4cf1-a267-535f4e37bb17';
  const cases: [string, { sourceMappingURL: string | null; debugId: string | null }][] = [
    ['x();\n//# sourceMappingURL=app.js.map\n', { sourceMappingURL: 'app.js.map', debugId: null }],
    [
      `x();\n//# debugId=${id}\n//# sourceMappingURL=app.js.map`,
      { sourceMappingURL: 'app.js.map', debugId: id },
    ],
    ['x();\n//@ sourceMappingURL=old.map', { sourceMappingURL: 'old.map', debugId: null }],
    ['//# sourceMappingURL=a.map\n//# sourceMappingURL=b.map', { sourceMappingURL: 'b.map', debugId: null }],
    ['x = "//# sourceMappingURL=a.map" + y;', { sourceMappingURL: null, debugId: null }],
    ['//# debugId=nope', { sourceMappingURL: null, debugId: null }],
  ];
  test.each(cases)('%j', (text, out) => expect(parseSourceComments(text)).toEqual(out));
});

test.each([
  ['1.0.0', undefined],
  ['', /empty/],
  ['x'.repeat(201), /200/],
  ['1.0\n', /control/],
])('checkRelease(%j)', (release, problem) => {
  const got = checkRelease(release);
  if (problem) expect(got).toMatch(problem);
  else expect(got).toBeUndefined();
});

test('stripQuery', () => {
  expect(stripQuery('https://a/b.js?x#y')).toBe('https://a/b.js');
  expect(stripQuery('https://a/b.js#y?x')).toBe('https://a/b.js');
});
