import { urlProblem } from './AppConfig';
import { snippetEndpoint } from './endpoint';
import { testEventQuery, testEventRequest } from './queries';
import { setupStateFromUrl } from './setupScene';
import {
  arrivalText,
  describeSendFailure,
  framesHaveTestId,
  keptSessionId,
  pollUntil,
  sendTestEvent,
  sessionSampleValue,
  TEST_EVENT_NAME,
  testEventPayload,
  tracesUrl,
} from './testEvent';

describe('test event', () => {
  it.each([
    ['https://rum.example.com', 'https://rum.example.com/v1/traces'],
    ['https://rum.example.com/', 'https://rum.example.com/v1/traces'],
    ['https://rum.example.com/v1/traces', 'https://rum.example.com/v1/traces'],
  ])('posts to %s as %s (as the SDK does)', (endpoint, url) => {
    expect(tracesUrl(endpoint)).toBe(url);
  });

  it.each<[string, { status?: number; body?: string }, string[], RegExp]>([
    [
      'unreachable, origin not allowed',
      {},
      ['https://shop.example'],
      /origin https:\/\/grafana.example is not in the project's allowed origins/,
    ],
    [
      'unreachable, origin allowed',
      {},
      ['https://grafana.example'],
      /could not reach https:\/\/rum.example.com\/v1\/traces.*public URL/,
    ],
    ['unreachable, * allowed', {}, ['*'], /could not reach/],
    [
      'wrong key',
      { status: 401, body: 'unknown or expired ingest key' },
      ['*'],
      /refused the project's ingest key \(401: unknown or expired ingest key\)/,
    ],
    ['not a processor', { status: 404 }, ['*'], /not a PulseTrace processor/],
    ['rate limited', { status: 429 }, ['*'], /rate limit/],
    ['other', { status: 500, body: 'boom' }, ['*'], /answered 500: boom/],
  ])('explains a failed send: %s', (_name, failure, allowedOrigins, expected) => {
    const ctx = { endpoint: 'https://rum.example.com', origin: 'https://grafana.example', allowedOrigins };
    expect(describeSendFailure(ctx, failure)).toMatch(expected);
  });

  it('picks a session id the project keeps', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    expect(keptSessionId(0, random)).toBeUndefined();
    for (const rate of [0.01, 0.3, 1]) {
      const id = keptSessionId(rate, random)!;
      expect(sessionSampleValue(id)).toBeLessThan(rate);
    }
  });

  it('builds the SDK’s span form of track(name, {test_id})', () => {
    const payload = testEventPayload({ testId: 'abc', sessionId: 's1', at: 1_700_000_000_123, pageUrl: 'https://g/x' });
    const span = payload.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.name).toBe('pulsetrace.event');
    expect(span.startTimeUnixNano).toBe('1700000000123000000');
    expect(span.attributes).toEqual(
      expect.arrayContaining([
        { key: 'pulsetrace.event.name', value: { stringValue: TEST_EVENT_NAME } },
        { key: 'pulsetrace.body.test_id', value: { stringValue: 'abc' } },
      ])
    );
  });

  it('sends with the key header and reads the processor’s reason', async () => {
    const calls: Array<[string, RequestInit]> = [];
    const ok = await sendTestEvent('https://rum.example.com/', 'pt_k', { a: 1 }, (async (
      url: string,
      init: RequestInit
    ) => {
      calls.push([url, init]);
      return { ok: false, status: 401, text: async () => JSON.stringify({ error: 'nope' }) } as Response;
    }) as typeof fetch);
    expect(calls[0]![0]).toBe('https://rum.example.com/v1/traces');
    expect(calls[0]![1].headers).toEqual({ 'content-type': 'application/json', 'x-pulsetrace-key': 'pt_k' });
    expect(ok).toEqual({ ok: false, status: 401, body: 'nope' });
    const unreachable = await sendTestEvent('https://x', 'k', {}, (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    expect(unreachable).toEqual({ ok: false });
  });

  it('finds the test id in a properties frame', () => {
    const frame = {
      schema: { fields: [{ name: 'value' }, { name: 'count' }] },
      data: {
        values: [
          ['a', 'b'],
          [1, 1],
        ],
      },
    };
    expect(framesHaveTestId([frame], 'b')).toBe(true);
    expect(framesHaveTestId([frame], 'c')).toBe(false);
    expect(framesHaveTestId([], 'b')).toBe(false);
  });

  it('polls until found, counting errors as not yet, and gives up after the timeout', async () => {
    let t = 0;
    const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };
    const answers = [false, Promise.reject(new Error('502')), true];
    let i = 0;
    const found = await pollUntil({ check: () => Promise.resolve(answers[i++]!), intervalMs: 500, ...clock });
    expect(found).toBe(1000);
    t = 0;
    expect(
      await pollUntil({ check: async () => false, intervalMs: 1000, timeoutMs: 30_000, ...clock })
    ).toBeUndefined();
    expect(t).toBe(30_000);
  });

  it.each([
    [1400, 'arrived 1.4 s after sending'],
    [250, 'arrived 0.3 s after sending'],
    [12_400, 'arrived 12 s after sending'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(arrivalText(ms)).toBe(text);
  });

  it('polls with the data source’s request body: literal project, the test name, no page filters, bots included', () => {
    const body = testEventRequest('p1', 100_000, 200_000);
    expect(body).toMatchObject({
      refId: 'testEvent',
      type: 'custom_events',
      project: 'p1',
      from: 40_000,
      to: 260_000,
      view: 'properties',
      names: [TEST_EVENT_NAME],
      propertyKey: 'test_id',
      includeBots: true,
    });
    expect(body.filters ?? {}).toEqual({});
    expect(testEventQuery('p1').datasource).toEqual({ type: 'pulsetrace-rum-datasource', uid: '${ds}' });
  });
});

describe('snippet endpoint', () => {
  it.each<[string, { publicUrl?: string } | undefined, string | undefined, string, RegExp]>([
    [
      'the app setting wins',
      { publicUrl: 'https://rum.example.com' },
      'http://processor:4318',
      'https://rum.example.com',
      /public URL setting/,
    ],
    [
      'the data source URL, internal-looking',
      undefined,
      'http://processor:4318',
      'http://processor:4318',
      /only Grafana’s server/,
    ],
    [
      'the data source URL, public-looking',
      {},
      'https://rum.example.com',
      'https://rum.example.com',
      /If browsers reach/,
    ],
    ['nothing', {}, undefined, '', /set the public URL/],
  ])('%s', (_name, app, dsUrl, url, note) => {
    const e = snippetEndpoint(app, dsUrl);
    expect(e.url).toBe(url);
    expect(e.note).toMatch(note);
  });
});

describe('setup URL state', () => {
  it.each([
    [{}, { tab: 'projects', install: 'npm', projectId: undefined }],
    [
      { tab: 'install', project: 'p1', install: 'loader' },
      { tab: 'install', install: 'loader', projectId: 'p1' },
    ],
    [
      { tab: 'nonsense', install: 'curl', project: '' },
      { tab: 'projects', install: 'npm', projectId: undefined },
    ],
    [{ tab: ['tokens'] }, { tab: 'tokens', install: 'npm', projectId: undefined }],
  ])('%j', (values, state) => {
    expect(setupStateFromUrl(values)).toEqual(state);
  });
});

describe('app settings URLs', () => {
  it.each([
    ['', undefined],
    ['https://rum.example.com', undefined],
    ['http://localhost:4318', undefined],
    ['rum.example.com', /http:\/\/ or https:\/\//],
    ['ftp://rum.example.com', /http:\/\/ or https:\/\//],
  ])('%j', (value, problem) => {
    const found = urlProblem(value);
    if (problem) {
      expect(found).toMatch(problem);
    } else {
      expect(found).toBeUndefined();
    }
  });
});
