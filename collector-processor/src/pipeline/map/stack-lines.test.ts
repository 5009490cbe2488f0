import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as errorStackParser from 'error-stack-parser';
import captured from '../../fingerprint/testdata/browser-stacks.json';
import { MAX_FRAME_LINE, parseStackLines } from './stack-lines';
import { LIMITS } from './values';

type Parser = typeof errorStackParser.default;
const esp: Parser =
  (errorStackParser.default as unknown as { default?: Parser }).default ?? errorStackParser.default;

type Frame = ReturnType<Parser['parse']>[number];
const fields = (frames: Frame[]) =>
  frames
    .filter((f) => f.fileName || f.lineNumber)
    .map(({ functionName, fileName, lineNumber, columnNumber }) => ({
      functionName,
      fileName,
      lineNumber,
      columnNumber,
    }));

/** The frames error-stack-parser itself gives for a whole stack, as the mapper used to call it. */
function reference(stack: string, name: string, message: string) {
  try {
    return fields(esp.parse({ name, message, stack } as Error));
  } catch {
    return [];
  }
}
const located = (stack: string, name: string, message: string) =>
  fields(parseStackLines(stack, name, message).frames);

/** Every stack text in the captured browser stacks and the SDK fixtures. */
function realStacks(): { name: string; message: string; stack: string }[] {
  const out: { name: string; message: string; stack: string }[] = [];
  for (const builds of Object.values(captured.stacks))
    for (const scenarios of Object.values(builds))
      for (const t of Object.values(
        scenarios as Record<string, { name: string; message: string; stack: string }>,
      ))
        if (t?.stack) out.push(t);
  const root = join(__dirname, '../../../test/fixtures/otlp');
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()))
    for (const file of readdirSync(join(root, dir.name)).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(root, dir.name, file), 'utf8');
      for (const m of text.matchAll(
        /"exception\.stacktrace",\s*"value":\s*\{\s*"stringValue":\s*("(?:[^"\\]|\\.)*")/g,
      ))
        out.push({ name: 'Error', message: '', stack: JSON.parse(m[1]) as string });
    }
  return out;
}

describe('parseStackLines', () => {
  const stacks = realStacks();

  it('parses real browser and SDK stacks exactly as error-stack-parser does, dropping nothing', () => {
    expect(stacks.length).toBeGreaterThanOrEqual(40);
    for (const { name, message, stack } of stacks) {
      const want = reference(stack, name, message);
      // Deep recursion (captured "stackOverflow" scenarios) is cut at LIMITS.frames.
      expect(located(stack, name, message)).toEqual(want.slice(0, LIMITS.frames));
      expect(parseStackLines(stack, name, message).dropped > 0).toBe(want.length > LIMITS.frames);
    }
  });

  it('parses V8, Firefox and Safari special frames as error-stack-parser does', () => {
    const special = [
      '    at eval (eval at compile (https://a.example/app.js:3:9), <anonymous>:1:5)\n    at new Promise (<anonymous>)',
      '    at Array.forEach (native)\n    at async Promise.all (index 0)\n    at https://a.example/x.js:1:2',
      '@https://a.example/app.js line 2 > eval:1:5\nfoo@https://a.example/app.js line 2 > Function:1:1',
      'obj["key"]@https://a.example/app.js:1:2\n[native code]\neval@[native code]\nglobal code@https://a.example/:10:3',
      'https://a.example/old-safari.js:47:22\nfoo@https://a.example/x.js:1:2',
    ];
    for (const stack of special) expect(located(stack, 'Error', 'x')).toEqual(reference(stack, 'Error', 'x'));
  });

  it(`parses at most LIMITS.frames frames and counts the rest as dropped`, () => {
    const lines = Array.from({ length: 250 }, (_, i) => `    at f${i} (https://a.example/app.js:${i + 1}:1)`);
    const parsed = parseStackLines(`Error: deep\n${lines.join('\n')}`, 'Error', 'deep');
    expect(parsed.frames).toHaveLength(LIMITS.frames);
    expect(parsed.frames[99].functionName).toBe('f99');
    expect(parsed.dropped).toBe(150);
  });

  it('drops frame-like lines too long or of no frame shape, counting them, and keeps the frames around them', () => {
    const stack = [
      'Error: x',
      '    at good (https://a.example/a.js:1:2)',
      `    at x:1 ${'a'.repeat(3000)}`, // a location, but not at the end
      `    at big (https://a.example/${'b'.repeat(MAX_FRAME_LINE)}.js:1:2)`,
      `    at ${'a ('.repeat(20)}https://a.example/a.js:1:2)`,
      '    at next (https://a.example/a.js:3:4)',
    ].join('\n');
    const parsed = parseStackLines(stack, 'Error', 'x');
    expect(parsed.frames.map((f) => f.functionName)).toEqual(['good', 'next']);
    expect(parsed.dropped).toBe(3);
    const firefox = [
      'good@https://a.example/a.js:1:2',
      `f${'"'.repeat(10)}@a.js:1:2`,
      'next@https://a.example/a.js:3:4',
    ];
    const ff = parseStackLines(firefox.join('\n'), 'Error', 'x');
    expect(ff.frames.map((f) => f.functionName)).toEqual(['good', 'next']);
    expect(ff.dropped).toBe(1);
  });

  it('never throws: a line the parser cannot read (line or paragraph separators) is dropped and counted', () => {
    // Found by the ingest fuzz target: error-stack-parser's location regex stops at U+2028, and the
    // parser then reads a property of null; the request got a 500 and was lost.
    for (const stack of [
      'TypeError: \u2028\u2029',
      'f@x.js:1:2\u2028',
      '    at f (x.js:1:2\u2029)',
      'g@\u2028:1',
    ]) {
      expect(() => parseStackLines(stack, 'TypeError', '')).not.toThrow();
    }
    const { frames, dropped } = parseStackLines('f@https://a.example/x.js:1:2\ng@x\u2028.js:1:2\n', 'E', '');
    expect(frames.map((f) => f.functionName)).toContain('f');
    expect(frames.length + dropped).toBeGreaterThanOrEqual(2);
  });

  it('cuts the text at LIMITS.stacktrace before parsing', () => {
    const frame = (f: string) => `    at ${f} (https://a.example/app.js:1:1)`;
    const stack = [frame('kept'), ' '.repeat(LIMITS.stacktrace), frame('cut')].join('\n');
    expect(located(stack, 'Error', 'x').map((f) => f.functionName)).toEqual(['kept']);
  });
});
