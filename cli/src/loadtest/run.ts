/**
 * `pulsetrace loadtest`: OTLP requests at a fixed rate for a fixed time (an open model: request i
 * starts at i / rate seconds whatever the previous ones are doing, up to `concurrency` in flight;
 * a start that finds them all busy is counted as `skipped`, so a slow target shows up as a lower
 * achieved rate instead of a silently lower load), then what the target answered.
 */
import { joinUrl } from '../api';
import { loadtestPayload } from './payload';

export interface LoadtestOptions {
  url: string;
  /** The project's ingest key (pt_…). */
  token: string;
  rate: number;
  durationSec: number;
  spansPerRequest: number;
  concurrency: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Called about once a second while running. */
  onTick?: (s: LoadtestSnapshot) => void;
}

export interface LoadtestSnapshot {
  elapsedSec: number;
  sent: number;
  acknowledged: number;
  rejected: number;
  errors: number;
}

export interface LoadtestReport extends LoadtestSnapshot {
  /** Requests not started because `concurrency` were already in flight. */
  skipped: number;
  /** HTTP status → count, for every non-2xx answer. */
  rejectedByStatus: Record<string, number>;
  /** Spans the target refused inside 2xx answers (OTLP partialSuccess). */
  rejectedSpans: number;
  /** The first message of each kind (a refused token, a network error). */
  messages: string[];
  spansAcknowledged: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  achievedRate: number;
  rejectRatio: number;
}

/** Nearest-rank percentile of sorted values (exact: a load test keeps at most a few 100K samples). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function runLoadtest(o: LoadtestOptions): Promise<LoadtestReport> {
  const target = joinUrl(o.url, '/v1/traces');
  const latencies: number[] = [];
  const r: LoadtestReport = {
    elapsedSec: 0,
    sent: 0,
    acknowledged: 0,
    rejected: 0,
    errors: 0,
    skipped: 0,
    rejectedByStatus: {},
    rejectedSpans: 0,
    messages: [],
    spansAcknowledged: 0,
    latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 },
    achievedRate: 0,
    rejectRatio: 0,
  };
  const note = (m: string) => {
    if (r.messages.length < 5 && !r.messages.includes(m)) r.messages.push(m);
  };
  const one = async () => {
    const body = loadtestPayload({ spans: o.spansPerRequest, key: o.token });
    const t0 = performance.now();
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pulsetrace-key': o.token },
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (res.ok) {
        r.acknowledged++;
        let refused = 0;
        try {
          refused = Number(JSON.parse(text || '{}')?.partialSuccess?.rejectedSpans ?? 0);
        } catch {
          // a collector may answer protobuf-less empty bodies: nothing refused
        }
        r.rejectedSpans += refused;
        r.spansAcknowledged += o.spansPerRequest - refused;
      } else {
        r.rejected++;
        r.rejectedByStatus[res.status] = (r.rejectedByStatus[res.status] ?? 0) + 1;
        note(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      }
    } catch (err) {
      r.errors++;
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      note(`request failed: ${cause ?? (err as Error).message}`);
    }
  };

  const started = performance.now();
  const end = started + o.durationSec * 1000;
  const inFlight = new Set<Promise<void>>();
  let lastTick = started;
  for (let i = 0; ; i++) {
    const due = started + (i * 1000) / o.rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    if (inFlight.size >= o.concurrency) {
      r.skipped++;
    } else {
      r.sent++;
      const p = one().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    if (o.onTick && performance.now() - lastTick >= 1000) {
      lastTick = performance.now();
      o.onTick({ ...r, elapsedSec: (lastTick - started) / 1000 });
    }
  }
  await Promise.all(inFlight);
  r.elapsedSec = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  r.latencyMs = {
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1] ?? 0),
  };
  r.achievedRate = round(r.acknowledged / r.elapsedSec);
  const attempted = r.sent + r.skipped;
  r.rejectRatio = attempted ? (r.rejected + r.errors + r.skipped) / attempted : 0;
  return r;
}

/** The report as a person reads it. */
export function formatReport(o: Pick<LoadtestOptions, 'rate' | 'durationSec'>, r: LoadtestReport): string {
  const statuses = Object.entries(r.rejectedByStatus)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  return [
    `requests:      ${r.sent} sent in ${r.elapsedSec.toFixed(1)} s (target ${o.rate}/s for ${o.durationSec} s)${r.skipped ? `, ${r.skipped} skipped (all connections busy)` : ''}`,
    `acknowledged:  ${r.acknowledged} (${r.spansAcknowledged} spans${r.rejectedSpans ? `, ${r.rejectedSpans} spans refused in partial success` : ''})`,
    `rejected:      ${r.rejected}${statuses ? ` (${statuses})` : ''}`,
    `errors:        ${r.errors}`,
    `latency ms:    p50 ${r.latencyMs.p50}  p90 ${r.latencyMs.p90}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}`,
    `achieved rate: ${r.achievedRate} acknowledged requests/s`,
    ...r.messages.map((m) => `  ${m}`),
  ].join('\n');
}
