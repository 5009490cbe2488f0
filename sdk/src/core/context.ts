/**
 * What the client hands each instrumentation. Internal: not exported from index.ts.
 * Instrumentations emit through `record`/`startSpan` only, so common attributes, sampling,
 * consent and beforeSend apply in one place (client.ts).
 */
import type { Span, SpanKind, Tracer } from '@opentelemetry/api';
import type { Attributes, Breadcrumb, PulseTraceConfig } from '../types';
import type { DebugLogger } from './debug-logger';

export interface ResolvedConfig extends Required<
  Omit<PulseTraceConfig, 'key' | 'release' | 'environment' | 'beforeSend' | 'fingerprint'>
> {
  key?: string;
  release?: string;
  environment?: string;
  beforeSend?: PulseTraceConfig['beforeSend'];
  fingerprint?: PulseTraceConfig['fingerprint'];
  breadcrumbs: Required<NonNullable<PulseTraceConfig['breadcrumbs']>>;
  /** `${endpoint}/v1/traces`: instrumentations must never record calls to it. */
  tracesUrl: string;
}

/** A page view of this document: its id, scrubbed URL and start (performance.now() ms). */
export interface PageViewRef {
  id: string;
  url: string;
  start: number;
}

export interface SdkContext {
  readonly config: ResolvedConfig;
  readonly tracer: Tracer;
  readonly debug: DebugLogger;
  /**
   * A point-in-time record (span form, see docs/conventions.md): a zero-length span named
   * `name`. `timeMs` is epoch ms (default now).
   */
  record(name: string, attributes: Attributes, timeMs?: number): void;
  /** A span with a duration; the caller ends it. Common attributes are added on start. */
  startSpan(name: string, attributes: Attributes, options?: { kind?: SpanKind; startTimeMs?: number }): Span;
  addBreadcrumb(crumb: Breadcrumb): void;
  breadcrumbs(): Breadcrumb[];
  /** user.id and user.* traits of the identified user, if any (undefined while opted out). */
  user(): Attributes | undefined;
  /** Starts a new page view (new pulsetrace.page_view.id); returns its id. */
  newPageView(): string;
  /**
   * The page view current at `time` (performance.now() ms), or with `url` (scrubbed) the first
   * one from then on at that URL: a soft navigation's entry starts at the click, before the
   * route's page view. Older page views than the last MAX_PAGE_VIEWS resolve to the oldest kept.
   */
  pageViewAt(time: number, url?: string): PageViewRef;
  /** Applies the query-string allow-list: other parameter values become `[Filtered]`. */
  scrubUrl(url: string): string;
  /** True for URLs the SDK must not instrument (its own endpoint, ignoreUrls). */
  isIgnoredUrl(url: string): boolean;
  /** Registers cleanup run by shutdown(). */
  onShutdown(fn: () => void): void;
}

/** One built-in instrumentation: installs listeners/patches; never throws (the client guards). */
export type Instrumentation = (ctx: SdkContext) => void;
