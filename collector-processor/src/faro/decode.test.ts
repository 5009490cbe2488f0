/**
 * The Faro native decoder on its own: items become the log records Faro's OTLP transport would
 * send for them, `traces` go through the OTLP/JSON decoder under meta's resource, and malformed
 * parts are refused with their JSON path.
 */
import { OtlpDecodeError } from '../otlp';
import { mapResource } from '../pipeline/map';
import { decodeFaro, FARO_SCOPE } from './decode';

const TS = '2026-11-22T02:22:49.350Z';
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const decode = (body: unknown) => decodeFaro(Buffer.from(JSON.stringify(body)));

it('gives each item the attributes, time, severity and trace context of the OTLP transport', () => {
  const decoded = decode({
    meta: {
      app: { name: 'shop', version: '2.0.0' },
      session: { id: 's1' },
      user: { id: 'u1' },
      page: { url: 'https://a.example/x' },
    },
    logs: [{ message: 'hello', level: 'warn', timestamp: TS, trace: { trace_id: TRACE, span_id: SPAN } }],
    measurements: [{ type: 'checkout', values: { a: 1, b: 2.5 }, timestamp: TS }],
  });
  expect(decoded.resources).toHaveLength(1);
  const [scope] = decoded.resources[0].scopes;
  expect(scope.name).toBe(FARO_SCOPE);
  expect(decoded.resources[0].attributes).toMatchObject({
    'service.name': 'shop',
    'service.version': '2.0.0',
  });
  const [logRecord, a, b] = scope.logs;
  expect(logRecord).toMatchObject({
    body: 'hello',
    severityNumber: 13,
    severityText: 'WARN',
    traceId: TRACE,
    spanId: SPAN,
    timeUnixNano: BigInt(Date.parse(TS)) * 1_000_000n,
    attributes: { 'session.id': 's1', 'user.id': 'u1', 'url.full': 'https://a.example/x' },
  });
  expect([a.attributes['measurement.name'], a.attributes['measurement.value']]).toEqual(['a', 1]);
  expect([b.attributes['measurement.name'], b.attributes['measurement.value']]).toEqual(['b', 2.5]);
});

it("keeps a web vital's other values (delta, attribution) as its attribution, not as vitals", () => {
  const decoded = decode({
    meta: { page: { url: 'https://a.example/x' } },
    measurements: [
      {
        type: 'web-vitals',
        values: { cls: 0.026, delta: 0.026, largest_shift_value: 0.02 },
        context: { id: 'v6-1', rating: 'good', largest_shift_target: '#lead' },
        timestamp: TS,
      },
    ],
  });
  const rows = mapResource(decoded.resources[0], {
    projectId: 'p',
    retentionDays: 30,
    receivedAtMs: Date.parse(TS),
  });
  expect(rows.rejected).toBe(0);
  expect(rows.rows.web_vitals).toHaveLength(1);
  expect(rows.rows.web_vitals[0]).toMatchObject({ name: 'CLS', value: 0.026, rating: 'good' });
  expect(rows.rows.web_vitals[0].attribution).toMatchObject({
    delta: '0.026',
    largest_shift_value: '0.02',
    largest_shift_target: '#lead',
  });
});

it('drops a trace context that is not hex ids rather than the item', () => {
  const decoded = decode({
    logs: [{ message: 'x', timestamp: TS, trace: { trace_id: 'nope', span_id: '' } }],
  });
  expect(decoded.resources[0].scopes[0].logs[0]).toMatchObject({ traceId: '', spanId: '' });
});

it('decodes traces under a resource that meta completes', () => {
  const decoded = decode({
    meta: { app: { name: 'shop' }, session: { id: 's1' } },
    traces: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'unknown_service' } }] },
          scopeSpans: [
            {
              scope: { name: '@opentelemetry/instrumentation-fetch' },
              spans: [
                {
                  traceId: TRACE,
                  spanId: SPAN,
                  name: 'GET',
                  kind: 3,
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    },
  });
  expect(decoded.resources).toHaveLength(1);
  expect(decoded.resources[0].attributes['service.name']).toBe('shop');
  expect(decoded.resources[0].scopes[0].spans[0]).toMatchObject({ name: 'GET', traceId: TRACE });
});

it.each([
  [
    'bad span ids',
    { traces: { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz' }] }] }] } },
    /^traces: /,
  ],
  ['an event without a name', { events: [{ timestamp: TS }] }, /events\[0\]\.name/],
  ['a non-object meta', { meta: 'x' }, /Faro payload: meta: /],
])('refuses %s', (_what, body, message) => {
  expect(() => decode(body)).toThrow(OtlpDecodeError);
  expect(() => decode(body)).toThrow(message);
});
