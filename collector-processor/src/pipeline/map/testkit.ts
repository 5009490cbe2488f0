/** Small builders for DecodedResource inputs in the mapping tests (no test-framework imports). */
import type { AttrValue, Attributes, DecodedLogRecord, DecodedResource, DecodedSpan } from '../types';
import type { MapContext } from './common';

export const CTX: MapContext = { projectId: 'proj-1', retentionDays: 30, receivedAtMs: 1_763_780_000_000 };

/** 2025-11-22T03:33:20.123Z in nanoseconds. */
export const T0 = 1_763_782_400_123_000_000n;
export const msAfter = (ms: number): bigint => T0 + BigInt(Math.round(ms * 1e6));

export const PAGE = 'https://shop.example.com/products/12345?utm_source=newsletter&utm_medium=email';

export const RESOURCE: Attributes = {
  'service.name': 'demo-shop',
  'service.version': '1.4.2',
  'deployment.environment.name': 'production',
  'telemetry.sdk.name': 'opentelemetry',
  'telemetry.sdk.version': '2.12.1',
  'telemetry.sdk.language': 'webjs',
};

export function span(over: Partial<DecodedSpan> & { name: string }): DecodedSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    kind: 1,
    startTimeUnixNano: T0,
    endTimeUnixNano: msAfter(100),
    attributes: {},
    events: [],
    status: { code: 0, message: '' },
    ...over,
  };
}

export function log(over: Partial<DecodedLogRecord>): DecodedLogRecord {
  return {
    timeUnixNano: T0,
    observedTimeUnixNano: T0,
    severityNumber: 9,
    severityText: '',
    body: null,
    attributes: {},
    eventName: '',
    traceId: '',
    spanId: '',
    ...over,
  };
}

export function event(eventName: string, attributes: Attributes, body: AttrValue = null): DecodedLogRecord {
  return log({ eventName, attributes, body });
}

export function resourceOf(
  records: { spans?: DecodedSpan[]; logs?: DecodedLogRecord[] },
  attributes: Attributes = RESOURCE,
  scopeName = 'test-scope',
): DecodedResource {
  return {
    attributes,
    scopes: [
      {
        name: scopeName,
        version: '1.0.0',
        attributes: {},
        spans: records.spans ?? [],
        logs: records.logs ?? [],
      },
    ],
  };
}
