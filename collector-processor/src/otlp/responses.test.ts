import { encodeExportResponse, encodeStatus } from './index';
import { ExportLogsServiceResponse, ExportTraceServiceResponse, Status } from './proto';

describe('encodeExportResponse', () => {
  it.each([
    ['traces', 'json'],
    ['logs', 'json'],
  ] as const)('full success is {} (%s, %s)', (signal, encoding) => {
    expect(encodeExportResponse(signal, encoding).toString('utf8')).toBe('{}');
  });

  it.each(['traces', 'logs'] as const)('full success in protobuf is an empty message (%s)', (signal) => {
    const body = encodeExportResponse(signal, 'protobuf');
    expect(body).toBeInstanceOf(Buffer);
    expect(body.length).toBe(0);
  });

  it.each([
    ['traces', { partialSuccess: { rejectedSpans: '3', errorMessage: '3 spans had no trace id' } }],
    ['logs', { partialSuccess: { rejectedLogRecords: '3', errorMessage: '3 spans had no trace id' } }],
  ] as const)('partial success in JSON (%s)', (signal, expected) => {
    const body = encodeExportResponse(signal, 'json', { rejected: 3, message: '3 spans had no trace id' });
    expect(JSON.parse(body.toString('utf8'))).toEqual(expected);
  });

  it('partial success in JSON matches the OTLP wire text exactly', () => {
    expect(encodeExportResponse('traces', 'json', { rejected: 3, message: 'x' }).toString()).toBe(
      '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"x"}}',
    );
  });

  it.each([
    ['a few', 3],
    ['zero (warning only)', 0],
    ['large', 2 ** 40],
  ])('partial success in protobuf decodes back (%s rejected)', (_label, rejected) => {
    const traces = ExportTraceServiceResponse.decode(
      encodeExportResponse('traces', 'protobuf', { rejected, message: 'dropped' }),
    );
    expect(traces.partialSuccess?.rejectedSpans?.toNumber()).toBe(rejected);
    expect(traces.partialSuccess?.errorMessage).toBe('dropped');
    const logs = ExportLogsServiceResponse.decode(
      encodeExportResponse('logs', 'protobuf', { rejected, message: 'dropped' }),
    );
    expect(logs.partialSuccess?.rejectedLogRecords?.toNumber()).toBe(rejected);
    expect(logs.partialSuccess?.errorMessage).toBe('dropped');
  });

  it.each([-1, 1.5, NaN, 2 ** 60])('rejects an invalid rejected count %p', (rejected) => {
    expect(() => encodeExportResponse('traces', 'json', { rejected, message: '' })).toThrow(RangeError);
  });
});

describe('encodeStatus', () => {
  it.each([
    [3, 'resourceSpans[0].scopeSpans[0].spans[0].traceId must be 32 hex characters'],
    [8, 'rate limited'],
    [14, ''],
  ])('JSON form (code %d)', (code, message) => {
    expect(JSON.parse(encodeStatus('json', code, message).toString('utf8'))).toEqual({ code, message });
  });

  it('JSON form matches the wire text exactly', () => {
    expect(encodeStatus('json', 3, 'bad "input"').toString()).toBe('{"code":3,"message":"bad \\"input\\""}');
  });

  it.each([
    [3, 'invalid argument: ünïcode'],
    [16, 'unknown key'],
  ])('protobuf form decodes back as google.rpc.Status (code %d)', (code, message) => {
    const status = Status.decode(encodeStatus('protobuf', code, message));
    expect(status.code).toBe(code);
    expect(status.message).toBe(message);
    expect(status.details).toEqual([]);
  });
});
