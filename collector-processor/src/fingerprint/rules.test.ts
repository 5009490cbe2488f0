import { GroupingRuleSchema, type GroupingRule } from '../projects/settings';
import { inAppFrames } from './frames';
import { compileRules, expandFingerprint, Glob, matchRule } from './rules';
import { errorWithFrames } from './testkit';

describe('Glob', () => {
  it.each<[string, string, boolean]>([
    ['*timeout*', 'Request to https://api.example/v1 timeout', true],
    [
      "Cannot read properties of undefined (reading '*')",
      "Cannot read properties of undefined (reading 'x')",
      true,
    ],
    ['User [email] not found', 'User [email] not found', true],
    ['User [email] not found', 'User e not found', false],
    ['*', 'line one\nline two', true],
    ['*', '', true],
    ['?', '', false],
    ['?', 'a', true],
    ['TYPEERROR', 'TypeError', true],
    ['Type?rror', 'TypeError', true],
    ['TypeError', 'TypeErrors', false],
    ['TypeError', 'XTypeError', false],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['*/cart.ts', 'webpack://app/src/cart.ts', true],
    ['src/**', 'src/a/b/c.ts', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['*.{js,ts}', 'a.js', false],
    ['$^.+|()', '$^.+|()', true],
  ])('%j matches %j: %s', (glob, text, want) => expect(new Glob(glob).test(text)).toBe(want));

  it('does not backtrack exponentially', () => {
    const glob = new Glob(`${'*a'.repeat(30)}*b`);
    const start = Date.now();
    expect(glob.test('a'.repeat(20_000))).toBe(false);
    expect(Date.now() - start).toBeLessThan(2_000);
  });
});

const rules = (...list: unknown[]): GroupingRule[] => list.map((r) => GroupingRuleSchema.parse(r));

describe('matchRule', () => {
  const row = errorWithFrames('TypeError', "Cannot read properties of undefined (reading 'price')", [
    { filename: 'webpack://shop/./src/cart/service.ts', function: 'CartService.total', symbolicated: 1 },
    { filename: 'https://shop.example/assets/app-3f9a2b1c.js', function: 'renderCart' },
  ]);
  const subject = { type: row.exception_type, message: row.exception_message, frames: inAppFrames(row) };

  it.each<[string, unknown[], string | number | undefined]>([
    ['type glob', [{ type: 'type*', fingerprint: ['t'] }], 0],
    ['message glob', [{ message: "*(reading 'price')", fingerprint: ['m'] }], 0],
    ['frame: stored function', [{ frame: 'CartService.total', fingerprint: ['f'] }], 0],
    ['frame: normalised function', [{ frame: 'total', fingerprint: ['f'] }], 0],
    ['frame: stored filename', [{ frame: 'https://shop.example/assets/app-*.js', fingerprint: ['f'] }], 0],
    ['frame: module path', [{ frame: 'src/cart/*', fingerprint: ['f'] }], 0],
    ['frame: any in-app frame, not only the top one', [{ frame: 'renderCart', fingerprint: ['f'] }], 0],
    ['every matcher must match', [{ type: 'TypeError', message: 'nope', fingerprint: ['x'] }], undefined],
    ['no match', [{ type: 'RangeError', fingerprint: ['x'] }], undefined],
    [
      'first match wins, named rules report their name',
      [
        { type: 'RangeError', fingerprint: ['a'] },
        { name: 'cart', frame: '*cart*', fingerprint: ['b'] },
        { type: 'TypeError', fingerprint: ['c'] },
      ],
      'cart',
    ],
    [
      'unnamed rules report their index',
      [
        { type: 'X', fingerprint: ['a'] },
        { type: 'TypeError', fingerprint: ['b'] },
      ],
      1,
    ],
  ])('%s', (_what, list, want) => {
    expect(matchRule(compileRules(rules(...list)), subject)?.id).toBe(want);
  });

  it('compiles a settings list once', () => {
    const list = rules({ type: 'X', fingerprint: ['a'] });
    expect(compileRules(list)).toBe(compileRules(list));
  });
});

describe('expandFingerprint', () => {
  const values = {
    default: ['TypeError', 'total (src/cart.ts)'],
    type: 'TypeError',
    message: 'boom <num>',
    release: '1.5.0',
  };

  it.each<[string[], string[]]>([
    [['checkout'], ['checkout']],
    [['{{ default }}'], ['TypeError', 'total (src/cart.ts)']],
    [
      ['{{default}}', 'extra'],
      ['TypeError', 'total (src/cart.ts)', 'extra'],
    ],
    [['{{ DEFAULT }}'], ['TypeError', 'total (src/cart.ts)']],
    [
      ['{{ type }}', '{{ message }}'],
      ['TypeError', 'boom <num>'],
    ],
    [['db-{{ release }}'], ['db-1.5.0']],
    [['x {{ default }}'], ['x TypeError total (src/cart.ts)']],
    [['{{ unknown }}'], ['{{ unknown }}']],
  ])('%j -> %j', (entries, want) => expect(expandFingerprint(entries, values)).toEqual(want));
});
