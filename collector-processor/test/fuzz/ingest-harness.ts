/**
 * Drives fuzz cases through a real processor and checks the two things no request may break:
 * every answer is 2xx or a 4xx with a message (never 5xx, never a hang), and storage keeps
 * progressing (a normal request from another project is stored and the WAL drains).
 * Shared by test/fuzz/ingest-fuzz.test.ts (bounded) and bench/fuzz/run.ts (long run).
 */
import { Status } from '../../src/otlp/proto';
import type { RunningProcessor } from '../../src/processor';
import { createProject } from '../helpers/processor';
import { toWire, type FuzzCase } from './otlp-model';

export interface FuzzTarget {
  processor: RunningProcessor;
  /** The project the fuzz cases are sent to. */
  fuzzKey: string;
  /** A second project whose normal requests prove storage still progresses. */
  sentinel: { id: string; key: string };
  sentinelsSent: number;
}

export async function fuzzTarget(processor: RunningProcessor): Promise<FuzzTarget> {
  const project = (name: string) =>
    createProject(processor.url, { name, allowedOrigins: ['*'], rateLimitPerSecond: 1_000_000 });
  const fuzz = await project('fuzz');
  const sentinel = await project('sentinel');
  return {
    processor,
    fuzzKey: fuzz.ingestKey,
    sentinel: { id: sentinel.id, key: sentinel.ingestKey },
    sentinelsSent: 0,
  };
}

export interface Answer {
  status: number;
  /** The google.rpc.Status message of a non-2xx answer ('' when missing or unreadable). */
  message: string;
  ms: number;
}

/** Sends one case; a request with no answer within `timeoutMs` counts as a hang (status 0). */
export async function sendCase(target: FuzzTarget, c: FuzzCase, timeoutMs: number): Promise<Answer> {
  const wire = toWire(c, target.fuzzKey);
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(`${target.processor.url}${wire.path}`, {
      method: 'POST',
      headers: wire.headers,
      body: wire.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { status: 0, message: `no answer: ${(err as Error).message}`, ms: performance.now() - started };
  }
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - started;
  if (res.ok) return { status: res.status, message: '', ms };
  return { status: res.status, message: statusMessage(res.headers.get('content-type') ?? '', body), ms };
}

function statusMessage(contentType: string, body: Buffer): string {
  try {
    if (contentType.startsWith('application/x-protobuf')) return Status.decode(body).message ?? '';
    const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : '';
  } catch {
    return '';
  }
}

/** Why an answer breaks the contract, or undefined when it is fine. */
export function answerProblem(a: Answer): string | undefined {
  if (a.status === 0) return a.message;
  if (a.status >= 200 && a.status < 300) return undefined;
  if (a.status >= 400 && a.status < 500)
    return a.message.trim() ? undefined : `${a.status} without a message`;
  return `status ${a.status}: ${a.message}`;
}

/**
 * Sends one normal custom event from the sentinel project and waits until ClickHouse returns
 * it and the WAL is drained. Returns why storage is stuck, or undefined when it progresses.
 */
export async function storageProblem(
  target: FuzzTarget,
  timeoutMs: number,
  /** Ends the wait early with a reason (the long run: the writer keeps failing the same insert). */
  stuckEarly: () => string | undefined = () => undefined,
): Promise<string | undefined> {
  const name = `sentinel-${++target.sentinelsSent}`;
  const nowNs = (BigInt(Date.now()) * 1_000_000n).toString();
  const body = JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'sentinel' } }] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: nowNs,
                eventName: 'pulsetrace.event',
                attributes: [{ key: 'pulsetrace.event.name', value: { stringValue: name } }],
              },
            ],
          },
        ],
      },
    ],
  });
  const { processor } = target;
  const res = await fetch(`${processor.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': target.sentinel.key },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((err: Error) => err);
  if (res instanceof Error) return `sentinel request got no answer: ${res.message}`;
  if (res.status !== 200) return `sentinel request answered ${res.status}: ${await res.text()}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await processor.store.client.query({
      query: 'SELECT count() AS n FROM custom_events WHERE project_id = {p:String} AND name = {n:String}',
      query_params: { p: target.sentinel.id, n: name },
      format: 'JSONEachRow',
    });
    const [{ n }] = await rows.json<{ n: string }>();
    if (Number(n) === 1) break;
    const early = stuckEarly();
    if (early) return `storage stopped: ${early}`;
    if (Date.now() > deadline)
      return `storage stopped: the sentinel event was not stored within ${timeoutMs} ms (${processor.wal.pendingRowCount()} rows pending in the WAL)`;
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    await processor.drained(Math.max(1_000, deadline - Date.now()));
  } catch (err) {
    return `storage stopped: ${(err as Error).message}`;
  }
  return undefined;
}

/** A short, JSON-safe description of a case for reports (bodies as base64). */
export function describeCase(c: FuzzCase, key = 'FUZZ_KEY'): object {
  const wire = toWire(c, key);
  return {
    path: wire.path,
    headers: wire.headers,
    bodyBytes: wire.body.length,
    bodyBase64:
      wire.body.length <= 256 * 1024
        ? wire.body.toString('base64')
        : '(over 256 KiB, regenerate from the seed)',
    envelope: { ...c.envelope, mutations: c.envelope.mutations.length },
  };
}
