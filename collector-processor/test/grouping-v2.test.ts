/**
 * Fingerprint v2 end to end: OTLP exception events as Chromium and Firefox throw the same faults,
 * through a real processor (every pipeline stage, WAL, embedded ClickHouse), then the stored
 * fingerprints, the "why grouped" explanation and the issue titles the issues API serves.
 */
import { FINGERPRINT_VERSION, type Grouping } from '../src/fingerprint';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

const APP = 'https://shop.example/assets/app-3f9a2b1c.js';
const SDK = 'https://cdn.example.com/pulsetrace/pulsetrace.min.js';

interface Thrown {
  id: string;
  name: string;
  message: string;
  stack: string;
}

/** `class PaymentError extends Error` thrown in `pay`; Firefox prints the constructors too. */
const PAYMENT_CHROMIUM: Thrown = {
  id: 'payment-chromium',
  name: 'PaymentError',
  message: 'Payment 4411 declined',
  stack: [
    'Error: Payment 4411 declined',
    `    at pay (${APP}:20:11)`,
    `    at HTMLButtonElement.onClick (${APP}:30:5)`,
    `    at HTMLButtonElement.n (${SDK}:1:2345)`,
  ].join('\n'),
};
const PAYMENT_FIREFOX: Thrown = {
  id: 'payment-firefox',
  name: 'PaymentError',
  message: 'Payment 4412 declined',
  stack: [
    `PaymentError@${APP}:3:5`,
    `AppError@${APP}:1:30`,
    `pay@${APP}:20:11`,
    `onClick@${APP}:30:5`,
    `n@${SDK}:1:2345`,
    'f@pptr:evaluate;x:1:2',
  ].join('\n'),
};
/** One property read, worded by each engine: the issue keeps the first event's wording. */
const READ_CHROMIUM: Thrown = {
  id: 'read-chromium',
  name: 'TypeError',
  message: "Cannot read properties of undefined (reading 'id')",
  stack: ["TypeError: Cannot read properties of undefined (reading 'id')", `    at load (${APP}:40:20)`].join(
    '\n',
  ),
};
const READ_FIREFOX: Thrown = {
  id: 'read-firefox',
  name: 'TypeError',
  message: 'can\'t access property "id", cart is undefined',
  stack: `load@${APP}:40:20\nasync*checkout@${APP}:50:3`,
};
const chunk = (id: string, url: string): Thrown => ({
  id,
  name: 'TypeError',
  message: `Failed to fetch dynamically imported module: ${url}`,
  stack: '',
});

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

let sequence = 0;
function logs(thrown: Thrown[]) {
  const base = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'shop'), str('service.version', '2.0.0')] },
        scopeLogs: [
          {
            scope: { name: 'pulsetrace-browser' },
            logRecords: thrown.map((t) => ({
              timeUnixNano: String(base + BigInt(++sequence) * 1000n),
              eventName: 'exception',
              severityNumber: 17,
              attributes: [
                str('exception.type', t.name),
                str('exception.message', t.message),
                str('exception.stacktrace', t.stack),
                str('test.case', t.id),
              ],
            })),
          },
        ],
      },
    ],
  };
}

// Starting chDB and migrating takes seconds on a busy machine.
jest.setTimeout(60_000);

let p: RunningProcessor;
let project = '';
let ingestKey = '';
const stored = new Map<string, { fingerprint: string; fingerprint_version: number; grouping: Grouping }>();

async function send(thrown: Thrown[]) {
  const res = await fetch(`${p.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
    body: JSON.stringify(logs(thrown)),
  });
  expect(res.status).toBe(200);
  await p.drained();
}

async function issue(fingerprint: string) {
  const res = await api<{ title: string; events: number; groupingExplanation: string }>(
    p.url,
    ADMIN_TOKEN,
    'GET',
    `/projects/${project}/issues/${fingerprint}`,
  );
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000' });
  ({ id: project, ingestKey } = await createProject(p.url));
  // Separate requests, so the first event of each issue is received first.
  await send([
    PAYMENT_CHROMIUM,
    READ_CHROMIUM,
    chunk('chunk-a', 'https://shop.example/assets/Settings-DyQ2hn3k.js'),
  ]);
  await send([
    PAYMENT_FIREFOX,
    READ_FIREFOX,
    chunk('chunk-b', 'https://shop.example/assets/Cart-Bx81aP0q.js'),
  ]);
  const result = await p.store.client.query({
    query: `SELECT attributes['test.case'] AS id, fingerprint, fingerprint_version, grouping
            FROM errors WHERE project_id = {p:String}`,
    query_params: { p: project },
    format: 'JSONEachRow',
  });
  for (const r of await result.json<{
    id: string;
    fingerprint: string;
    fingerprint_version: number;
    grouping: string;
  }>())
    stored.set(r.id, { ...r, grouping: JSON.parse(r.grouping) as Grouping });
  expect(stored.size).toBe(6);
});
afterAll(() => p?.stop());

describe('fingerprint v2 through the processor', () => {
  it('groups the Chromium and Firefox stacks of one fault as one issue, with version 2 stored', () => {
    const chrome = stored.get('payment-chromium')!;
    const firefox = stored.get('payment-firefox')!;
    expect(FINGERPRINT_VERSION).toBe(2);
    expect([chrome.fingerprint_version, firefox.fingerprint_version]).toEqual([2, 2]);
    expect(firefox.fingerprint).toBe(chrome.fingerprint);
    // The app wrote the message, so it counts with the crash site (ids replaced).
    expect(chrome.grouping.components).toEqual([
      'PaymentError',
      'pay (assets/app.js)',
      'Payment <num> declined',
    ]);
    expect(stored.get('read-firefox')!.fingerprint).toBe(stored.get('read-chromium')!.fingerprint);
  });

  it('stores which frames counted and why the others did not', () => {
    expect(stored.get('payment-firefox')!.grouping.frames).toEqual([
      { frame: 'PaymentError (assets/app.js)', counted: false, reason: 'constructor' },
      { frame: 'AppError (assets/app.js)', counted: false, reason: 'constructor' },
      { frame: 'pay (assets/app.js)', counted: true },
      { frame: 'onClick (assets/app.js)', counted: false, reason: 'caller' },
      { frame: 'n (pulsetrace/pulsetrace.min.js)', counted: false, reason: 'sdk' },
      { frame: 'f (pptr:evaluate;x)', counted: false, reason: 'foreign_scheme' },
    ]);
  });

  it('the issue API explains the excluded frames', async () => {
    const body = await issue(stored.get('payment-chromium')!.fingerprint);
    expect(body.events).toBe(2);
    expect(body.groupingExplanation).toContain(
      'Not counted: PaymentError (assets/app.js) (Error-subclass constructor',
    );
  });

  it('titles an issue by its first event, numbers and ids replaced, whatever later events say', async () => {
    expect((await issue(stored.get('payment-chromium')!.fingerprint)).title).toBe(
      'PaymentError: Payment <num> declined',
    );
    const read = await issue(stored.get('read-chromium')!.fingerprint);
    expect(read.events).toBe(2);
    expect(read.title).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    const listed = await api<{ issues: Array<{ id: string; title: string }> }>(
      p.url,
      ADMIN_TOKEN,
      'GET',
      `/projects/${project}/issues`,
    );
    expect(listed.body.issues.find((i) => i.id === stored.get('read-chromium')!.fingerprint)?.title).toBe(
      read.title,
    );
  });

  it('titles a chunk-load issue by the failure, not by one chunk URL', async () => {
    expect(stored.get('chunk-b')!.fingerprint).toBe(stored.get('chunk-a')!.fingerprint);
    const body = await issue(stored.get('chunk-a')!.fingerprint);
    expect(body.title).toBe('TypeError: Failed to fetch dynamically imported module');
  });
});
