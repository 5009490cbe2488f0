import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor } from './helpers/processor';

/**
 * `exception.type` is whatever the sender put there (a thrown object's `name`), and the issue
 * title in `grouping` is built from it after scrubbing: both must come out of a real processor
 * without the email, while an ordinary class name is stored as sent.
 */
const NOW_NS = `${BigInt(Date.now()) * 1_000_000n}`;
const kvs = (a: Record<string, string>) =>
  Object.entries(a).map(([key, v]) => ({ key, value: { stringValue: v } }));

function exceptionLog(type: string, tag: string) {
  return {
    timeUnixNano: NOW_NS,
    eventName: 'exception',
    attributes: kvs({
      'exception.type': type,
      'exception.message': 'lookup failed',
      'browser.document.url.full': 'https://shop.example/checkout',
      'test.tag': tag,
    }),
  };
}

describe('exception_type is scrubbed by value patterns', () => {
  let processor: RunningProcessor;
  let stored: { tag: string; exception_type: string; grouping: string }[];

  beforeAll(async () => {
    processor = await startTestProcessor();
    const { id, ingestKey } = await createProject(processor.url);
    const body = {
      resourceLogs: [
        {
          resource: {
            attributes: kvs({ 'service.name': 'shop', 'telemetry.sdk.name': 'pulsetrace-browser' }),
          },
          scopeLogs: [
            {
              scope: { name: 'pulsetrace-browser', version: '0.1.0' },
              logRecords: [
                exceptionLog('NotFound for alice@example.com', 'pii'),
                exceptionLog('TypeError', 'plain'),
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${processor.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
      body: JSON.stringify(body),
    });
    expect([res.status, await res.text()]).toEqual([200, '{}']);
    await processor.drained();
    const result = await processor.store.client.query({
      query: `SELECT attributes['test.tag'] AS tag, exception_type, grouping FROM errors
              WHERE project_id = {p:String} ORDER BY tag`,
      query_params: { p: id },
      format: 'JSONEachRow',
    });
    stored = await result.json();
  }, 120_000);
  afterAll(() => processor?.stop());

  it('replaces an email in the type, in the column and in the issue title', () => {
    expect(stored.map((r) => r.tag)).toEqual(['pii', 'plain']);
    const [pii] = stored;
    expect(pii.exception_type).toBe('NotFound for [email]');
    expect(JSON.stringify(pii)).not.toContain('alice@example.com');
    expect((JSON.parse(pii.grouping) as { title: string }).title).toBe('NotFound for [email]: lookup failed');
  });

  it('keeps a class name as sent', () => {
    expect(stored[1].exception_type).toBe('TypeError');
  });
});
