/**
 * The span processor between the OpenTelemetry SDK and the durable queue: stamps the common
 * attributes on start, applies consent, sampling and beforeSend on end, and turns every
 * `batchSize` records or `batchDelayMs` into one OTLP/JSON batch (serialised by the OTel
 * JsonTraceSerializer) in the persistent store. On page hide the flush is synchronous: the
 * batch is spilled to localStorage and sent with keepalive, and stays queued until the endpoint
 * has answered, so a batch the browser never delivered is sent on the next visit.
 */
import type { Context } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DebugLogger } from '../core/debug-logger';
import { randomHex } from '../core/ids';
import type { Attributes, OutgoingRecord } from '../types';
import type { Sender } from './sender';
import type { BatchStore } from './store';

export interface BatcherOptions {
  batchSize: number;
  batchDelayMs: number;
  /** Attributes every record gets (session, user, page view…), read at span start. */
  common(): Attributes;
  /** False drops the record (opted out, or an unsampled session's non-error record). */
  keep(span: ReadableSpan): boolean;
  beforeSend?: (record: OutgoingRecord) => OutgoingRecord | null;
  store: BatchStore;
  sender: Sender;
  debug: DebugLogger;
}

export interface Batcher extends SpanProcessor {
  /** Writes what is buffered as a batch; `unloading` takes the synchronous path. */
  flushBuffer(unloading: boolean): Promise<void>;
  /** Drops what is buffered (opt-out). */
  discard(): void;
}

/** Pure: beforeSend applied to one span; the original span when unchanged, null to drop. */
export function applyBeforeSend(
  span: ReadableSpan,
  beforeSend: BatcherOptions['beforeSend'],
  debug: DebugLogger,
): ReadableSpan | null {
  if (!beforeSend) return span;
  try {
    const out = beforeSend({ name: span.name, attributes: { ...(span.attributes as Attributes) } });
    if (!out) return null;
    const attributes = Object.fromEntries(Object.entries(out.attributes).filter(([, v]) => v !== undefined));
    // A view of the span with the hook's name and attributes; everything else is inherited.
    return Object.create(span, {
      name: { value: out.name },
      attributes: { value: attributes },
    }) as ReadableSpan;
  } catch (err) {
    debug.warn('beforeSend threw; sending the record unchanged', err);
    return span;
  }
}

export function createBatcher(o: BatcherOptions): Batcher {
  let buffer: ReadableSpan[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const decoder = new TextDecoder();

  const flushBuffer = async (unloading: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    if (unloading) o.sender.rescueInFlight();
    if (!buffer.length) return;
    const spans = buffer;
    buffer = [];
    const batch = {
      id: randomHex(16),
      body: decoder.decode(JsonTraceSerializer.serializeRequest(spans)),
      createdAt: Date.now(),
    };
    if (unloading) {
      o.store.spill(batch);
      o.sender.sendOnUnload(batch);
      return;
    }
    await o.store.add(batch);
    o.sender.drain();
  };
  const flushLater = () => flushBuffer(false).catch((err) => o.debug.warn('batching failed', err));

  return {
    onStart(span: Span, _parent: Context) {
      // What the instrumentation set itself wins over the common values.
      const own = span.attributes;
      for (const [k, v] of Object.entries(o.common()))
        if (v !== undefined && !(k in own)) span.setAttribute(k, v);
    },
    onEnd(span: ReadableSpan) {
      try {
        if (!o.keep(span)) return;
        const out = applyBeforeSend(span, o.beforeSend, o.debug);
        if (!out) return;
        buffer.push(out);
        if (buffer.length >= o.batchSize) void flushLater();
        else timer ??= setTimeout(flushLater, o.batchDelayMs);
      } catch (err) {
        o.debug.warn('recording a span failed', err);
      }
    },
    flushBuffer,
    discard() {
      buffer = [];
    },
    async forceFlush() {
      await flushBuffer(false);
    },
    async shutdown() {
      await flushBuffer(false);
    },
  };
}
