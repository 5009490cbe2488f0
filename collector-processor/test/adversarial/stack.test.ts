/**
 * Issue #12, "one stack trace freezes the process": error-stack-parser's regexes took time
 * polynomial in a line's length on the event loop (an 8 KB stack blocked every request for 0.5 s,
 * a 324 KB fuzz case for minutes). A 324 KB adversarial stack from project A is sent to a real
 * processor together with a normal error from project B: both are answered, B promptly, and A's
 * stored row says its stack was cut.
 */
import type { RunningProcessor } from '../../src/processor';
import { createProject, startTestProcessor, until } from '../helpers/processor';

jest.setTimeout(120_000);

const kvs = (a: Record<string, string>) =>
  Object.entries(a).map(([key, v]) => ({ key, value: { stringValue: v } }));

function errorLog(service: string, stack: string): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: kvs({ 'service.name': service, 'telemetry.sdk.name': 'pulsetrace-browser' }),
        },
        scopeLogs: [
          {
            scope: { name: 'pulsetrace-browser', version: '0.1.0' },
            logRecords: [
              {
                timeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`,
                eventName: 'exception',
                attributes: kvs({
                  'exception.type': 'Error',
                  'exception.message': 'boom',
                  'exception.stacktrace': stack,
                }),
              },
            ],
          },
        ],
      },
    ],
  });
}

/** Lines the old parser spent O(n²) or worse on: a V8 location followed by a long tail, and Firefox quote runs. */
function adversarialStack(size: number): string {
  const lines = [
    `    at x:1 ${'a'.repeat(8000)}`,
    `f${'"'.repeat(8000)}@x.js:1:2`,
    `    at ${'a ('.repeat(2000)}x.js:1:2`,
  ];
  let out = 'Error: boom\n    at handler (https://shop.example/app.js:10:5)\n';
  for (let i = 0; out.length < size; i++) out += lines[i % lines.length] + '\n';
  return out.slice(0, size);
}

let processor: RunningProcessor;
beforeAll(async () => {
  processor = await startTestProcessor();
});
afterAll(() => processor.stop());

it('answers a 324 KB adversarial stack and a concurrent normal request promptly, storing the row as truncated', async () => {
  const a = await createProject(processor.url);
  const b = await createProject(processor.url);
  const post = async (key: string, body: string) => {
    const started = Date.now();
    const res = await fetch(`${processor.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulsetrace-key': key },
      body,
    });
    return { status: res.status, ms: Date.now() - started };
  };
  const stack = adversarialStack(324 * 1024);
  const normal = 'TypeError: x is undefined\n    at render (https://shop.example/app.js:3:7)';
  const [attack, other] = await Promise.all([
    post(a.ingestKey, errorLog('attack', stack)),
    post(b.ingestKey, errorLog('normal', normal)),
  ]);
  expect([attack.status, other.status]).toEqual([200, 200]);
  // The old parser needed minutes for this stack; a bound far above a normal answer, far below that.
  expect(other.ms).toBeLessThan(10_000);
  expect(attack.ms).toBeLessThan(10_000);

  const rows = async (projectId: string) => {
    const result = await processor.store.client.query({
      query: `SELECT truncated, length(stacktrace) AS chars, frames.function AS functions FROM errors WHERE project_id = {p:String}`,
      query_params: { p: projectId },
      format: 'JSONEachRow',
    });
    return result.json<{ truncated: number; chars: number; functions: string[] }>();
  };
  await until(
    async () => (await rows(b.id)).length === 1 && (await rows(a.id)).length === 1,
    10_000,
    'both rows stored',
  );
  const [stored] = await rows(a.id);
  expect(Number(stored.truncated)).toBeGreaterThan(0);
  expect(Number(stored.chars)).toBeLessThanOrEqual(65536);
  expect(stored.functions[0]).toBe('handler');
  expect(Number((await rows(b.id))[0].truncated)).toBe(0);
});
