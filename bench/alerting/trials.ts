/**
 * The two kinds of trial of the alerting benchmark. Each measures from the acknowledgement of
 * the request that triggers the alert (the ingest's 200) to the arrival of its webhook delivery
 * at the receiver (the receiver's own clock, same machine), and splits that with the probe.
 */
import type { Received, Target } from '../../collector-processor/test/helpers/receivers';
import type { Probe } from './probe';
import { errorSession, lcpSessions, postTraces, trialName, type WebhookBody } from './traffic';

export interface Trial {
  name: string;
  ackedAt: number;
  /** Undefined when no delivery came within the trial's deadline. */
  arrivedAt?: number;
  storedAt?: number;
  enqueuedAt?: number;
  /** The notification's createdAt: for a threshold rule, the evaluation instant (a boundary). */
  createdAt?: number;
  signatureOk?: boolean;
}

export interface TrialContext {
  url: string;
  ingestKey: string;
  hook: Target;
  probe: Probe;
  verify(r: Received): boolean;
  log(msg: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bodyOf = (r: Received) => JSON.parse(r.body) as WebhookBody;

/** One progress line: the latency and its stages, relative to the acknowledgement. */
function describe(t: Trial): string {
  if (t.arrivedAt === undefined) return 'no delivery';
  const rel = (x: number | undefined) => (x === undefined ? '?' : `+${x - t.ackedAt}`);
  const instant = t.createdAt === undefined ? '' : `, evaluation instant ${rel(t.createdAt)}`;
  return (
    `${t.arrivedAt - t.ackedAt} ms (stored ${rel(t.storedAt)}${instant}, ` +
    `enqueued ${rel(t.enqueuedAt)}, arrived ${rel(t.arrivedAt)})`
  );
}

async function waitFor<T>(find: () => T | undefined, deadline: number): Promise<T | undefined> {
  for (;;) {
    const v = find();
    if (v !== undefined || Date.now() > deadline) return v;
    await sleep(10);
  }
}

/**
 * Event rule (issue.new): one new issue per trial, one after another. A random pause first puts
 * each acknowledgement at a random phase of the batch writer's and the delivery loop's timers
 * (back-to-back trials would all start right after a delivery tick).
 */
export async function eventTrials(
  c: TrialContext,
  count: number,
  pauseMs: number,
  timeoutMs: number,
): Promise<Trial[]> {
  const trials: Trial[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(Math.random() * pauseMs);
    const name = trialName(i);
    const message = `Checkout step ${name} failed`;
    c.probe.watch(message);
    const ackedAt = await postTraces(c.url, c.ingestKey, [errorSession(name)]);
    const r = await waitFor(
      () => c.hook.received.find((x) => bodyOf(x).alerts[0]?.labels.title?.includes(message)),
      ackedAt + timeoutMs,
    );
    const t: Trial = { name, ackedAt, storedAt: c.probe.storedAt(message) };
    if (r) {
      t.arrivedAt = r.at;
      t.enqueuedAt = c.probe.enqueuedAt(bodyOf(r).key);
      t.signatureOk = c.verify(r);
    }
    trials.push(t);
    c.log(`event ${i + 1}/${count}: ${describe(t)}`);
  }
  return trials;
}

/**
 * Threshold rule (p75 LCP per route > 2500 ms): each trial is a route of its own, first seen fast
 * (baseline, before the trials), then pushed over the threshold by one request; trials start every
 * `spacingMs` (not a divisor of the rule's interval, so acknowledgements fall at every phase of the
 * evaluation boundaries and of the ruler's tick) and run side by side. A route's firing delivery is
 * the first firing notification listing it (a group's firing message lists every firing alert).
 */
export async function thresholdTrials(
  c: TrialContext,
  count: number,
  spacingMs: number,
  timeoutMs: number,
  settleMs: number,
): Promise<Trial[]> {
  const routes = Array.from({ length: count }, (_, i) => `/bench/${trialName(i)}`);
  await postTraces(
    c.url,
    c.ingestKey,
    routes.flatMap((r) => lcpSessions(r, 1200, 4)),
  );
  c.log(`threshold: baseline sent for ${count} routes; waiting ${settleMs} ms for an evaluation`);
  await sleep(settleMs);
  const firstFiring = new Map<string, Received>();
  let seen = 0;
  const scan = () => {
    for (; seen < c.hook.received.length; seen++) {
      const r = c.hook.received[seen]!;
      const b = bodyOf(r);
      if (b.status !== 'firing') continue;
      for (const a of b.alerts) if (!firstFiring.has(a.labels.route!)) firstFiring.set(a.labels.route!, r);
    }
  };
  const run = async (i: number): Promise<Trial> => {
    await sleep(i * spacingMs);
    const route = routes[i]!;
    c.probe.watch(`"${route}"`);
    const ackedAt = await postTraces(c.url, c.ingestKey, lcpSessions(route, 4200, 8));
    const r = await waitFor(() => (scan(), firstFiring.get(route)), ackedAt + timeoutMs);
    const t: Trial = { name: route, ackedAt, storedAt: c.probe.storedAt(`"${route}"`) };
    if (r) {
      t.arrivedAt = r.at;
      t.enqueuedAt = c.probe.enqueuedAt(bodyOf(r).key);
      t.createdAt = Date.parse(bodyOf(r).createdAt);
      t.signatureOk = c.verify(r);
    }
    c.log(`threshold ${i + 1}/${count} ${route}: ${describe(t)}`);
    return t;
  };
  return Promise.all(routes.map((_, i) => run(i)));
}
