/**
 * Uncaught errors and unhandled rejections, plus captureError() behind the public
 * captureException() and the React boundary. Each error is one zero-length `exception` span
 * (docs/conventions.md, span form), which the processor maps to an errors row.
 */
import { matches } from '../../config';
import type { Instrumentation, SdkContext } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Attributes, CaptureContext } from '../../types';
import {
  causesOf,
  describe,
  errorFromEvent,
  fingerprintText,
  firstFrameUrl,
  isResourceError,
  type ErrorEventLike,
} from './describe';
import { debugIdsOf } from './debug-ids';

export const EXCEPTION = 'exception';
export const ATTR_TYPE = 'exception.type';
export const ATTR_MESSAGE = 'exception.message';
export const ATTR_STACKTRACE = 'exception.stacktrace';
export const ATTR_HANDLED = 'pulsetrace.exception.handled';
export const ATTR_MECHANISM = 'pulsetrace.exception.mechanism';
export const ATTR_CAUSES = 'pulsetrace.exception.causes';
export const ATTR_FINGERPRINT = 'pulsetrace.exception.fingerprint';
export const ATTR_BREADCRUMBS = 'pulsetrace.breadcrumbs';
export const ATTR_DEBUG_IDS = 'pulsetrace.exception.debug_ids';

export interface CaptureOptions extends CaptureContext {
  /** Script URL the error was thrown from (ErrorEvent.filename), for ignoreUrls. */
  filename?: string;
}

/**
 * Error objects already recorded. A render error can reach both the React boundary and the
 * window `error` event (React 16-18 rethrow in development): one throw, one row.
 */
const reported = new WeakSet<object>();

/** The `exception` attributes for `error`, or undefined when ignoreErrors/ignoreUrls drop it. */
export function exceptionAttributes(
  ctx: SdkContext,
  error: unknown,
  o: CaptureOptions = {},
): Attributes | undefined {
  const d = describe(error);
  const ignore = ctx.config.ignoreErrors;
  // "TypeError: Failed to fetch" is how people copy errors from the console, so match that too.
  if (ignore.length && (matches(d.message, ignore) || matches(`${d.type}: ${d.message}`, ignore))) return;
  const url = o.filename || firstFrameUrl(d.stacktrace);
  if (url && ctx.isIgnoredUrl(url)) return;
  let fp = fingerprintText(o.fingerprint);
  const custom = ctx.config.fingerprint;
  // The app's callback may throw; the error is still reported, just without its fingerprint.
  if (!fp && custom) fp = fingerprintText(guard(ctx.debug, 'fingerprint()', () => custom(error)));
  const causes = causesOf(error);
  const crumbs = ctx.breadcrumbs();
  return {
    ...o.attributes,
    [ATTR_TYPE]: d.type,
    [ATTR_MESSAGE]: d.message,
    [ATTR_STACKTRACE]: d.stacktrace || undefined,
    [ATTR_HANDLED]: o.handled ?? true,
    [ATTR_MECHANISM]: o.mechanism || 'manual',
    [ATTR_CAUSES]: causes.length ? JSON.stringify(causes) : undefined,
    [ATTR_BREADCRUMBS]: crumbs.length ? JSON.stringify(crumbs) : undefined,
    [ATTR_FINGERPRINT]: fp || undefined,
    [ATTR_DEBUG_IDS]: debugIdsOf([d, ...causes]),
  };
}

/** Records `error` once (per object); never throws. Defaults: handled, mechanism 'manual'. */
export function captureError(ctx: SdkContext, error: unknown, o?: CaptureOptions): void {
  guard(ctx.debug, 'captureError', () => {
    if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
      if (reported.has(error)) return;
      reported.add(error);
    }
    const attrs = exceptionAttributes(ctx, error, o);
    if (attrs) ctx.record(EXCEPTION, attrs);
  });
}

/** Window `error` event: uncaught exceptions only; resource load failures are skipped. */
export function onErrorEvent(ctx: SdkContext, e: ErrorEventLike): void {
  if (isResourceError(e)) return;
  captureError(ctx, errorFromEvent(e), { handled: false, mechanism: 'onerror', filename: e.filename });
}

export function onRejection(ctx: SdkContext, e: { reason?: unknown }): void {
  captureError(ctx, e.reason, { handled: false, mechanism: 'onunhandledrejection' });
}

export const errors: Instrumentation = (ctx) => {
  // Listeners, not window.onerror: the app's own onerror handler stays untouched.
  const onError = (e: Event) => guard(ctx.debug, 'error listener', () => onErrorEvent(ctx, e as ErrorEvent));
  const onReject = (e: Event) =>
    guard(ctx.debug, 'rejection listener', () => onRejection(ctx, e as PromiseRejectionEvent));
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onReject);
  ctx.onShutdown(() => {
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onReject);
  });
};
