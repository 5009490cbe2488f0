/**
 * The narrator against a local OpenAI-compatible server (helpers/openai-server.ts) that answers,
 * fails, hangs or lies on cue: what becomes the card's summary, what is sent, what is logged.
 * The same client against a real llama.cpp server: insights-narrative-llm.test.ts.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import client from 'prom-client';

import { loadConfig } from '../src/config/config';
import { createNarrator, PROMPT_VERSION, TEMPLATE_VERSION, templateSummary } from '../src/insights/narrative';
import type { LlmConfig } from '../src/insights/narrative/client';
import { candidate } from '../src/insights/narrative/testkit';
import { startOpenAiServer, type OpenAiServer, type Reply } from './helpers/openai-server';

type LogLine = Record<string, unknown> & { msg: string };

function capturingLogger() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      cb();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const TIMEOUT_MS = 400;
let server: OpenAiServer;
beforeAll(async () => {
  server = await startOpenAiServer({ apiKey: 'sk-test' });
});
afterAll(() => server.close());
beforeEach(() => (server.requests.length = 0));

const llm = (overrides: Partial<LlmConfig> = {}): { llm: LlmConfig } => ({
  llm: {
    baseUrl: server.baseUrl,
    model: 'tiny',
    apiKey: 'sk-test',
    timeoutMs: TIMEOUT_MS,
    maxInputBytes: 8192,
    maxTokens: 200,
    ...overrides,
  },
});

const GOOD =
  'LCP p75 on /checkout went from 2410 to 3180 ms after release 1.4.2, mostly from the new hero image.\nNext step: compare the hero image of 1.4.2 with 1.4.1.';

it('a good answer becomes the summary; the call is logged with its duration and token counts', async () => {
  const { log, lines } = capturingLogger();
  const registry = new client.Registry();
  const narrate = createNarrator(llm(), log, { registry });
  server.reply({ kind: 'answer', content: `  ${GOOD}  ` });
  await expect(narrate(candidate())).resolves.toEqual({
    summary: GOOD,
    source: 'llm',
    promptVersion: PROMPT_VERSION,
  });

  const [req] = server.requests;
  expect(req.headers.authorization).toBe('Bearer sk-test');
  expect(req.json).toMatchObject({ model: 'tiny', temperature: 0, max_tokens: 200, stream: false });
  expect(req.json.messages.map((m) => m.role)).toEqual(['system', 'user']);
  expect(req.json.messages[0].content).toContain(
    'Never state a number that is not written in the evidence pack',
  );
  expect(req.json.messages[1].content).toContain('"metric":"web_vital.LCP.p75"');

  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    outcome: 'ok',
    model: 'tiny',
    promptVersion: PROMPT_VERSION,
    completionTokens: GOOD.split(/\s+/).length,
  });
  expect(lines[0].durationMs).toEqual(expect.any(Number));
  expect(lines[0].promptTokens).toBeGreaterThan(100);
  const metrics = await registry.metrics();
  expect(metrics).toContain('pulsetrace_insight_narrative_calls_total{outcome="ok"} 1');
  expect(metrics).toContain(
    `pulsetrace_insight_narrative_tokens_total{kind="completion"} ${GOOD.split(/\s+/).length}`,
  );
  expect(metrics).toContain('pulsetrace_insight_narrative_duration_seconds_count{outcome="ok"} 1');
});

// Every failure gives the template, within the timeout, and says why in the log line.
it.each<[string, Reply | 'wrong key' | 'refused', Record<string, unknown>]>([
  ['a timeout', { kind: 'hang' }, { outcome: 'timeout' }],
  [
    'an HTTP 500',
    { kind: 'error', status: 500, message: 'model crashed' },
    { outcome: 'http_error', httpStatus: 500, error: 'model crashed' },
  ],
  [
    'a 401 (wrong key)',
    'wrong key',
    { outcome: 'http_error', httpStatus: 401, error: 'Incorrect API key provided' },
  ],
  ['malformed JSON', { kind: 'malformed' }, { outcome: 'invalid_response' }],
  ['an oversized body', { kind: 'huge', bytes: 200_000 }, { outcome: 'too_large' }],
  [
    'an invented number',
    { kind: 'answer', content: 'LCP rose by 770 ms (32 %) in 1.4.2.' },
    { outcome: 'rejected', reason: 'invented_number', detail: '770, 32' },
  ],
  ['an empty answer', { kind: 'answer', content: ' ' }, { outcome: 'rejected', reason: 'empty' }],
  [
    'an answer cut by max_tokens',
    { kind: 'answer', content: GOOD, finishReason: 'length' },
    { outcome: 'truncated' },
  ],
  ['a refused connection', 'refused', { outcome: 'network_error' }],
])('%s falls back to the template', async (_name, reply, logged) => {
  const { log, lines } = capturingLogger();
  const config =
    reply === 'wrong key'
      ? llm({ apiKey: 'sk-wrong' })
      : reply === 'refused'
        ? llm({ baseUrl: 'http://127.0.0.1:9/v1' })
        : llm();
  if (typeof reply !== 'string') server.reply(reply);
  const c = candidate();
  const started = Date.now();
  await expect(createNarrator(config, log)(c)).resolves.toEqual({
    summary: templateSummary(c),
    source: 'template',
    promptVersion: TEMPLATE_VERSION,
  });
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 300);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ ...logged, level: 40 });
  expect(lines[0].durationMs).toEqual(expect.any(Number));
});

it('takes an answer of max_tokens tokens as cut off, for servers that always say "stop"', async () => {
  const { log, lines } = capturingLogger();
  server.reply({ kind: 'answer', content: GOOD }); // finish_reason "stop", more words than max_tokens
  const c = candidate();
  await expect(createNarrator(llm({ maxTokens: 10 }), log)(c)).resolves.toMatchObject({ source: 'template' });
  expect(lines[0]).toMatchObject({ outcome: 'truncated', completionTokens: GOOD.split(/\s+/).length });
});

it('a server that sends its headers and then stalls is cut off by the same deadline', async () => {
  const { log, lines } = capturingLogger();
  server.reply({ kind: 'stall' });
  const started = Date.now();
  await expect(createNarrator(llm(), log)(candidate())).resolves.toMatchObject({ source: 'template' });
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 300);
  expect(lines[0]).toMatchObject({ outcome: 'timeout' });
});

it('sends no query string, e-mail address or other scrubbed value, even when the candidate carries them', async () => {
  const { log } = capturingLogger();
  server.reply({ kind: 'answer', content: GOOD });
  await createNarrator(
    llm(),
    log,
  )(
    candidate({
      title:
        'Errors for jane.doe@example.com on https://shop.example.com/pay?session=s3cr3tv4lue&card=4111111111111111#step',
      scope: { route: '/users/jane.doe@example.com', 'user.email': 'jane.doe@example.com' },
      hypotheses: [
        {
          title: 'url = https://api.example.com/v1/orders?token=abcdef123456&email=bob%40example.org',
          score: 0.9,
          evidence: [
            { segment: 'client 4111 1111 1111 1111', header: 'Authorization: Bearer abcdefghijklmnop1234' },
          ],
          queries: [{ filters: { url: 'https://api.example.com/v1/orders?token=abcdef123456' } }],
        },
      ],
    }),
  );
  const { body } = server.requests[0];
  for (const secret of [
    'jane.doe',
    'example.com/pay?',
    's3cr3tv4lue',
    '4111',
    'token=',
    'abcdef123456',
    'bob',
    'abcdefghijklmnop1234',
    '#step',
  ])
    expect(body).not.toContain(secret);
  expect(body).toContain('https://shop.example.com/pay');
  expect(body).toContain('https://api.example.com/v1/orders');
});

it('is off without a base URL: the template, and no request', async () => {
  const { log, lines } = capturingLogger();
  const c = candidate();
  await expect(createNarrator(llm({ baseUrl: undefined }), log)(c)).resolves.toEqual({
    summary: templateSummary(c),
    source: 'template',
    promptVersion: TEMPLATE_VERSION,
  });
  expect(server.requests).toHaveLength(0);
  expect(lines).toHaveLength(0);
});

it('answers the template at once past the concurrency limit instead of queueing', async () => {
  const { log, lines } = capturingLogger();
  server.reply({ kind: 'hang' });
  const narrate = createNarrator(llm(), log);
  const results = await Promise.all(Array.from({ length: 5 }, () => narrate(candidate())));
  expect(results.every((r) => r.source === 'template')).toBe(true);
  expect(lines.map((l) => l.outcome).sort()).toEqual(['busy', 'timeout', 'timeout', 'timeout', 'timeout']);
});

describe('configuration', () => {
  it('is off by default, with the documented defaults', () => {
    expect(loadConfig({}).llm).toEqual({
      baseUrl: undefined,
      model: '',
      apiKey: undefined,
      timeoutMs: 10_000,
      maxInputBytes: 8192,
      maxTokens: 300,
    });
  });
  it('reads the PULSETRACE_LLM_* variables', () => {
    const env = {
      PULSETRACE_LLM_BASE_URL: 'http://localhost:11434/v1',
      PULSETRACE_LLM_MODEL: 'llama3.2',
      PULSETRACE_LLM_API_KEY: 'sk-x',
      PULSETRACE_LLM_TIMEOUT_MS: '5000',
      PULSETRACE_LLM_MAX_INPUT_BYTES: '4096',
      PULSETRACE_LLM_MAX_TOKENS: '150',
    };
    expect(loadConfig(env).llm).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.2',
      apiKey: 'sk-x',
      timeoutMs: 5000,
      maxInputBytes: 4096,
      maxTokens: 150,
    });
  });
  it.each<[Record<string, string>, RegExp]>([
    [{ PULSETRACE_LLM_BASE_URL: 'http://localhost:11434/v1' }, /PULSETRACE_LLM_MODEL must name the model/],
    [{ PULSETRACE_LLM_BASE_URL: 'localhost:11434', PULSETRACE_LLM_MODEL: 'm' }, /PULSETRACE_LLM_BASE_URL/],
    [{ PULSETRACE_LLM_TIMEOUT_MS: '0' }, /PULSETRACE_LLM_TIMEOUT_MS/],
  ])('rejects %j', (env, message) => expect(() => loadConfig(env)).toThrow(message));
});
