import { decodeOtlp } from './index';
import type { PbLogRecord } from './proto';
import { TRACE_ID, SPAN_ID, u64, logs } from './testkit';

function oneLog(record: PbLogRecord): Buffer {
  return logs({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
}
function firstLog(body: Buffer) {
  return decodeOtlp('logs', body, 'protobuf').resources[0].scopes[0].logs[0];
}

describe('decodeOtlp protobuf: logs', () => {
  it('decodes a log record with event_name and all fields', () => {
    const body = logs({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop-web' } }] },
          scopeLogs: [
            {
              scope: { name: 'pulsetrace-sdk', version: '1.2.3' },
              logRecords: [
                {
                  timeUnixNano: u64('1700000000123456789'),
                  observedTimeUnixNano: u64('1700000000223456789'),
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { kvlistValue: { values: [{ key: 'message', value: { stringValue: 'oops' } }] } },
                  attributes: [{ key: 'page.url', value: { stringValue: '/cart' } }],
                  eventName: 'browser.web_vital',
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  flags: 1,
                },
              ],
            },
          ],
        },
      ],
    });
    expect(decodeOtlp('logs', body, 'protobuf')).toEqual({
      signal: 'logs',
      resources: [
        {
          attributes: { 'service.name': 'shop-web' },
          scopes: [
            {
              name: 'pulsetrace-sdk',
              version: '1.2.3',
              attributes: {},
              spans: [],
              logs: [
                {
                  timeUnixNano: 1700000000123456789n,
                  observedTimeUnixNano: 1700000000223456789n,
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { message: 'oops' },
                  attributes: { 'page.url': '/cart' },
                  eventName: 'browser.web_vital',
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('decodes a body-only log record with defaults', () => {
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

  it('a record without body has body null', () => {
    expect(firstLog(oneLog({ eventName: 'e' })).body).toBeNull();
  });
});
