/**
 * Real HTTP receivers on 127.0.0.1 for the alert delivery tests: each request is recorded with
 * its arrival time, headers and raw body; `respond` decides the answer (status, headers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Target {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export type Respond = (r: Received, index: number) => { status: number; headers?: Record<string, string> };

export async function startTarget(respond: Respond = () => ({ status: 200 })): Promise<Target> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        at: Date.now(),
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      const { status, headers } = respond(r, received.length - 1);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
