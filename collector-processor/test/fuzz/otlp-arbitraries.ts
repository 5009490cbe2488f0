/**
 * fast-check arbitraries of OTLP trace and log export requests, biased towards the shapes the
 * mappers understand (./otlp-shapes: page views, web vitals, exceptions with stacks, fetch spans,
 * custom events, long tasks, resource timing, Faro and Honeycomb shapes, span forms) with edge
 * values (./otlp-values), wrapped in an envelope (JSON or protobuf, gzip, key placement, byte
 * mutations). `ingestCase(sizes)` is the entry point.
 */
import fc from 'fast-check';
import {
  wellFormed,
  type Envelope,
  type FuzzCase,
  type FuzzLogRecord,
  type FuzzRequest,
  type FuzzScope,
  type FuzzSpan,
  type Mutation,
} from './otlp-model';
import {
  attributes,
  common,
  exceptionAttrs,
  kv,
  resourceAttributes,
  rumShape,
  str,
  url,
  vitalAttrs,
} from './otlp-shapes';
import { edgeString, edgeTimestamp, numberLike, stringValue, type FuzzSizes } from './otlp-values';
function id(bytes: 8 | 16): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 300, arbitrary: fc.uint8Array({ minLength: bytes, maxLength: bytes }) },
    { weight: 30, arbitrary: fc.constant(new Uint8Array(0)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }) }, // wrong length → 400
  );
}

function span(sizes: FuzzSizes, nowMs: number): fc.Arbitrary<FuzzSpan> {
  const t = edgeTimestamp(nowMs);
  const n = numberLike(sizes);
  const http = fc.record({
    name: fc.constantFrom('GET', 'HTTP POST', 'fetch'),
    kind: fc.constant(3),
    attributes: attributes(
      sizes,
      kv('http.request.method', str('GET', 'POST', 'BREW')),
      kv('http.method', str('GET')),
      kv('url.full', url(sizes)),
      kv('http.url', url(sizes)),
      kv('http.response.status_code', n),
      kv('http.status_code', n),
      kv('server.address', stringValue(sizes)),
      kv('error.type', stringValue(sizes)),
      kv('http.response.body.size', n),
      ...common(sizes),
    ),
  });
  const vendor = fc.oneof(
    fc.record({
      name: fc.constant('documentLoad'),
      kind: fc.constant(1),
      attributes: attributes(
        sizes,
        kv('http.url', url(sizes)),
        kv('http.user_agent', stringValue(sizes)),
        ...common(sizes),
      ),
    }),
    fc.record({
      name: fc.constantFrom('LCP', 'CLS', 'INP'),
      kind: fc.constant(1),
      attributes: attributes(
        sizes,
        ...vitalAttrs(sizes, 'lcp.'),
        ...vitalAttrs(sizes, 'cls.'),
        kv('page.url', url(sizes)),
      ),
    }),
    fc.record({
      name: fc.constant('longtask'),
      kind: fc.constant(1),
      attributes: attributes(
        sizes,
        kv('longtask.duration', n),
        kv('longtask.entry_type', str('longtask')),
        kv('longtask.attribution.container_src', url(sizes)),
      ),
    }),
    fc.record({
      name: fc.constant('click'),
      kind: fc.constant(1),
      attributes: attributes(
        sizes,
        kv('event_type', str('click')),
        kv('target_element', str('BUTTON')),
        kv('target_xpath', stringValue(sizes)),
      ),
    }),
  );
  // Span form of the log events, and span events with exceptions / navigation timing.
  const spanForm = rumShape(sizes).map((s) => ({ name: s.name, kind: 1, attributes: s.attributes }));
  const event = fc.record({
    name: fc.constantFrom('exception', 'fetchStart', 'browser.web_vital', 'domComplete'),
    timeUnixNano: t,
    attributes: fc.oneof(
      attributes(sizes, ...exceptionAttrs(sizes)),
      rumShape(sizes).map((s) => s.attributes),
    ),
  });
  return fc
    .record({
      head: fc.oneof(http, vendor, spanForm),
      traceId: id(16),
      spanId: id(8),
      parentSpanId: fc.oneof(fc.constant(new Uint8Array(0)), id(8)),
      start: t,
      durationNs: fc.oneof(
        { weight: 10, arbitrary: fc.bigInt({ min: 0n, max: 10_000_000_000n }) },
        { weight: 1, arbitrary: t },
      ),
      events: fc.array(event, { maxLength: 3 }),
      status: fc.record({ code: fc.constantFrom(0, 1, 2, 7), message: edgeString(sizes) }),
    })
    .map(({ head, start, durationNs, ...rest }) => ({
      ...rest,
      ...head,
      startTimeUnixNano: start,
      endTimeUnixNano: start + durationNs,
    }));
}

function logRecord(sizes: FuzzSizes, nowMs: number): fc.Arbitrary<FuzzLogRecord> {
  const t = edgeTimestamp(nowMs);
  return fc
    .record({
      shape: rumShape(sizes),
      eventNameAsAttribute: fc.boolean(),
      timeUnixNano: fc.oneof(t, fc.constant(0n)),
      observedTimeUnixNano: t,
      severityNumber: fc.constantFrom(0, 9, 17, 24, 99),
      severityText: fc.constantFrom('', 'INFO', 'ERROR'),
      traceId: id(16),
      spanId: id(8),
    })
    .map(({ shape, eventNameAsAttribute, ...rest }) => ({
      ...rest,
      // Pre-OTLP-1.5 senders and Faro put the name in the event.name attribute (and Faro in the body).
      eventName: eventNameAsAttribute ? '' : shape.name,
      attributes:
        eventNameAsAttribute && shape.name
          ? [...shape.attributes, { key: 'event.name', value: { stringValue: shape.name } }]
          : shape.attributes,
      body: shape.body,
    }));
}

/** A traces or logs request with 1–3 resources; rarely one with records spread over many weeks. */
export function otlpRequest(sizes: FuzzSizes, nowMs = Date.now()): fc.Arbitrary<FuzzRequest> {
  const scope = (signal: 'traces' | 'logs'): fc.Arbitrary<FuzzScope> =>
    fc.record({
      name: fc.constantFrom(
        '@opentelemetry/instrumentation-fetch',
        '@grafana/faro-web-sdk',
        'pulsetrace',
        '',
      ),
      version: fc.constantFrom('1.0.0', ''),
      spans:
        signal === 'traces' ? fc.array(span(sizes, nowMs), { maxLength: sizes.maxRecords }) : fc.constant([]),
      logs:
        signal === 'logs'
          ? fc.array(logRecord(sizes, nowMs), { maxLength: sizes.maxRecords })
          : fc.constant([]),
    });
  const request = fc.constantFrom<'traces' | 'logs'>('traces', 'logs').chain((signal) =>
    fc.record({
      signal: fc.constant(signal),
      resources: fc.array(
        fc.record({
          attributes: resourceAttributes(sizes),
          scopes: fc.array(scope(signal), { minLength: 1, maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
  );
  // Dozens of strings per request: lone surrogates are kept in one request of 8, else one would
  // turn almost every protobuf body into a 400 before mapping and storage are exercised.
  const mostlyWellFormed = fc
    .tuple(request, fc.integer({ min: 0, max: 7 }))
    .map(([r, keep]) => (keep === 0 ? r : wellFormed(r)));
  return fc.oneof({ weight: 30, arbitrary: mostlyWellFormed }, { weight: 1, arbitrary: manyWeeks(nowMs) });
}

/** Custom events in `weeks` different weeks in one request (ClickHouse's partitions-per-insert limit). */
function manyWeeks(nowMs: number): fc.Arbitrary<FuzzRequest> {
  const weekNs = 7n * 24n * 3_600_000_000_000n;
  return fc.integer({ min: 90, max: 130 }).map((weeks) => ({
    signal: 'logs',
    resources: [
      {
        attributes: [{ key: 'service.name', value: { stringValue: 'weeks' } }],
        scopes: [
          {
            name: 'pulsetrace',
            version: '',
            spans: [],
            logs: Array.from({ length: weeks }, (_, w) => ({
              timeUnixNano: BigInt(nowMs) * 1_000_000n - BigInt(w) * weekNs,
              observedTimeUnixNano: 0n,
              severityNumber: 9,
              severityText: '',
              body: undefined,
              attributes: [{ key: 'pulsetrace.event.name', value: { stringValue: `week-${w}` } }],
              eventName: 'pulsetrace.event',
              traceId: new Uint8Array(0),
              spanId: new Uint8Array(0),
            })),
          },
        ],
      },
    ],
  }));
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(
        ...['{', '"', '\\u', '[', '\x80', '\xff\xff\xff\xff\x0f'].map((s) => Buffer.from(s, 'latin1')),
      ),
    ),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

export const envelope: fc.Arbitrary<Envelope> = fc.record({
  encoding: fc.constantFrom('json', 'protobuf'),
  int64AsNumber: fc.boolean(),
  enumNames: fc.boolean(),
  gzip: fc.boolean(),
  key: fc.constantFrom('header', 'header', 'header', 'resource', 'none'),
  // Three in four requests arrive intact, so most cases exercise mapping and storage.
  mutations: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Mutation[]>([]) },
    { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
  ),
  afterGzip: fc.boolean(),
  wrongPath: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

export function ingestCase(sizes: FuzzSizes, nowMs = Date.now()): fc.Arbitrary<FuzzCase> {
  return fc.record({ request: otlpRequest(sizes, nowMs), envelope });
}
