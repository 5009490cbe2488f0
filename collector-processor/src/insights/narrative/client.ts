/**
 * A minimal OpenAI-compatible chat-completions client (Ollama, vLLM, llama.cpp server and hosted
 * APIs all speak it): one POST {baseUrl}/chat/completions, no streaming. Node's fetch with one
 * deadline for connecting, waiting and reading, a cap on the body read (a misbehaving server
 * cannot make the processor buffer megabytes), and zod on the answer. Never throws: every way
 * a call can go wrong is an outcome the narrator logs and counts.
 */
import { z } from 'zod';

export interface LlmConfig {
  /** E.g. http://localhost:11434/v1; unset: the narrative is off. */
  baseUrl?: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxInputBytes: number;
  maxTokens: number;
}

/** An answer of a few sentences is a few KB even with metadata; more is not an answer. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** How much of an error body goes into the log line. */
const ERROR_EXCERPT = 300;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const ChatResponseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ role: z.string().optional(), content: z.string().nullable() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .optional(),
});

/** OpenAI's error body (`{"error": {"message", "type", "code"}}`); servers differ in the rest. */
const ErrorBodySchema = z.object({ error: z.object({ message: z.string() }).or(z.string()) });

export type CallOutcome =
  'ok' | 'timeout' | 'network_error' | 'http_error' | 'too_large' | 'invalid_response' | 'truncated';

export interface CallResult {
  outcome: CallOutcome;
  durationMs: number;
  content?: string;
  usage?: { promptTokens: number; completionTokens: number };
  httpStatus?: number;
  error?: string;
}

class TooLarge extends Error {}

/** The body as text, refusing (and cancelling the stream) past `limit` bytes. */
async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLarge(`content-length ${declared}`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorExcerpt(body: string): string {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) {
      const e = parsed.data.error;
      return (typeof e === 'string' ? e : e.message).slice(0, ERROR_EXCERPT);
    }
  } catch {
    // not JSON: the raw text, shortened
  }
  return body.slice(0, ERROR_EXCERPT);
}

/** One chat completion at temperature 0 (the same evidence should read the same way). */
export async function chatCompletion(
  cfg: LlmConfig & { baseUrl: string },
  messages: ChatMessage[],
  maxResponseBytes = MAX_RESPONSE_BYTES,
): Promise<CallResult> {
  const started = performance.now();
  const done = (r: Omit<CallResult, 'durationMs'>): CallResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  // Checked on failure instead of the error's class: errors from fetch may come from another realm.
  const signal = AbortSignal.timeout(cfg.timeoutMs);
  try {
    const res = await fetch(`${cfg.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: cfg.model,
        messages,
        temperature: 0,
        max_tokens: cfg.maxTokens,
        stream: false,
      }),
      signal,
      redirect: 'error',
    });
    const text = await readLimited(res, maxResponseBytes);
    if (!res.ok) return done({ outcome: 'http_error', httpStatus: res.status, error: errorExcerpt(text) });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return done({ outcome: 'invalid_response', httpStatus: res.status, error: 'body is not JSON' });
    }
    const parsed = ChatResponseSchema.safeParse(json);
    if (!parsed.success)
      return done({
        outcome: 'invalid_response',
        httpStatus: res.status,
        error: parsed.error.issues[0]?.message,
      });
    const choice = parsed.data.choices[0];
    const usage = parsed.data.usage && {
      promptTokens: parsed.data.usage.prompt_tokens,
      completionTokens: parsed.data.usage.completion_tokens,
    };
    // Cut off by max_tokens: half a sentence is not a summary. Some servers (cyllama) always say
    // `stop`, so a completion of max_tokens tokens counts as cut off too.
    if (choice.finish_reason === 'length' || (usage && usage.completionTokens >= cfg.maxTokens))
      return done({ outcome: 'truncated', httpStatus: res.status, usage });
    return done({ outcome: 'ok', httpStatus: res.status, content: choice.message.content ?? '', usage });
  } catch (err) {
    if (err instanceof TooLarge) return done({ outcome: 'too_large', error: err.message });
    if (signal.aborted) return done({ outcome: 'timeout', error: `no answer within ${cfg.timeoutMs} ms` });
    const cause =
      err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return done({ outcome: 'network_error', error: cause.slice(0, ERROR_EXCERPT) });
  }
}
