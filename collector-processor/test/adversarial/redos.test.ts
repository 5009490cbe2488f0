/**
 * Issue #12: no parser or regex on the ingest path may take more than linear time in its input.
 * Each function a mapper or stage runs on sender-controlled strings gets worst-case shapes (long
 * runs of the characters its regexes backtrack on, with and without a failing end) and a normal
 * input of the same size; the worst must stay within MAX_SLOWDOWN of the normal one, measured in
 * the same process (test/helpers/timing.ts). Quadratic behaviour at these sizes is 100-10,000×.
 */
import { normaliseFunction, normaliseModule } from '../../src/fingerprint/frames';
import { notInAppReason } from '../../src/fingerprint/in-app';
import { canonicalEngineMessage, normaliseMessage, titleMessage } from '../../src/fingerprint/message';
import { isChunkLoadError } from '../../src/fingerprint/chunk-load';
import { parseUserAgent } from '../../src/enrich/user-agent';
import { parseStack } from '../../src/pipeline/map/errors';
import { asNumber } from '../../src/pipeline/map/values';
import { isIdSegment, resourceTypeOf, routeOf, urlTemplateOf, utmOf } from '../../src/pipeline/map/url';
import { defaultSettings } from '../../src/projects/settings';
import { Scrubber } from '../../src/privacy';
import { scrubPatterns } from '../../src/privacy/detectors';
import { isSecretKey, keyWords } from '../../src/privacy/keys';
import { looksLikeUrl } from '../../src/privacy/url';
import { fill, perCallMs } from '../helpers/timing';

/** Stack parsing, as the issue asks: worst-case shapes within 20× of a normal stack of the same size. */
const MAX_SLOWDOWN_STACK = 20;
/**
 * Everything else is held to linear growth: a worst-case shape 4× longer may take at most 8× as
 * long (linear is 4×, quadratic 16×), and no shape more than 1000× a normal input of its size
 * (linear code whose constant is that large is a finding too). Growth is what separates linear
 * from quadratic; a ratio to a normal input mostly measures how early the normal input exits.
 */
const MAX_GROWTH = 8;
const MAX_SLOWDOWN = 1000;
const GROWTH_FLOOR_MS = 0.05;

/** Characters and runs the regexes on the ingest path anchor or backtrack on. */
const UNITS = [
  'a',
  'A',
  '1',
  ' ',
  '\t',
  '\n',
  ' \n',
  '"',
  "'",
  '`',
  '(',
  ')',
  ' (',
  '[',
  '[as ',
  '<',
  '@',
  'a@',
  ':',
  'a:',
  '1:',
  ':1',
  '.',
  'a.',
  '1.',
  '-',
  'a-',
  '_',
  '/',
  '/a',
  '?',
  '#',
  '%',
  '%4',
  '=',
  '&',
  '://',
  'a://',
  'at ',
  '  at a',
  'at x:1 ',
  ' > eval',
  ' line 1',
  'eyJ',
  'aB3',
  'Mon ',
  '1 ',
  '1-',
  'AB12',
  'A1',
  '0x',
  'ab12',
  '::',
  'a:1',
  '1.1.',
  'password=',
  'Bearer ',
  'C:\\Users\\',
  '/Users/',
  'Loading chunk ',
  'Uncaught ',
  '  ',
  'a"b"@',
];
const ENDS = ['', '!'];

function shapes(size: number): [string, string][] {
  const out: [string, string][] = [];
  for (const unit of UNITS)
    for (const end of ENDS) out.push([JSON.stringify(unit + '…' + end), fill(unit, size - end.length) + end]);
  return out;
}

/** How long each side of a ratio is timed: quick for the first look, long to confirm a finding. */
interface Effort {
  minMs: number;
  runs: number;
}
/**
 * The first look is short (a quadratic shape reads 16× growth and 100-10,000× slowdown, far past
 * the bounds even in a noisy 1 ms window): ~100 shapes × 25 functions made a 2 ms × 3 look cost
 * ~3 min of the suite. Noise only inflates a window, so a short look can raise a false suspect
 * (which the confirming measures clear) but not hide a quadratic one.
 */
const FIRST_LOOK: Effort = { minMs: 1, runs: 2 };
/**
 * A suspect is timed again for ~10× longer with more runs, so that one garbage collection inside
 * a 2 ms window cannot make a linear shape look quadratic (times are CPU time: see timing.ts).
 */
const CONFIRM: Effort = { minMs: 20, runs: 5 };

/**
 * Why `worst` is too slow, or undefined. Three per-call measures: the normal input (shared by all
 * shapes of one function at one effort), the worst shape, and the shape 4× longer; the ratio and
 * the growth come from them, so no input is timed twice within one look.
 */
function slowShape(
  fn: (s: string) => unknown,
  normalMs: number,
  name: string,
  worst: string,
  maxSlowdown: number,
  { minMs, runs }: Effort,
) {
  const worstMs = perCallMs(fn, worst, minMs, runs);
  const ratio = worstMs / Math.max(normalMs, 0.000_1);
  if (ratio > maxSlowdown) return `${name}: ${ratio.toFixed(0)}× a normal input`;
  const longer = fill(worst.slice(0, Math.max(1, worst.length - 1)), worst.length * 4 - 1) + worst.slice(-1);
  const longerMs = perCallMs(fn, longer, minMs, runs);
  // Quadratic work at these lengths takes milliseconds a call; below this floor a call is a few
  // microseconds of hashing or copying, and timer noise would decide the growth ratio.
  if (longerMs < GROWTH_FLOOR_MS) return undefined;
  const growth = longerMs / Math.max(worstMs, 0.000_1);
  return growth > MAX_GROWTH ? `${name}: ${growth.toFixed(1)}× for 4× the length` : undefined;
}

function expectLinear(
  fn: (s: string) => unknown,
  normal: string,
  extra: [string, string][] = [],
  maxSlowdown = MAX_SLOWDOWN,
) {
  const normalMs = perCallMs(fn, normal, FIRST_LOOK.minMs, CONFIRM.runs);
  let confirmNormalMs: number | undefined;
  const slow: string[] = [];
  for (const [name, worst] of [...shapes(normal.length), ...extra]) {
    // Timings on a shared machine are noisy: a shape is slow only when a longer measure agrees.
    if (slowShape(fn, normalMs, name, worst, maxSlowdown, FIRST_LOOK) === undefined) continue;
    confirmNormalMs ??= perCallMs(fn, normal, CONFIRM.minMs, CONFIRM.runs);
    const again = slowShape(fn, confirmNormalMs, name, worst, maxSlowdown, CONFIRM);
    // And a second confirming measure: under load (two test runs on 2 cores) one CPU-time measure of
    // linear code once read 8.2× for 4× the length; quadratic code reads ~16× every time.
    if (again && slowShape(fn, confirmNormalMs, name, worst, maxSlowdown, CONFIRM)) slow.push(again);
  }
  expect(slow).toEqual([]);
}

const V8_STACK = Array.from(
  { length: 2000 },
  (_, i) => `    at Cart.compute${i} (https://shop.example/assets/cart-3f9a2b1c.js:${i + 1}:${i % 80})`,
).join('\n');
const FF_STACK = Array.from(
  { length: 2000 },
  (_, i) => `compute${i}@https://shop.example/assets/cart-3f9a2b1c.js:${i + 1}:${i % 80}`,
).join('\n');
const MESSAGE = fill(
  "TypeError: Cannot read properties of undefined (reading 'price') at order 1234 for user 42 on 2024-01-02. ",
  8192,
);
const URL_ = fill('https://shop.example/products/12345/reviews?page=2&sort=price_asc&', 4096);
/** Most of these functions stop at `?`: their normal input is a long path. */
const PATH_URL = 'https://shop.example' + fill('/products/12345/reviews-3f9a2b1c', 4096 - 26) + '/app.js';
const scrubber = new Scrubber(defaultSettings().scrubbing);

describe('linear time on worst-case input, relative to normal input of the same size', () => {
  jest.setTimeout(300_000);

  it('stack parsing (V8 and Firefox shapes, 96 KB: beyond the 64 KB cut)', () => {
    const parse = (s: string) => parseStack(s, 'Error', 'x');
    const lines = (line: string) => fill(`${line}\n`, 96 * 1024);
    const extra: [string, string][] = [
      ['long V8 lines, location first', lines(`    at x:1 ${'a'.repeat(4000)}`)],
      ['long V8 lines without location', lines(`    at ${'a'.repeat(4000)}`)],
      ['V8 lines of "(" with location', lines(`    at ${'a ('.repeat(1300)}x.js:1:2`)],
      ['Firefox lines of quotes', lines(`f${'"'.repeat(4000)}@x.js:1:2`)],
      ['Firefox lines without @', lines(`${'a'.repeat(4000)}:1`)],
      ['eval chains', lines(`f@x.js${' line 1 > eval'.repeat(300)}:1:2`)],
      ['blank lines then a frame', fill(' \n', 96 * 1024 - 40) + '  at f (x.js:1:2)'],
    ];
    expectLinear(parse, fill(V8_STACK + '\n', 96 * 1024), extra, MAX_SLOWDOWN_STACK);
    expectLinear(parse, fill(FF_STACK + '\n', 96 * 1024), [], MAX_SLOWDOWN_STACK);
  });

  it('message normalisation (fingerprint)', () =>
    expectLinear((s) => normaliseMessage(s, 'TypeError'), MESSAGE));
  it('engine message classes and titles (fingerprint v2)', () => {
    expectLinear(canonicalEngineMessage, MESSAGE, [
      ["can't access property …", `can't access property ${fill('"x", y ', 8000)}`],
      ['… is not a function. (In …', fill('y.x is not a function. (In ', 8192)],
      ['Unexpected token … in JSON', `Unexpected token ${fill('< in JSON at position 0 ', 8000)}`],
    ]);
    expectLinear(titleMessage, MESSAGE);
  });
  it('frame normalisation (fingerprint)', () => {
    expectLinear(normaliseModule, PATH_URL);
    expectLinear((s) => notInAppReason(s), PATH_URL);
    // Without dots: the receiver is cut first, so a dotted name would leave little to normalise.
    expectLinear(normaliseFunction, fill('handleCheckoutButtonClick', 4096));
  });
  it('chunk-load detection', () => expectLinear((s) => isChunkLoadError('Error', s), MESSAGE));
  it('URL normalisation (routes, templates, UTM, resource type)', () => {
    expectLinear(routeOf, PATH_URL);
    expectLinear(urlTemplateOf, PATH_URL);
    expectLinear(utmOf, URL_);
    expectLinear(resourceTypeOf, PATH_URL);
    expectLinear(isIdSegment, fill('products', 4096));
  });
  it('numbers read from attribute strings', () => expectLinear(asNumber, fill('1', 4096)));
  it('PII detectors and the scrubber (text, URL, JSON)', () => {
    expectLinear(scrubPatterns, MESSAGE);
    expectLinear((s) => new Scrubber(defaultSettings().scrubbing).text(s), MESSAGE);
    expectLinear((s) => new Scrubber(defaultSettings().scrubbing).url(s), URL_);
    expectLinear((s) => scrubber.json(JSON.stringify({ message: s })), MESSAGE);
    expectLinear(looksLikeUrl, URL_);
  });
  it('PEM blocks: BEGIN lines without END lines', () =>
    expectLinear(scrubPatterns, MESSAGE, [
      ['BEGIN lines', fill('-----BEGIN PRIVATE KEY-----', 8192)],
      [
        'BEGIN lines, one END at the end',
        fill('-----BEGIN PRIVATE KEY-----', 8170) + '-----END PRIVATE KEY-----',
      ],
    ]));

  it('secret key names', () => {
    expectLinear(keyWords, fill('httpRequestHeaderCookie', 4096));
    expectLinear((s) => isSecretKey(s), fill('httpRequestHeaderCookie', 4096));
  });
  it('user-agent parsing', () =>
    expectLinear(
      parseUserAgent,
      fill(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 ',
        4096,
      ),
    ));
});
