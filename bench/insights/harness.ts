/**
 * Drives scenarios through a real processor: registers the deploys, posts the generated traffic
 * to the OTLP ingest (/v1/traces, as @pulsetrace/web does), waits until it is stored, then
 * replays the evaluation clock through the real insight engine's `now` (cards reconciled and
 * written to ClickHouse, as in production), measuring the cards and the CPU each pass takes. Used by bench/insights/run.ts and test/insights-scenarios.test.ts.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import pino from 'pino';
import { createInsightEngine, type InsightEngine } from '../../collector-processor/src/insights/engine';
import type { Detector, InsightCandidate } from '../../collector-processor/src/insights/engine/types';
import type { ProjectStore } from '../../collector-processor/src/projects/project-store';
import { generateMinute, type SimSession } from './generate';
import { encodeSessions, recordCount } from './otlp';
import { MINUTE, type Scenario } from './scenario';
import {
  scoreFaultPasses,
  scoreNullPasses,
  type EngineFaultOutcome,
  type EngineNullOutcome,
  type Pass,
} from './cards';

export interface Target {
  url: string;
  adminToken: string;
  /** Waits until everything accepted is in ClickHouse. */
  drained(): Promise<void>;
}

const SESSIONS_PER_REQUEST = 80;

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    if (res.ok) {
      const answer = (await res.json()) as { partialSuccess?: { errorMessage?: string } };
      // A record the mapping refused would silently change the scenario: fail loudly.
      if (answer.partialSuccess?.errorMessage)
        throw new Error(`${url}: ${answer.partialSuccess.errorMessage}`);
      return;
    }
    // Back-pressure (429/503) is the ingest working as designed: wait and resend.
    if ((res.status === 429 || res.status === 503) && attempt < 50) {
      await new Promise((r) => setTimeout(r, 200 * Math.min(attempt + 1, 10)));
      continue;
    }
    throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
}

/** Deploys of the scenario's releases through the REST API (the CLI's `deploys new`). */
export async function registerDeploys(t: Target, projectId: string, s: Scenario): Promise<void> {
  for (const r of s.releases) {
    const res = await fetch(
      `${t.url}/api/v1/projects/${projectId}/releases/${encodeURIComponent(r.version)}/deploys`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          environment: 'production',
          startedAt: new Date(r.at - MINUTE).toISOString(),
          finishedAt: new Date(r.at).toISOString(),
        }),
      },
    );
    if (res.status !== 201) throw new Error(`deploy ${r.version}: ${res.status} ${await res.text()}`);
  }
}

export interface IngestStats {
  sessions: number;
  records: number;
  requests: number;
  seconds: number;
}

/** Streams the scenario's traffic minute by minute, `concurrency` requests in flight. */
export async function ingestScenario(
  t: Target,
  ingestKey: string,
  s: Scenario,
  concurrency = 3,
): Promise<IngestStats> {
  const started = Date.now();
  const stats: IngestStats = { sessions: 0, records: 0, requests: 0, seconds: 0 };
  const inFlight = new Set<Promise<void>>();
  const headers = { 'x-pulsetrace-key': ingestKey };
  const send = async (batch: SimSession[]) => {
    const { traces } = encodeSessions(batch);
    stats.sessions += batch.length;
    stats.records += recordCount(batch);
    stats.requests += 1;
    const p = post(`${t.url}/v1/traces`, traces, headers).then(() => {
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };
  let batch: SimSession[] = [];
  for (let m = Math.floor(s.from / MINUTE) * MINUTE; m < s.to; m += MINUTE) {
    batch.push(...generateMinute(s, m));
    if (batch.length >= SESSIONS_PER_REQUEST) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length) await send(batch);
  await Promise.all(inFlight);
  await t.drained();
  stats.seconds = (Date.now() - started) / 1000;
  return stats;
}

export interface Evaluation {
  candidates: InsightCandidate[];
  /** Process CPU (user + system, every thread: in-process chDB included) of the detect calls. */
  cpuMs: number;
  wallMs: number;
}

/** One evaluation of a project at `now`: every detector, one after the other, as the engine runs them. */
export async function evaluate(
  detectors: readonly Detector[],
  client: ClickHouseClient,
  projectId: string,
  now: number,
): Promise<Evaluation> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const candidates: InsightCandidate[] = [];
  for (const d of detectors) candidates.push(...(await d.detect({ client, projectId, now })));
  const used = process.cpuUsage(cpu);
  return { candidates, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

/**
 * The real engine (engine/createInsightEngine: the processor's client and ProjectStore, the given
 * detectors, no narrator: the template summary) replayed through `now`, so cards are reconciled
 * and written to ClickHouse as in production. The detectors are wrapped to record what they
 * proposed, for the candidate-level column.
 */
export interface Replay {
  engine: InsightEngine;
  /** CPU ms of each project pass (detectors, reconciliation and card writes), for the summary. */
  cpuMs: number[];
  /** Candidates proposed since the last call, cleared by it. */
  takeCandidates(): InsightCandidate[];
}

export function engineReplay(
  client: ClickHouseClient,
  projects: Pick<ProjectStore, 'list' | 'get'>,
  detectors: readonly Detector[],
): Replay {
  let proposed: InsightCandidate[] = [];
  const recording = detectors.map((d): Detector => ({
    name: d.name,
    detect: async (ctx) => {
      const found = await d.detect(ctx);
      proposed.push(...found);
      return found;
    },
  }));
  const log = pino({ level: 'warn' });
  return {
    engine: createInsightEngine({ client, projects, detectors: recording, log }),
    cpuMs: [],
    takeCandidates: () => {
      const out = proposed;
      proposed = [];
      return out;
    },
  };
}

/** One engine pass over the project at `now`; `minute` labels it (minutes from the onset). */
export async function enginePass(r: Replay, projectId: string, now: number, minute: number): Promise<Pass> {
  r.takeCandidates();
  const cpu = process.cpuUsage();
  const result = await r.engine.runOnce(now, [projectId]);
  const used = process.cpuUsage(cpu);
  r.cpuMs.push((used.user + used.system) / 1000);
  return { minute, result, candidates: r.takeCandidates() };
}

/**
 * A fault scenario: an engine pass every simulated minute from `beforeMin` minutes before the
 * onset to `afterMin` after it (the engine's one-minute tick), scored on the cards
 * (cards.ts scoreFaultPasses); the replay stops 10 minutes after detection, when the second cause
 * rank is read.
 */
export async function replayFault(
  r: Replay,
  projectId: string,
  s: Scenario,
  beforeMin = 10,
  afterMin = 30,
): Promise<EngineFaultOutcome> {
  const passes: Pass[] = [];
  let out = scoreFaultPasses(passes, s.expected!);
  for (let m = -beforeMin; m <= afterMin; m++) {
    passes.push(await enginePass(r, projectId, s.fault!.at + m * MINUTE, m));
    out = scoreFaultPasses(passes, s.expected!);
    if (out.detected) afterMin = Math.min(afterMin, out.minutesToDetect! + 10);
  }
  return { scenario: s.name, ...out };
}

/**
 * A null scenario: an engine pass every `stepMs` over [from, to), counting the distinct cards
 * opened. 5 simulated minutes is enough: the detectors' current window is 10 minutes wide and an
 * alarm must hold in two overlapping windows, so any excursion they would raise at a one-minute
 * tick is inside at least two passes 5 minutes apart; the engine's rules are in time (a card
 * unproposed for 15 minutes resolves), not in passes.
 */
export async function replayNull(
  r: Replay,
  projectId: string,
  s: Scenario,
  from: number,
  to: number,
  stepMs = 5 * MINUTE,
): Promise<EngineNullOutcome> {
  const passes: Pass[] = [];
  for (let now = from; now < to; now += stepMs)
    passes.push(await enginePass(r, projectId, now, (now - from) / MINUTE));
  const { cards, candidateKeys } = scoreNullPasses(passes);
  const days = (to - from) / 86_400_000;
  return {
    scenario: s.name,
    evaluatedDays: days,
    evaluations: passes.length,
    insights: cards,
    perWeek: (cards.length / days) * 7,
    candidateKeys,
  };
}
