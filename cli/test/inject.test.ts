import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { debugIdSnippet } from '../src/sourcemaps/debug-id';
import { injectDir, summarizeInject } from '../src/sourcemaps/inject';
import { parseExtensions } from '../src/sourcemaps/scan';

const ext = parseExtensions('js,map');
const KEPT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-inject-'));
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), text);
  return dir;
}
const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

describe('injectDir', () => {
  it('dry run: reports and writes nothing', async () => {
    const files = {
      'a.js': 'a();\n//# sourceMappingURL=a.js.map\n',
      'a.js.map': '{"version":3,"mappings":""}',
    };
    const dir = tree(files);
    const r = await injectDir(dir, ext, { dryRun: true });
    expect(r.injected).toHaveLength(1);
    expect(summarizeInject(r, true)).toMatch(/^would inject: 1 file/);
    for (const [rel, text] of Object.entries(files)) expect(read(dir, rel)).toBe(text);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.js', 'a.js.map']); // no temp files left
  });

  it('keeps an id the bundle has, and puts it in the map', async () => {
    const dir = tree({ 'a.js': `a();\n//# debugId=${KEPT}\n`, 'a.js.map': '{"version":3}' });
    const r = await injectDir(dir, ext);
    expect(r.injected).toEqual([{ rel: 'a.js', id: KEPT }]);
    expect(JSON.parse(read(dir, 'a.js.map')).debugId).toBe(KEPT);
    expect(read(dir, 'a.js')).toContain(debugIdSnippet(KEPT));
  });

  it('reports a broken map and a map shared by two bundles, and injects the rest', async () => {
    const dir = tree({
      'bad.js': 'x();\n//# sourceMappingURL=bad.js.map\n',
      'bad.js.map': '{not json',
      'one.js': 'one();\n//# sourceMappingURL=shared.map\n',
      'two.js': 'two();\n//# sourceMappingURL=shared.map\n',
      'shared.map': '{"version":3}',
    });
    const r = await injectDir(dir, ext);
    expect(r.injected.map((f) => f.rel)).toEqual(['one.js']);
    expect(r.failed).toEqual([
      { rel: 'bad.js', error: expect.stringMatching(/^bad\.js\.map is not a source map .*; rebuild it$/) },
      { rel: 'two.js', error: 'shares shared.map with one.js; give each bundle its own map' },
    ]);
    expect(read(dir, 'bad.js')).not.toContain('debugId');
    expect(summarizeInject(r)).toMatch(/^failed: 2$/m);
  });
});
