import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isoTime } from '../src/commands/releases';
import { table } from '../src/output';
import { kindOf, parseExtensions, scanDir, type Extensions } from '../src/sourcemaps/scan';

describe('parseExtensions', () => {
  it.each<[string, Extensions]>([
    ['js,mjs,cjs,map', { js: ['.js', '.mjs', '.cjs'], map: true }],
    [' .JS , map ', { js: ['.js'], map: true }],
    ['js', { js: ['.js'], map: false }],
  ])('%s', (list, expected) => expect(parseExtensions(list)).toEqual(expected));

  it('refuses an empty list as a usage error', () =>
    expect(() => parseExtensions(' , ')).toThrow(expect.objectContaining({ exitCode: 2 })));
});

describe('kindOf', () => {
  const ext = parseExtensions('js,mjs,map');
  it.each<[string, string | undefined]>([
    ['app.js', 'js'],
    ['chunk.MJS', 'js'],
    ['app.js.map', 'map'],
    ['app.map', 'map'],
    ['style.css.map', undefined],
    ['style.css', undefined],
    ['app.cjs', undefined],
  ])('%s', (name, kind) => expect(kindOf(name, ext)).toBe(kind));
});

describe('scanDir', () => {
  it('walks subdirectories, skips node_modules and dot-directories, and pairs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-scan-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('assets/app.js', 'a();\n//# sourceMappingURL=app.js.map\n');
    write('assets/app.js.map', '{}');
    write('assets/lazy.js', 'b();\n');
    write('assets/inline.js', 'c();\n//# sourceMappingURL=data:application/json;base64,e30=\n');
    write('old.js.map', '{}');
    write('node_modules/dep/index.js', 'x');
    write('.cache/x.js', 'x');
    write('index.html', '<html>');
    const scan = await scanDir(dir, parseExtensions('js,map'));
    expect(scan.js.map((f) => f.rel)).toEqual(['assets/app.js', 'assets/inline.js', 'assets/lazy.js']);
    expect(scan.pairing.pairs.map((p) => p.sourcemap.rel)).toEqual(['assets/app.js.map']);
    expect(scan.pairing.jsWithoutMap.map((f) => f.rel)).toEqual(['assets/lazy.js']);
    expect(scan.pairing.jsWithInlineMap.map((f) => f.rel)).toEqual(['assets/inline.js']);
    expect(scan.pairing.mapsWithoutJs.map((f) => f.rel)).toEqual(['old.js.map']);
    expect(scan.pairing.pairs[0].source.abs).toBe(path.join(dir, 'assets', 'app.js'));
  });

  it('says what to pass when the directory is missing', async () => {
    await expect(scanDir('/nonexistent/dist', parseExtensions('js'))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('build output directory'),
    });
  });
});

describe('isoTime', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['2025-01-02T03:04:05Z', '2025-01-02T03:04:05.000Z'],
    ['1735787045', '2025-01-02T03:04:05.000Z'],
  ])('%s', (value, expected) => expect(isoTime(value, '--started')).toBe(expected));

  it('refuses nonsense as a usage error', () =>
    expect(() => isoTime('yesterday-ish', '--started')).toThrow(expect.objectContaining({ exitCode: 2 })));
});

describe('table', () => {
  it('aligns columns and marks empty cells', () => {
    expect(
      table(
        ['ID', 'NAME', 'ENV'],
        [
          ['p_1', 'shop', null],
          ['p_22', 'a', 'prod'],
        ],
      ),
    ).toBe(['ID    NAME  ENV', 'p_1   shop  -', 'p_22  a     prod'].join('\n'));
  });
});
