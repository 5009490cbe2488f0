/**
 * The decoded, transport-neutral form of an OTLP request. The OTLP decoders (protobuf and JSON)
 * produce it; the mapping stage turns it into typed RUM rows. Ids are lowercase hex; times are
 * nanoseconds since the epoch as bigint (OTLP fixed64 does not fit a JS number).
 */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

export interface DecodedEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Attributes;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind number: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: DecodedEvent[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

export interface DecodedLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AttrValue;
  attributes: Attributes;
  /** LogRecord.event_name (OTLP 1.5+); empty when absent. Older senders put it in the `event.name` attribute. */
  eventName: string;
  traceId: string;
  spanId: string;
}

export interface DecodedScope {
  name: string;
  version: string;
  attributes: Attributes;
  spans: DecodedSpan[];
  logs: DecodedLogRecord[];
}

export interface DecodedResource {
  attributes: Attributes;
  scopes: DecodedScope[];
}

export type Signal = 'traces' | 'logs';

export interface DecodedRequest {
  signal: Signal;
  resources: DecodedResource[];
}
