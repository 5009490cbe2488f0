import type { SdkContext } from '../../core/context';
import type { Breadcrumb } from '../../types';
import {
  MAX_CONSOLE_MESSAGE,
  clickBreadcrumb,
  clickText,
  formatConsoleArgs,
  patchConsole,
  selectorOf,
  type ElementLike,
} from './breadcrumbs';

/** A stand-in element: tag, attributes, parent; closest() matches tag names and [role=…]. */
function el(
  tag: string,
  attrs: { id?: string; class?: string; role?: string; text?: string; editable?: boolean } = {},
  parent: ElementLike | null = null,
): ElementLike & { nodeType: number } {
  const self: ElementLike & { nodeType: number } = {
    nodeType: 1,
    tagName: tag.toUpperCase(),
    id: attrs.id ?? '',
    parentElement: parent,
    innerText: attrs.text,
    isContentEditable: attrs.editable,
    getAttribute: (n) => (n === 'class' ? (attrs.class ?? null) : n === 'role' ? (attrs.role ?? null) : null),
    closest(selector) {
      const wanted = selector.split(',');
      for (let e: ElementLike | null = self; e; e = e.parentElement) {
        const role = e.getAttribute('role');
        if (wanted.includes(e.tagName.toLowerCase()) || (role && wanted.includes(`[role=${role}]`))) return e;
      }
      return null;
    },
  };
  return self;
}

describe('formatConsoleArgs', () => {
  it.each<[unknown[], string]>([
    [['about to fail', 42], 'about to fail 42'],
    [[new TypeError('bad'), { id: 1 }], 'TypeError: bad {"id":1}'],
    [[undefined, null, true], 'undefined null true'],
    [[], ''],
  ])('%j', (args, text) => expect(formatConsoleArgs(args)).toBe(text));

  it('truncates to 256 chars', () => {
    const s = formatConsoleArgs(['a'.repeat(200), { long: 'b'.repeat(500) }, 'never reached']);
    expect(s).toHaveLength(MAX_CONSOLE_MESSAGE);
    expect(s.endsWith('…')).toBe(true);
  });
});

describe('patchConsole', () => {
  let crumbs: Breadcrumb[];
  let warnings: string[];
  let calls: Array<[string, unknown[]]>;
  let con: Record<'log' | 'warn' | 'error', (...a: unknown[]) => void>;
  const ctx = (fail = false) =>
    ({
      debug: { enabled: true, warn: (m: string) => (warnings.push(m), con.warn(`[pulsetrace] ${m}`)) },
      addBreadcrumb: (c: Breadcrumb) => {
        if (fail) throw new Error('buffer broken');
        crumbs.push(c);
      },
    }) as unknown as SdkContext;
  beforeEach(() => {
    crumbs = [];
    warnings = [];
    calls = [];
    con = {
      log: (...a) => calls.push(['log', a]),
      warn: (...a) => calls.push(['warn', a]),
      error: (...a) => calls.push(['error', a]),
    };
  });

  it('records the configured levels and always calls the original', () => {
    const restore = patchConsole(ctx(), ['warn', 'error'], con);
    con.log('not recorded');
    con.warn('careful', { n: 1 });
    con.error('broken');
    expect(calls.map(([l]) => l)).toEqual(['log', 'warn', 'error']);
    expect(calls[1][1]).toEqual(['careful', { n: 1 }]);
    expect(crumbs.map(({ level, message, category }) => [category, level, message])).toEqual([
      ['console', 'warning', 'careful {"n":1}'],
      ['console', 'error', 'broken'],
    ]);
    restore();
    con.error('after shutdown');
    expect(crumbs).toHaveLength(2);
    expect(calls).toHaveLength(4);
  });

  it('skips the SDK own output and survives a failing buffer without recursing', () => {
    patchConsole(ctx(true), ['warn'], con);
    con.warn('[pulsetrace] debug line');
    con.warn('app warning');
    expect(warnings).toEqual(['console breadcrumb failed']);
    expect(calls.map(([, a]) => a[0])).toEqual([
      '[pulsetrace] debug line',
      '[pulsetrace] console breadcrumb failed',
      'app warning',
    ]);
  });

  it('leaves a later wrapper in place on restore', () => {
    const restore = patchConsole(ctx(), ['error'], con);
    const later = () => {};
    con.error = later;
    restore();
    expect(con.error).toBe(later);
  });
});

describe('selectorOf', () => {
  const body = el('body');
  const main = el('main', { class: 'content' }, body);
  const cart = el('div', { class: 'cart   wide  sticky' }, main);
  const section = el('section', { id: 'checkout' }, body);
  const form = el('form', {}, section);
  it.each<[string, ElementLike, string]>([
    ['id and classes', el('button', { id: 'buy', class: 'primary' }, cart), 'button#buy.primary'],
    [
      'ancestors up to body, two classes each',
      el('button', { class: 'primary' }, cart),
      'main.content > div.cart.wide > button.primary',
    ],
    [
      'stops at an ancestor id',
      el('span', {}, el('button', {}, form)),
      'section#checkout > form > button > span',
    ],
    [
      'at most 3 ancestors',
      el('i', {}, el('b', {}, el('span', {}, el('p', {}, el('div', {}, body))))),
      'p > span > b > i',
    ],
    ['no parent', el('svg'), 'svg'],
  ])('%s', (_name, e, selector) => expect(selectorOf(e)).toBe(selector));
});

describe('clickText', () => {
  it.each<[string, ElementLike, string]>([
    ['trimmed and collapsed', el('button', { text: '  Buy\n\n now  ' }), 'Buy now'],
    ['truncated to 64', el('a', { text: 'x'.repeat(100) }), `${'x'.repeat(63)}…`],
    ['never an input', el('input', { text: 'secret' }), ''],
    ['never a textarea', el('textarea', { text: 'my diary' }), ''],
    ['never a select', el('select', { text: 'Option A Option B' }), ''],
    ['never contenteditable', el('div', { text: 'typed', editable: true }), ''],
    ['no text', el('div'), ''],
  ])('%s', (_name, e, text) => expect(clickText(e)).toBe(text));
});

describe('clickBreadcrumb', () => {
  it('reports the control around the clicked icon', () => {
    const button = el('button', { id: 'buy', class: 'primary', text: 'Buy now' }, el('body'));
    const icon = el('svg', {}, button);
    expect(clickBreadcrumb(icon, 5)).toEqual({
      category: 'click',
      timestamp: 5,
      level: 'info',
      message: 'button#buy.primary',
      data: { text: 'Buy now' },
    });
  });

  it('uses the element of a text node and the target itself without a control', () => {
    const div = el('div', { class: 'card', text: 'Hello' }, el('body'));
    expect(clickBreadcrumb({ nodeType: 3, parentElement: div }, 1)?.message).toBe('div.card');
    expect(clickBreadcrumb(el('div', { role: 'button' }), 1)).toMatchObject({
      message: 'div',
      data: undefined,
    });
  });

  it('ignores non-elements', () => {
    expect(clickBreadcrumb(null)).toBeUndefined();
    expect(clickBreadcrumb({ nodeType: 9 })).toBeUndefined();
  });
});
