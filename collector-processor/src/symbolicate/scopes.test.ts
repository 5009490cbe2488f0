import { enclosingFunction, functionScopes, lineStarts } from './scopes';

/** The enclosing function name at the first occurrence of `marker` in `source`. */
function nameAt(source: string, marker: string): string | undefined {
  const offset = source.indexOf(marker);
  if (offset < 0) throw new Error(`no ${marker}`);
  const starts = lineStarts(source);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return enclosingFunction(functionScopes(source), starts, line + 1, offset - starts[line] + 1);
}

describe('enclosingFunction: the function around a position, from the original source', () => {
  const cases: [string, string, string, string | undefined][] = [
    ['declaration', 'function pay(a, b = f()) {\n  HERE;\n}', 'HERE', 'pay'],
    [
      'async declaration',
      'export async function submitOrder(api) {\n  await x; HERE;\n}',
      'HERE',
      'submitOrder',
    ],
    ['generator', 'function* ids() { HERE }', 'HERE', 'ids'],
    ['function expression', 'const onClick = function () { HERE };', 'HERE', 'onClick'],
    ['named function expression', 'el.on("x", function onApplyCoupon() { HERE });', 'HERE', 'onApplyCoupon'],
    ['arrow with a block', 'const total = (cart) => {\n  HERE;\n};', 'HERE', 'total'],
    ['async arrow, one parameter', 'export const load = async id => { HERE };', 'HERE', 'load'],
    ['arrow with destructured parameters', 'const f = ({ a, b }) => { HERE };', 'HERE', 'f'],
    [
      'quoted object key',
      "const actions = {\n  'cart-total': () => {\n    HERE;\n  },\n};",
      'HERE',
      'cart-total',
    ],
    ['object method', 'const api = {\n  request(path) {\n    HERE;\n  },\n};', 'HERE', 'request'],
    [
      'class method',
      'class A {\n  async authorize(amount) {\n    if (x) { HERE }\n  }\n}',
      'HERE',
      'authorize',
    ],
    ['static and getter', 'class A { static get total() { HERE } }', 'HERE', 'total'],
    [
      'constructor: the class',
      'class CheckoutSession extends B {\n  constructor(c) {\n    HERE;\n  }\n}',
      'HERE',
      'CheckoutSession',
    ],
    [
      'anonymous callback inside a named function',
      'function mount(root) {\n  root.on("click", (e) => {\n    HERE;\n  });\n}',
      'HERE',
      '',
    ],
    [
      'expression-bodied arrow: the function around it',
      'function load(api) {\n  return api.get().then((b) => b.HERE);\n}',
      'HERE',
      'load',
    ],
    [
      'blocks are not functions',
      'function f(x) {\n  for (const y of x) {\n    if (y) {\n      try { HERE } catch (e) {}\n    }\n  }\n}',
      'HERE',
      'f',
    ],
    ['after a function closed', 'function a() { x(); }\nfunction b() { HERE }', 'HERE', 'b'],
    ['module code', 'function a() {}\nHERE;', 'HERE', undefined],
    [
      'after an inner function closed',
      'function outer() {\n  function inner() {}\n  HERE;\n}',
      'HERE',
      'outer',
    ],
    [
      'braces in strings and comments',
      'function f() {\n  const s = "}" + \'{\'; // }\n  /* } */\n  HERE;\n}',
      'HERE',
      'f',
    ],
    [
      'template literals',
      'function f(x) {\n  const s = `a${x.map((y) => { return `${y}}`; })}b}`;\n  HERE;\n}',
      'HERE',
      'f',
    ],
    [
      'regular expressions',
      'function f(s) {\n  const re = /[}{]\\}/g;\n  return s.replace(re, "") && HERE;\n}',
      'HERE',
      'f',
    ],
    [
      'division is not a regex',
      'function f(a, b) {\n  const r = a / b / 2;\n  function g() { HERE }\n}',
      'HERE',
      'g',
    ],
  ];
  test.each(cases)('%s', (_name, source, marker, expected) => expect(nameAt(source, marker)).toBe(expected));

  test('CRLF and CR line ends count as contextFor counts them', () => {
    const source = 'function a() {}\r\nfunction b() {\r  HERE\r}';
    expect(lineStarts(source)).toEqual([0, 17, 32, 39]);
    expect(nameAt(source, 'HERE')).toBe('b');
  });

  test('a line past the end is outside every function', () => {
    const source = 'function a() { x }';
    expect(enclosingFunction(functionScopes(source), lineStarts(source), 5, 1)).toBeUndefined();
  });
});
