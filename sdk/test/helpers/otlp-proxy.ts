/**
 * A recording HTTP proxy between the page and the processor. It logs every OTLP request the
 * browser sent (decoded with the processor's own decoder) and the processor's answer, so a test
 * failure can say what was sent and what landed; `setOnline(false)` cuts the network: open
 * connections are destroyed and new ones are reset before any byte is read.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';
import { decodeOtlp } from '../../../collector-processor/src/otlp';
import type { AttrValue, DecodedRequest } from '../../../collector-processor/src/pipeline/types';

export interface ProxiedRequest {
  at: number;
  method: string;
  path: string;
  origin: string;
  contentType: string;
  /** 'header' | 'query' | 'none': where the ingest key travelled. */
  keyIn: string;
  /** The SDK's idempotency id (x-pulsetrace-batch header or ?batch=). */
  batch: string;
  bytes: number;
  status?: number;
  /** When the browser got the answer (undefined: still in flight, or dropped). */
  answeredAt?: number;
  /** The processor's answer when it was not 2xx. */
  answer?: string;
  decoded?: DecodedRequest;
  decodeError?: string;
}

export interface OtlpProxy {
  url: string;
  requests: ProxiedRequest[];
  online: boolean;
  /**
   * Lost answers: requests still reach the processor (and are stored), but the browser's
   * connection is reset instead of getting the answer, as when the network drops mid-request.
   */
  dropAnswers: boolean;
  /** A slow network: POST answers are held back this long. */
  answerDelayMs: number;
  /** Connections and requests cut while offline. */
  refused: number;
  setOnline(online: boolean): void;
  /** Every decoded record (spans, span events, log records) as one line each. */
  describe(since?: number): string;
  close(): Promise<void>;
}

const INTERESTING = [
  'pulsetrace.event.name',
  'browser.web_vital.name',
  'browser.web_vital.value',
  'exception.type',
  'exception.message',
  'pulsetrace.exception.mechanism',
  'browser.navigation.same_document',
  'url.full',
  'http.response.status_code',
  'session.id',
  'session.previous_id',
  'user.id',
  'pulsetrace.page_view.id',
  'uid',
  'pulsetrace.body.uid',
];

function brief(attrs: Record<string, AttrValue>): string {
  return INTERESTING.filter((k) => attrs[k] !== undefined && attrs[k] !== '')
    .map((k) => `${k}=${JSON.stringify(attrs[k])}`.slice(0, 160))
    .join(' ');
}

/** One line per record: what the processor was asked to store. */
export function describeDecoded(req: DecodedRequest): string[] {
  const out: string[] = [];
  for (const resource of req.resources) {
    for (const scope of resource.scopes) {
      for (const s of scope.spans) {
        out.push(`  span ${s.name} trace=${s.traceId} span=${s.spanId} ${brief(s.attributes)}`);
        for (const e of s.events) out.push(`    event ${e.name} ${brief(e.attributes)}`);
      }
      for (const l of scope.logs) {
        const name = l.eventName || String(l.attributes['event.name'] ?? '');
        const body = l.body && typeof l.body === 'object' && !Array.isArray(l.body) ? l.body : {};
        out.push(`  log ${name} ${brief({ ...body, ...l.attributes })}`);
      }
    }
  }
  return out;
}

const NO_REQUEST = { origin: '', contentType: '', keyIn: '', batch: '', bytes: 0 };

export async function startOtlpProxy(target: string): Promise<OtlpProxy> {
  const sockets = new Set<Socket>();
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    if (!proxy.online) {
      proxy.refused++;
      return req.socket.destroy();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const contentType = String(req.headers['content-type'] ?? '');
      const entry: ProxiedRequest = {
        at: Date.now(),
        method: req.method ?? '',
        path: req.url ?? '',
        origin: String(req.headers.origin ?? ''),
        contentType,
        keyIn: req.headers['x-pulsetrace-key'] ? 'header' : url.searchParams.has('key') ? 'query' : 'none',
        batch: String(req.headers['x-pulsetrace-batch'] ?? url.searchParams.get('batch') ?? ''),
        bytes: body.length,
      };
      requests.push(entry);
      const signal = url.pathname === '/v1/traces' ? 'traces' : url.pathname === '/v1/logs' ? 'logs' : null;
      if (signal && req.method === 'POST') {
        try {
          const raw = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body;
          entry.decoded = decodeOtlp(signal, raw, contentType.includes('json') ? 'json' : 'protobuf');
        } catch (err) {
          entry.decodeError = String(err);
        }
      }
      const headers = { ...req.headers, host: new URL(target).host };
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (up) => {
        entry.status = up.statusCode;
        const answer: Buffer[] = [];
        up.on('data', (c: Buffer) => answer.push(c));
        up.on('end', async () => {
          if (proxy.answerDelayMs > 0 && req.method === 'POST')
            await new Promise((r) => setTimeout(r, proxy.answerDelayMs));
          const text = Buffer.concat(answer);
          if ((up.statusCode ?? 0) >= 300) entry.answer = text.toString('utf8').slice(0, 500);
          if (proxy.dropAnswers && req.method === 'POST') {
            entry.answer = `${entry.answer ?? ''}(answer dropped)`;
            return req.socket.destroy();
          }
          entry.answeredAt = Date.now();
          res.writeHead(up.statusCode ?? 502, up.headers).end(text);
        });
      });
      upstream.on('error', (err) => {
        entry.status = 502;
        entry.answer = String(err);
        res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  server.on('connection', (socket) => {
    if (!proxy.online) {
      proxy.refused++;
      requests.push({ at: Date.now(), method: 'CUT', path: '(connection reset: offline)', ...NO_REQUEST });
      return socket.destroy();
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: OtlpProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    online: true,
    dropAnswers: false,
    answerDelayMs: 0,
    refused: 0,
    setOnline(online) {
      proxy.online = online;
      if (!online) for (const s of sockets) s.destroy();
    },
    describe(since = 0) {
      const lines: string[] = [];
      let cuts = 0;
      for (const r of requests.filter((x) => x.at >= since)) {
        if (r.method === 'CUT') {
          if (cuts++ === 0) lines.push(`${new Date(r.at).toISOString()} connection reset (offline)`);
          else lines[lines.length - 1] = lines[lines.length - 1].replace(/ ×\d+$/, '') + ` ×${cuts}`;
          continue;
        }
        cuts = 0;
        lines.push(
          `${new Date(r.at).toISOString()} ${r.method} ${r.path.replace(/key=[^&]+/, 'key=…')} -> ${r.status ?? '?'}` +
            ` origin=${r.origin || '-'} key=${r.keyIn} batch=${r.batch || '-'} ${r.contentType} ${r.bytes}B` +
            (r.answer ? ` answer=${r.answer}` : '') +
            (r.decodeError ? ` DECODE ERROR ${r.decodeError}` : ''),
        );
        if (r.decoded) lines.push(...describeDecoded(r.decoded));
      }
      return lines.join('\n') || '(no requests reached the proxy)';
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return proxy;
}
