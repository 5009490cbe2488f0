import { decodeOtlp, OtlpDecodeError } from './index';

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('OTLP/JSON: a body that is not an export request is refused', () => {
  it.each<[string, 'traces' | 'logs', unknown, RegExp]>([
    [
      'an object of unknown keys',
      'logs',
      { foo: 1 },
      /^JSON body is not an OTLP logs export request: expected a "resourceLogs" array, found "foo"$/,
    ],
    ['traces posted to /v1/logs', 'logs', { resourceSpans: [] }, /resourceSpans belong in \/v1\/traces/],
    ['logs posted to /v1/traces', 'traces', { resource_logs: [] }, /resourceLogs belong in \/v1\/logs/],
    ['metrics', 'traces', { resourceMetrics: [] }, /metrics are not accepted/],
    [
      "Grafana Faro's native payload",
      'logs',
      { meta: { app: { name: 'shop' } }, logs: [], exceptions: [] },
      /Faro's own payload: post it to \/collect\/<ingest key>/,
    ],
    [
      'many long keys (the message stays short)',
      'traces',
      Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'k'.repeat(500)}${i}`, i])),
      /found ("k{40}…", ){4}"k{40}…" and 45 more$/,
    ],
  ])('%s', (_name, signal, body, message) => {
    const decode = () => decodeOtlp(signal, json(body), 'json');
    expect(decode).toThrow(OtlpDecodeError);
    expect(decode).toThrow(message);
  });
});

describe('OTLP/JSON: what stays accepted', () => {
  it.each<[string, 'traces' | 'logs', unknown]>([
    ['an empty object (an empty request)', 'logs', {}],
    ['an empty list', 'logs', { resourceLogs: [] }],
    ['null for the list (the default value)', 'traces', { resourceSpans: null }],
    ['the proto field name', 'traces', { resource_spans: [] }],
    ['unknown fields next to the request field', 'logs', { resourceLogs: [], futureField: { x: 1 } }],
  ])('%s', (_name, signal, body) => {
    expect(decodeOtlp(signal, json(body), 'json').resources).toEqual([]);
  });
});
