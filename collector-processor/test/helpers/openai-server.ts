/**
 * A local OpenAI-compatible chat-completions server for the narrative's failure tests: the real
 * llama.cpp server (test/insights-narrative-llm.test.ts) cannot be made to hang, fail or lie on
 * cue. It speaks the protocol as OpenAI documents it: POST /v1/chat/completions with a JSON body
 * (`model`, `messages` required), bearer auth when a key is set (401 otherwise), responses
 * `{id, object: "chat.completion", created, model, choices: [{index, message, logprobs,
 * finish_reason}], usage: {prompt_tokens, completion_tokens, total_tokens}}`, errors as
 * `{"error": {"message", "type", "param", "code"}}`. No streaming. Each request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { kind: 'answer'; content: string; finishReason?: 'stop' | 'length'; usage?: boolean }
  | { kind: 'error'; status: number; message: string; type?: string }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with a valid-looking answer padded to `bytes`. */
  | { kind: 'huge'; bytes: number }
  /** Headers are never sent: the client's timeout must end it. */
  | { kind: 'hang' }
  /** Headers and the start of a body, then nothing: the timeout must cover reading the body. */
  | { kind: 'stall' };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { model: string; messages: Array<{ role: string; content: string }>; [k: string]: unknown };
}

export interface OpenAiServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** What the next requests get (until changed). */
  reply(r: Reply): void;
  close(): Promise<void>;
}

/** Whitespace-separated words: a stand-in tokenizer, so usage numbers are real counts of something. */
const tokens = (s: string) => s.split(/\s+/).filter(Boolean).length;

function sendError(
  res: http.ServerResponse,
  status: number,
  message: string,
  type = 'invalid_request_error',
) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
}

export async function startOpenAiServer(opts: { apiKey?: string } = {}): Promise<OpenAiServer> {
  let current: Reply = { kind: 'answer', content: 'Nothing to report.' };
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      if (req.method !== 'POST' || path !== '/v1/chat/completions')
        return sendError(res, 404, `Unknown request URL: ${req.method} ${path}`);
      if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`)
        return sendError(res, 401, 'Incorrect API key provided', 'invalid_api_key');
      let json: RecordedRequest['json'];
      try {
        json = JSON.parse(body) as RecordedRequest['json'];
      } catch {
        return sendError(res, 400, 'We could not parse the JSON body of your request.');
      }
      if (typeof json.model !== 'string' || !Array.isArray(json.messages) || json.messages.length === 0)
        return sendError(res, 400, "'model' and 'messages' are required properties");
      requests.push({ path, headers: req.headers, body, json });
      const r = current;
      if (r.kind === 'hang') return; // never answered; close() destroys the socket
      if (r.kind === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.write('{"id": "chatcmpl-1", ');
      }
      if (r.kind === 'error') return sendError(res, r.status, r.message, r.type ?? 'server_error');
      if (r.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"id": "chatcmpl-1", "choices": [{"message": ');
      }
      const content = r.kind === 'huge' ? 'x'.repeat(r.bytes) : r.content;
      const promptTokens = json.messages.reduce((n, m) => n + tokens(m.content), 0);
      const completionTokens = tokens(content);
      const answer = {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: json.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content },
            logprobs: null,
            finish_reason: r.kind === 'answer' ? (r.finishReason ?? 'stop') : 'stop',
          },
        ],
        ...(r.kind === 'answer' && r.usage === false
          ? {}
          : {
              usage: {
                prompt_tokens: promptTokens,
                completion_tokens: completionTokens,
                total_tokens: promptTokens + completionTokens,
              },
            }),
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      const text = JSON.stringify(answer);
      // A big answer goes out chunked (no Content-Length), so the client's cap on the read is tested.
      for (let i = 0; i < text.length; i += 16_384) res.write(text.slice(i, i + 16_384));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (r) => (current = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
