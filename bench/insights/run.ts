/**
 * Insights benchmark (issue #16, "Measured"): scenarios with injected faults of known cause and
 * null scenarios, sent through the real OTLP ingest of a processor in this process (embedded
 * chDB, so process CPU includes ClickHouse's work), then the real insight engine replayed over
 * simulated time, scored on the cards it writes. Reports detection rate, time to detect, top-1 / top-3 cause accuracy, false insights per
 * project-week and CPU per project evaluation.
 *
 *   npm run bench:insights [-- --quick] [-- --null-days 1 --history-days 7 --warmup-days 3]
 *   npm run bench:insights -- --quick --only slow-endpoint,no-change   (printed, not written)
 *
 * Writes bench/results/insights.json; docs/benchmarks.md quotes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import {
  ADMIN_TOKEN,
  createProject,
  startTestProcessor,
} from '../../collector-processor/test/helpers/processor';
import { hasFlag, numberArg, stringArg } from '../cli';
import { machineInfo } from '../machine';
import { defaultDetectors } from '../../collector-processor/src/insights/engine/defaults';
import { summariseEngine, type EngineFaultOutcome, type EngineNullOutcome } from './cards';
import {
  engineReplay,
  ingestScenario,
  registerDeploys,
  replayFault,
  replayNull,
  type IngestStats,
} from './harness';
import { DAY, HOUR, MINUTE, type Scenario } from './scenario';
import { FAULT_NAMES, faultScenarios, latestOnset, NULL_NAMES, nullScenarios } from './scenarios';

const QUICK = hasFlag('quick');
const HISTORY_DAYS = numberArg('history-days', QUICK ? 3 : 7);
const NULL_DAYS = numberArg('null-days', QUICK ? 0.25 : 1);
const WARMUP_DAYS = numberArg('warmup-days', 3);
/** `--only hero-image-lcp,no-change`: those scenarios, printed, bench/results left alone. */
const ONLY = stringArg('only')?.split(',');
const ROOT = path.resolve(__dirname, '../..');

const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

async function main() {
  const started = Date.now();
  // The processor's own engine off (it would evaluate the real clock): the benchmark runs an engine
  // of its own over the processor's client and projects, through `now`.
  const p = await startTestProcessor({ PULSETRACE_INSIGHTS_INTERVAL_MS: '0' });
  try {
    // Evaluations run to onset + 30 min; their current windows end a minute earlier.
    const afterMs = 35 * MINUTE;
    const onset = latestOnset(Date.now(), afterMs);
    const faults = faultScenarios(
      {
        onset,
        historyDays: HISTORY_DAYS,
        beforeMs: 30 * MINUTE,
        onsetBeforeMs: 2.5 * HOUR,
        afterMs,
      },
      ONLY ?? FAULT_NAMES,
    );
    const end = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
    const nulls = nullScenarios({ end, warmupDays: WARMUP_DAYS, evalDays: NULL_DAYS }, ONLY ?? NULL_NAMES);
    const target = { url: p.url, adminToken: ADMIN_TOKEN, drained: () => p.drained(600_000) };
    const projects = new Map<Scenario, string>();
    const ingest: Record<string, IngestStats> = {};
    for (const s of [...faults, ...nulls]) {
      const project = await createProject(p.url, { name: `bench-${s.name}`, rateLimitPerSecond: 1_000_000 });
      projects.set(s, project.id);
      await registerDeploys(target, project.id, s);
      ingest[s.name] = await ingestScenario(target, project.ingestKey, s);
      const st = ingest[s.name]!;
      log(`ingested ${s.name}: ${st.sessions} sessions, ${st.records} records in ${st.seconds.toFixed(0)} s`);
    }
    // What the processor's engine runs (fresh instances: the anomaly detector caches history), in
    // the real engine: cards reconciled and written to ClickHouse.
    const detectors = defaultDetectors();
    const replay = engineReplay(p.store.client, p.projects, detectors);
    const faultOutcomes: EngineFaultOutcome[] = [];
    for (const s of faults) {
      faultOutcomes.push(await replayFault(replay, projects.get(s)!, s));
      const o = faultOutcomes[faultOutcomes.length - 1]!;
      log(
        `${s.name}: detected ${o.detected} after ${o.minutesToDetect} min, cause rank ${o.causeRank} ` +
          `(+10 min: ${o.causeRankAfter10}), ${o.matchingCards} card(s); ` +
          `candidates after ${o.candidates.minutesToDetect} min, rank ${o.candidates.causeRank}`,
      );
    }
    const nullOutcomes: EngineNullOutcome[] = [];
    for (const s of nulls) {
      nullOutcomes.push(await replayNull(replay, projects.get(s)!, s, end - NULL_DAYS * DAY, end));
      const o = nullOutcomes[nullOutcomes.length - 1]!;
      log(
        `${s.name}: ${o.insights.length} cards opened (${o.candidateKeys.length} candidate keys) in ` +
          `${o.evaluatedDays} days (${o.evaluations} passes)`,
      );
    }
    const summary = summariseEngine(faultOutcomes, nullOutcomes, replay.cpuMs);
    const report = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      command: `npm run bench:insights${QUICK ? ' -- --quick' : ''}`,
      detectors: detectors.map((d) => d.name),
      measured: 'cards written by the engine (runOnce); summary.candidates: what the detectors proposed',
      layout: {
        onset: new Date(onset).toISOString(),
        historyDays: HISTORY_DAYS,
        warmupDays: WARMUP_DAYS,
        nullDays: NULL_DAYS,
      },
      targets: {
        top1: 0.8,
        top3: 0.95,
        falseInsightsPerProjectWeek: 1,
        minutesToDetect: 10,
        percentOfOneCoreFor100Projects: 5,
      },
      summary,
      faults: faultOutcomes,
      nulls: nullOutcomes,
      ingest,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify(ONLY ? report : summary, null, 2));
    if (!ONLY) {
      const out = path.join(ROOT, 'bench/results/insights.json');
      // Formatted as the repository's prettier check wants it (as bench/sdk does).
      const options = { ...(await prettier.resolveConfig(out)), parser: 'json' };
      fs.writeFileSync(out, await prettier.format(JSON.stringify(report), options));
      log(`wrote ${out}`);
    }
  } finally {
    await p.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
