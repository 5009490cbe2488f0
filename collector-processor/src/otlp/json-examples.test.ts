import { decodeOtlp } from './index';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from './proto';
import SPEC_LOGS from './testdata/logs.json';
import SPEC_TRACE from './testdata/trace.json';

// testdata/*.json: the OTLP/JSON examples from opentelemetry-proto (examples/trace.json, examples/logs.json),
// trimmed, with events, links, status and every AnyValue kind added.

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const oneLog = (record: object) => json({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
const firstLog = (body: Buffer) => decodeOtlp('logs', body, 'json').resources[0].scopes[0].logs[0];
const ids = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' };

const EXPECTED_SPAN = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  parentSpanId: 'eee19b7ec3c1b173',
  name: 'I am a server span',
  kind: 2,
  startTimeUnixNano: 1544712660000000000n,
  endTimeUnixNano: 1544712661000000000n,
  attributes: { 'my.span.attr': 'some value' },
  events: [
    { name: 'exception', timeUnixNano: 1544712660500000000n, attributes: { 'exception.message': 'boom' } },
  ],
  status: { code: 2, message: 'failed' },
};

const EXPECTED_LOG = {
  timeUnixNano: 1544712660300000000n,
  observedTimeUnixNano: 1544712660300000000n,
  severityNumber: 10,
  severityText: 'Information',
  body: 'Example log record',
  attributes: {
    'string.attribute': 'some string',
    'boolean.attribute': true,
    'int.attribute': 10,
    'double.attribute': 637.704,
    'array.attribute': ['many', 'values'],
    'map.attribute': { 'some.map.key': 'some value' },
  },
  eventName: 'browser.page_view',
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
};

/** Recursively renames object keys from lowerCamelCase to snake_case. */
function toSnake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnake);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), toSnake(v)]),
    );
  }
  return value;
}

describe('decodeOtlp JSON: spec examples', () => {
  it('decodes the trace example (uppercase hex ids → lowercase)', () => {
    expect(decodeOtlp('traces', json(SPEC_TRACE), 'json')).toEqual({
      signal: 'traces',
      resources: [
        {
          attributes: { 'service.name': 'my.service' },
          scopes: [
            {
              name: 'my.library',
              version: '1.0.0',
              attributes: { 'my.scope.attribute': 'some scope attribute' },
              spans: [EXPECTED_SPAN],
              logs: [],
            },
          ],
        },
      ],
    });
  });

  it('decodes the logs example with event_name', () => {
    expect(decodeOtlp('logs', json(SPEC_LOGS), 'json')).toEqual({
      signal: 'logs',
      resources: [
        {
          attributes: { 'service.name': 'my.service' },
          scopes: [{ name: 'my.library', version: '1.0.0', attributes: {}, spans: [], logs: [EXPECTED_LOG] }],
        },
      ],
    });
  });

  it.each([
    ['traces', SPEC_TRACE],
    ['logs', SPEC_LOGS],
  ] as const)('accepts snake_case field names (%s)', (signal, body) => {
    expect(decodeOtlp(signal, json(toSnake(body)), 'json')).toEqual(decodeOtlp(signal, json(body), 'json'));
  });

  it('decodes the same as the protobuf form of the request', () => {
    // protobufjs fromObject reads base64 for bytes, so convert the hex ids for the protobuf side.
    const hexToB64 = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(hexToB64);
      if (v && typeof v === 'object') {
        return Object.fromEntries(
          Object.entries(v).map(([k, x]) => [
            k,
            /^(trace|span|parentSpan)Id$/.test(k)
              ? Buffer.from(x as string, 'hex').toString('base64')
              : hexToB64(x),
          ]),
        );
      }
      return v;
    };
    const tracePb = Buffer.from(
      ExportTraceServiceRequest.encode(
        ExportTraceServiceRequest.fromObject(hexToB64(SPEC_TRACE) as object),
      ).finish(),
    );
    expect(decodeOtlp('traces', tracePb, 'protobuf')).toEqual(decodeOtlp('traces', json(SPEC_TRACE), 'json'));
    const logsPb = Buffer.from(
      ExportLogsServiceRequest.encode(
        ExportLogsServiceRequest.fromObject(hexToB64(SPEC_LOGS) as object),
      ).finish(),
    );
    expect(decodeOtlp('logs', logsPb, 'protobuf')).toEqual(decodeOtlp('logs', json(SPEC_LOGS), 'json'));
  });

  it('ignores unknown fields at every level', () => {
    const extra = { futureField: { deeply: [1, 2, { x: null }] }, another_one: 'x' };
    const body = {
      ...extra,
      resourceSpans: [
        {
          ...extra,
          resource: { ...extra, attributes: [{ ...extra, key: 'k', value: { ...extra, stringValue: 'v' } }] },
          scopeSpans: [
            {
              ...extra,
              scope: { ...extra, name: 'lib' },
              spans: [
                {
                  ...extra,
                  ...ids,
                  name: 's',
                  events: [{ ...extra, name: 'e' }],
                  status: { ...extra, code: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    const decoded = decodeOtlp('traces', json(body), 'json');
    expect(decoded.resources[0].attributes).toEqual({ k: 'v' });
    expect(decoded.resources[0].scopes[0].name).toBe('lib');
    expect(decoded.resources[0].scopes[0].spans[0]).toMatchObject({
      name: 's',
      events: [{ name: 'e' }],
      status: { code: 1, message: '' },
    });
  });

  it.each([
    ['empty object', {}],
    ['null list', { resourceSpans: null }],
    ['empty list', { resourceSpans: [] }],
  ])('decodes %s as an empty request', (_label, body) => {
    expect(decodeOtlp('traces', json(body), 'json')).toEqual({ signal: 'traces', resources: [] });
  });

  it('fills defaults: missing scope → name "", missing resource → {}', () => {
    const decoded = decodeOtlp(
      'traces',
      json({ resourceSpans: [{ scopeSpans: [{ spans: [ids] }] }] }),
      'json',
    );
    expect(decoded.resources[0]).toEqual({
      attributes: {},
      scopes: [
        {
          name: '',
          version: '',
          attributes: {},
          logs: [],
          spans: [
            {
              ...ids,
              parentSpanId: '',
              name: '',
              kind: 0,
              startTimeUnixNano: 0n,
              endTimeUnixNano: 0n,
              attributes: {},
              events: [],
              status: { code: 0, message: '' },
            },
          ],
        },
      ],
    });
  });

  it('decodes a body-only log record', () => {
    expect(firstLog(oneLog({ body: { stringValue: 'hello' } }))).toEqual({
      timeUnixNano: 0n,
      observedTimeUnixNano: 0n,
      severityNumber: 0,
      severityText: '',
      body: 'hello',
      attributes: {},
      eventName: '',
      traceId: '',
      spanId: '',
    });
  });

  it('accepts a leading byte order mark', () => {
    expect(decodeOtlp('traces', Buffer.from('\ufeff{}'), 'json').resources).toEqual([]);
  });
});
