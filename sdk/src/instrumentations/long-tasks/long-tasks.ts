/**
 * Main-thread blocking as `pulsetrace.long_task` records (docs/conventions.md): long animation
 * frames (LoAF, with script attribution) where supported, else Long Tasks; none in browsers with
 * neither (Safari, Firefox today). At most MAX_PER_PAGE_VIEW per page view bound a janky page's cost.
 */
import type { Instrumentation } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Attributes } from '../../types';

export const LONG_TASK = 'pulsetrace.long_task';
export const ATTR_KIND = 'pulsetrace.long_task.kind';
export const ATTR_DURATION = 'pulsetrace.long_task.duration';
export const ATTR_BLOCKING_DURATION = 'pulsetrace.long_task.blocking_duration';
export const ATTR_SCRIPT_URL = 'pulsetrace.long_task.script_url';
export const ATTR_INVOKER = 'pulsetrace.long_task.invoker';
export const MAX_PER_PAGE_VIEW = 100;
const LOAF = 'long-animation-frame';
const LONGTASK = 'longtask';
/** Long Tasks API: what exceeds 50 ms blocks input (the processor uses the same rule). */
const BLOCKING_THRESHOLD_MS = 50;
/** Invokers can be long generated names; the processor keeps 4096 chars of any value. */
const MAX_INVOKER = 256;

/** The fields read of a PerformanceLongAnimationFrameTiming or PerformanceLongTaskTiming. */
export interface LongTaskEntry {
  entryType: string;
  name: string;
  startTime: number;
  duration: number;
  /** LoAF */
  blockingDuration?: number;
  scripts?: ReadonlyArray<{ duration: number; sourceURL?: string; invoker?: string }>;
  /** longtask */
  attribution?: ReadonlyArray<{ containerSrc?: string }>;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** LoAF when the browser has it (it names the scripts), else longtask, else nothing. */
export function pickEntryType(supported: readonly string[] | undefined): string | undefined {
  return supported?.includes(LOAF) ? LOAF : supported?.includes(LONGTASK) ? LONGTASK : undefined;
}

/**
 * Attributes of one entry. For a LoAF the longest script is the culprit: its sourceURL and invoker
 * (e.g. "BUTTON#buy.onclick", "TimerHandler:setTimeout", or a script URL); for a long task the
 * frame container's src and the culprit context ("self" is the page itself, so left out).
 */
export function longTaskAttributes(e: LongTaskEntry, scrub: (url: string) => string): Attributes {
  const loaf = e.entryType === LOAF;
  let script: NonNullable<LongTaskEntry['scripts']>[number] | undefined;
  for (const s of e.scripts ?? []) if (!script || s.duration > script.duration) script = s;
  const url = loaf ? script?.sourceURL : e.attribution?.[0]?.containerSrc;
  let invoker = loaf ? script?.invoker : e.name === 'self' ? '' : e.name;
  if (invoker && /^https?:/.test(invoker)) invoker = scrub(invoker);
  return {
    [ATTR_KIND]: loaf ? LOAF : LONGTASK,
    [ATTR_DURATION]: round(e.duration),
    [ATTR_BLOCKING_DURATION]: round(
      loaf ? (e.blockingDuration ?? 0) : Math.max(0, e.duration - BLOCKING_THRESHOLD_MS),
    ),
    [ATTR_SCRIPT_URL]: url ? scrub(url) : undefined,
    [ATTR_INVOKER]: invoker ? invoker.slice(0, MAX_INVOKER) : undefined,
  };
}

/**
 * A per-page-view allowance. Instrumentations do not see page view ids, but a new page view is
 * always a new URL (see page-views), so the count restarts when the page URL changes.
 */
export function perPageBudget(max: number): (pageUrl: string) => boolean {
  let page: string | undefined;
  let used = 0;
  return (pageUrl) => {
    if (pageUrl !== page) {
      page = pageUrl;
      used = 0;
    }
    if (used >= max) return false;
    used++;
    return true;
  };
}

export const longTasks: Instrumentation = (ctx) => {
  const type = pickEntryType(globalThis.PerformanceObserver?.supportedEntryTypes);
  if (!type) return;
  const allow = perPageBudget(MAX_PER_PAGE_VIEW);
  const scrub = (url: string) => ctx.scrubUrl(url);
  const observer = new PerformanceObserver((list) =>
    guard(ctx.debug, 'long tasks', () => {
      for (const e of list.getEntries()) {
        if (!allow(location.href)) continue;
        const attrs = longTaskAttributes(e as unknown as LongTaskEntry, scrub);
        ctx.record(LONG_TASK, attrs, performance.timeOrigin + e.startTime);
      }
    }),
  );
  // buffered: frames that blocked before the SDK loaded (during page load) count too.
  observer.observe({ type, buffered: true });
  ctx.onShutdown(() => observer.disconnect());
};
