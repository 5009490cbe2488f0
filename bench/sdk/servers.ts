/**
 * The SDK benchmark's HTTP side: the origin serving the test pages, and the sink the SDK exports
 * to (a collector stand-in on another origin). See run.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface Sink {
  url: string;
  requests: number;
  bytes: number;
  records: number | null;
  contentTypes: Set<string>;
  close(): Promise<void>;
}

/** Spans and log records in an OTLP/JSON body; null when the body is not JSON (protobuf). */
function countRecords(body: Buffer, encoding: string | undefined): number | null {
  try {
    const text = (encoding === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8');
    const json = JSON.parse(text) as {
      resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
      resourceLogs?: { scopeLogs?: { logRecords?: unknown[] }[] }[];
    };
    let n = 0;
    for (const r of json.resourceSpans ?? []) for (const s of r.scopeSpans ?? []) n += s.spans?.length ?? 0;
    for (const r of json.resourceLogs ?? [])
      for (const s of r.scopeLogs ?? []) n += s.logRecords?.length ?? 0;
    return n;
  } catch {
    return null;
  }
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startSink(): Promise<Sink> {
  const sink = { requests: 0, bytes: 0, records: 0 as number | null, contentTypes: new Set<string>() };
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin ?? '*';
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      sink.requests++;
      sink.bytes += body.length;
      sink.contentTypes.add(
        `${req.headers['content-type'] ?? '?'}${req.headers['content-encoding'] ? ` (${req.headers['content-encoding']})` : ''}`,
      );
      const n = countRecords(body, req.headers['content-encoding']);
      sink.records = n === null || sink.records === null ? null : sink.records + n;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  const url = await listen(server);
  return Object.assign(sink, {
    url,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

/**
 * The test page. With `sdk`, the bundle is inlined and init() runs right after it, as a CDN
 * snippet would; without, `PulseTrace` is a no-op object with the same methods (the peer).
 * Cross-origin isolated (COOP/COEP) so performance.now() has 5 µs rather than 100 µs resolution.
 */
function pageHtml(sdk: string | undefined, config: Record<string, unknown>): string {
  const stub = `window.PulseTrace = { init: function () { return true; }, track: function () {},
    captureException: function () {}, flush: function () { return Promise.resolve(); } };`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SDK bench</title>
<script>window.bench = { start: performance.now(), sdk: ${sdk !== undefined} };</script>
<script>${sdk ?? stub}</script>
<script>
  bench.evaluated = performance.now();
  var t = performance.now();
  bench.initOk = PulseTrace.init(${JSON.stringify(config)});
  bench.initMs = performance.now() - t;
</script>
</head><body>
<header><nav><a href="/cart">Cart</a> <a href="/account">Account</a></nav></header>
<main><h1>Products</h1>${Array.from({ length: 40 }, (_, i) => `<article><h2>Product ${i}</h2><p>Description ${i}</p><button>Add</button></article>`).join('')}</main>
</body></html>`;
}

export async function startPageServer(sdk: string, sinkUrl: string) {
  const pages: Record<string, string> = {
    '/sdk.html': pageHtml(sdk, {
      endpoint: sinkUrl,
      key: 'pt_bench',
      release: '1.0.0',
      environment: 'bench',
    }),
    // Flush: nothing leaves on its own (batches bigger than what is buffered, timer far away).
    '/sdk-flush.html': pageHtml(sdk, {
      endpoint: sinkUrl,
      key: 'pt_bench',
      batchSize: 1000,
      batchDelayMs: 3_600_000,
    }),
    '/baseline.html': pageHtml(undefined, {}),
  };
  const server = http.createServer((req, res) => {
    const html = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!html) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(html);
  });
  const url = await listen(server);
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}
