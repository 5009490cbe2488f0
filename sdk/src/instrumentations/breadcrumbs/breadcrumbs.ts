/**
 * Breadcrumb collectors: console calls and clicks. The ring buffer is the client's
 * (ctx.addBreadcrumb); navigations come from page-views, HTTP calls from the http instrumentation.
 */
import type { Instrumentation, SdkContext } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Breadcrumb, BreadcrumbOptions } from '../../types';
import { stringify } from '../errors/describe';

type ConsoleLevel = NonNullable<BreadcrumbOptions['console']>[number];

export const MAX_CONSOLE_MESSAGE = 256;
export const MAX_CLICK_TEXT = 64;
/** Ancestors named above the clicked element. */
const MAX_ANCESTORS = 3;
/** Classes per element: utility-CSS elements carry dozens. */
const MAX_CLASSES = 2;

const LEVELS: Record<ConsoleLevel, NonNullable<Breadcrumb['level']>> = {
  debug: 'debug',
  log: 'info',
  info: 'info',
  warn: 'warning',
  error: 'error',
};

/** Console arguments as one line, like the console shows them; bounded. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  let s = '';
  for (const a of args) {
    if (s.length >= MAX_CONSOLE_MESSAGE) break;
    s += (s ? ' ' : '') + stringify(a, MAX_CONSOLE_MESSAGE);
  }
  return s.length > MAX_CONSOLE_MESSAGE ? `${s.slice(0, MAX_CONSOLE_MESSAGE - 1)}…` : s;
}

type ConsoleLike = Partial<Record<ConsoleLevel, (...args: unknown[]) => void>>;

/**
 * Wraps the given console levels; returns the restore function. The wrapper always calls the
 * original, and records nothing for the SDK's own debug output or while it is already recording
 * (debug.warn goes to console.warn: a failing addBreadcrumb must not recurse).
 */
export function patchConsole(ctx: SdkContext, levels: readonly ConsoleLevel[], con: ConsoleLike = console) {
  let busy = false;
  let active = true;
  const restores = levels.map((level) => {
    const orig = con[level];
    if (typeof orig !== 'function') return () => {};
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (active && !busy && !(typeof args[0] === 'string' && args[0].startsWith('[pulsetrace]'))) {
        busy = true;
        guard(ctx.debug, 'console breadcrumb', () =>
          ctx.addBreadcrumb({
            category: 'console',
            timestamp: Date.now(),
            level: LEVELS[level],
            message: formatConsoleArgs(args),
          }),
        );
        busy = false;
      }
      return orig.apply(this, args);
    };
    con[level] = wrapped;
    // Someone who wrapped console after us keeps their wrapper; ours then just calls through.
    return () => {
      if (con[level] === wrapped) con[level] = orig;
    };
  });
  return () => {
    active = false;
    restores.forEach((r) => r());
  };
}

/** The parts of a DOM Element that clicks read (stand-ins in tests). */
export interface ElementLike {
  tagName: string;
  id?: string;
  parentElement: ElementLike | null;
  getAttribute(name: string): string | null;
  closest?(selector: string): ElementLike | null;
  innerText?: string;
  isContentEditable?: boolean;
}

/** The control the user meant when they clicked an icon or a span inside it. */
const CONTROL = 'a,button,input,select,textarea,label,summary,[role=button],[role=link],[role=menuitem]';
/** Elements whose text may be what the user typed or chose. */
const FIELD = /^(INPUT|TEXTAREA|SELECT|OPTION)$/;

function part(el: ElementLike): string {
  const tag = el.tagName.toLowerCase();
  const id = el.id ? `#${el.id}` : '';
  const classes = (el.getAttribute('class') ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_CLASSES);
  return tag + id + classes.map((c) => `.${c}`).join('');
}

/** `div.cart > button#buy.primary`: the element and up to 3 ancestors, stopping at an id or body. */
export function selectorOf(el: ElementLike): string {
  const parts = [part(el)];
  for (let p = el.parentElement; p && parts.length <= MAX_ANCESTORS && !el.id; p = p.parentElement) {
    if (/^(BODY|HTML)$/.test(p.tagName)) break;
    parts.unshift(part(p));
    if (p.id) break;
  }
  return parts.join(' > ');
}

/** Trimmed visible text of the clicked control; never what is typed into a field. */
export function clickText(el: ElementLike): string {
  if (FIELD.test(el.tagName) || el.isContentEditable) return '';
  const t = (el.innerText ?? '').replace(/\s+/g, ' ').trim();
  return t.length > MAX_CLICK_TEXT ? `${t.slice(0, MAX_CLICK_TEXT - 1)}…` : t;
}

/** The click breadcrumb for an event target, or undefined for non-elements. */
export function clickBreadcrumb(target: unknown, now = Date.now()): Breadcrumb | undefined {
  const node = target as (ElementLike & { nodeType?: number }) | null;
  // A click on text reports its element.
  const el = node?.nodeType === 3 ? node.parentElement : node?.nodeType === 1 ? node : null;
  if (!el) return;
  const control = el.closest?.(CONTROL) ?? el;
  const text = clickText(control);
  return {
    category: 'click',
    timestamp: now,
    level: 'info',
    message: selectorOf(control),
    data: text ? { text } : undefined,
  };
}

export const breadcrumbs: Instrumentation = (ctx) => {
  const o = ctx.config.breadcrumbs;
  if (o.console?.length) ctx.onShutdown(patchConsole(ctx, o.console));
  if (o.clicks && typeof document !== 'undefined') {
    const onClick = (e: Event) =>
      guard(ctx.debug, 'click breadcrumb', () => {
        const crumb = clickBreadcrumb(e.target);
        if (crumb) ctx.addBreadcrumb(crumb);
      });
    // Capture phase: handlers that stopPropagation() must not hide the click.
    document.addEventListener('click', onClick, true);
    ctx.onShutdown(() => document.removeEventListener('click', onClick, true));
  }
};
