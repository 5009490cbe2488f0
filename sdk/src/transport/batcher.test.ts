import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { applyBeforeSend } from './batcher';

const warnings: string[] = [];
const debug = { enabled: true, warn: (m: string) => void warnings.push(m) };
const span = {
  name: 'pulsetrace.event',
  attributes: { 'pulsetrace.event.name': 'signup', 'pulsetrace.body.email': 'a@b.c' },
  spanContext: () => ({ traceId: 't', spanId: 's', traceFlags: 1 }),
} as unknown as ReadableSpan;

describe('applyBeforeSend', () => {
  beforeEach(() => (warnings.length = 0));

  it('passes the span through without a hook', () => {
    expect(applyBeforeSend(span, undefined, debug)).toBe(span);
  });

  it('drops the record when the hook returns null', () => {
    expect(applyBeforeSend(span, () => null, debug)).toBeNull();
  });

  it('sends what the hook changed and leaves the original span alone', () => {
    const out = applyBeforeSend(
      span,
      (r) => ({ ...r, attributes: { ...r.attributes, 'pulsetrace.body.email': undefined, plan: 'pro' } }),
      debug,
    )!;
    expect(out.attributes).toEqual({ 'pulsetrace.event.name': 'signup', plan: 'pro' });
    expect(out.name).toBe('pulsetrace.event');
    expect(out.spanContext().spanId).toBe('s');
    expect(span.attributes['pulsetrace.body.email']).toBe('a@b.c');
  });

  it('keeps the record unchanged when the hook throws, and says so in the debug log', () => {
    const out = applyBeforeSend(
      span,
      () => {
        throw new Error('bug in app hook');
      },
      debug,
    );
    expect(out).toBe(span);
    expect(warnings[0]).toMatch(/beforeSend threw/);
  });
});
