/** Latency figures of a set of trials (pure): p50 / p95 / max overall and per stage, in ms. */
import { percentile } from '../query/report';
import type { Trial } from './trials';

export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

function spread(xs: number[]): Spread | null {
  if (!xs.length) return null;
  return { p50: percentile(xs, 50), p95: percentile(xs, 95), max: Math.max(...xs) };
}

const defined = (xs: Array<number | undefined>) => xs.filter((x): x is number => x !== undefined);

export function summarise(trials: readonly Trial[], targetP95Ms: number) {
  const done = trials.filter((t) => t.arrivedAt !== undefined);
  const latency = spread(done.map((t) => t.arrivedAt! - t.ackedAt));
  // A trial without a delivery counts as a miss, never as a fast sample.
  const met = latency !== null && done.length === trials.length && latency.p95 <= targetP95Ms;
  return {
    trials: trials.length,
    delivered: done.length,
    signaturesVerified: done.filter((t) => t.signatureOk).length,
    latencyMs: latency,
    targetP95Ms,
    met,
    stagesMs: {
      ackToStored: spread(defined(done.map((t) => t.storedAt && t.storedAt - t.ackedAt))),
      storedToEnqueued: spread(
        defined(done.map((t) => (t.storedAt && t.enqueuedAt ? t.enqueuedAt - t.storedAt : undefined))),
      ),
      enqueuedToArrival: spread(defined(done.map((t) => t.enqueuedAt && t.arrivedAt! - t.enqueuedAt))),
    },
    samplesMs: trials.map((t) => (t.arrivedAt === undefined ? null : t.arrivedAt - t.ackedAt)),
  };
}
