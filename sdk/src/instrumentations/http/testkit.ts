/** Shared by the fetch and XHR tests: a real tracer with the W3C propagator and a stand-in ctx. */
import { SpanKind, propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { SdkContext } from '../../core/context';
import type { Attributes, Breadcrumb } from '../../types';
import type { Page } from './call';

export const PAGE: Page = { base: 'https://app.test/shop/cart', origin: 'https://app.test' };
export const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
export const scrub = (u: string) => u.replace(/token=[^&#]*/, 'token=[Filtered]');

/** Installs the propagator WebTracerProvider.register() installs in the browser. */
export function usePropagator(): void {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());
}

export function harness(config: { propagate?: Array<string | RegExp>; crumbs?: boolean } = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const crumbs: Breadcrumb[] = [];
  const warnings: string[] = [];
  const ctx = {
    config: {
      propagateTraceHeaderCorsUrls: config.propagate ?? [],
      breadcrumbs: { http: config.crumbs ?? true },
    },
    debug: { enabled: true, warn: (m: string) => warnings.push(m) },
    startSpan: (name: string, attributes: Attributes, o?: { kind?: SpanKind }) =>
      tracer.startSpan(name, { kind: o?.kind, attributes }),
    scrubUrl: scrub,
    isIgnoredUrl: (u: string) => u.startsWith('https://otel.test/v1/traces'),
    addBreadcrumb: (c: Breadcrumb) => crumbs.push(c),
  } as unknown as SdkContext;
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return { ctx, spans, crumbs, warnings };
}
