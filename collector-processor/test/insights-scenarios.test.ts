/**
 * Insight scenarios through the real processor (issue #16, "Measured"; the bounded version of
 * bench/insights): the benchmark's generator sends simulated browser traffic through the OTLP
 * ingest (POST /v1/traces, span form, as @pulsetrace/web sends it), then the detectors evaluate
 * one simulated instant after the onset. Two faults of known cause must be raised with that cause
 * among the hypotheses (the new hero image first; browser = Firefox first); a healthy
 * release must raise nothing.
 *
 * Small on purpose: no history days (the release-regression detector compares a release with its
 * predecessor and needs none), 80 minutes of traffic per scenario at the benchmark's 1,250
 * sessions/hour peak. The anomaly detector's baselines and the time to detect are measured by
 * `npm run bench:insights` (docs/benchmarks.md).
 */
import { evaluate, ingestScenario, registerDeploys } from '../../bench/insights/harness';
import { MINUTE, type Scenario } from '../../bench/insights/scenario';
import { faultScenarios, latestOnset } from '../../bench/insights/scenarios';
import { causeRank, matchesExpected } from '../../bench/insights/score';
import { defaultDetectors } from '../src/insights/engine/defaults';
import type { Detector } from '../src/insights/engine/types';
import type { RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);

const AFTER = 40 * MINUTE;
const onset = latestOnset(Date.now(), AFTER);
const layout = { onset, historyDays: 0, beforeMs: 0, onsetBeforeMs: 40 * MINUTE, afterMs: AFTER };
// The onset follows the real clock (the ingest takes only recent data), but the traffic must not:
// seeds count from the onset and weekends are not lighter, so every day replays the same sessions.
const sameEveryDay = (s: Scenario): Scenario => ({ ...s, seedEpoch: onset, weekendShare: 1 });
const [heroImage, browserErrors] = faultScenarios(layout, ['hero-image-lcp', 'browser-errors']).map(
  sameEveryDay,
);
// The same release at the same time, without its fault.
const healthyRelease: Scenario = {
  ...heroImage!,
  name: 'healthy-release',
  seed: 77,
  fault: undefined,
  expected: undefined,
};

let p: RunningProcessor;
let detectors: Detector[];

/** Sends the scenario to a project of its own; answers the candidates at onset + 39 minutes. */
async function run(s: Scenario) {
  const project = await createProject(p.url);
  const target = { url: p.url, adminToken: ADMIN_TOKEN, drained: () => p.drained(60_000) };
  await registerDeploys(target, project.id, s);
  await ingestScenario(target, project.ingestKey, s);
  return (await evaluate(detectors, p.store.client, project.id, onset + AFTER - MINUTE)).candidates;
}

beforeAll(async () => {
  // The processor's own engine stays off: the test drives the detectors through `now`.
  p = await startTestProcessor({ PULSETRACE_INSIGHTS_INTERVAL_MS: '0' });
  // What the engine runs: the anomaly and release-regression detectors.
  detectors = defaultDetectors();
});
afterAll(() => p?.stop());

/** The insight the scenario expects, and the rank of its known cause among the hypotheses. */
async function expectedInsight(s: Scenario) {
  const hit = (await run(s)).find((c) => matchesExpected(c, s.expected!));
  expect(hit).toBeDefined();
  return {
    rank: causeRank(hit!.hypotheses, s.expected!.causes),
    titles: hit!.hypotheses.map((h) => h.title),
  };
}

it('a heavier hero image on /products/:id in release 2.5.0: the new image is the top hypothesis', async () => {
  const { rank, titles } = await expectedInsight(heroImage!);
  expect({ rank, top: titles[0] }).toEqual({ rank: 0, top: expect.stringContaining('hero-2400w.jpg') });
});

it('errors in Firefox only after release 2.5.0: browser = Firefox is the top hypothesis', async () => {
  const { rank, titles } = await expectedInsight(browserErrors!);
  // Countries carry Firefox's errors by their traffic: they do not stand out from the rest of
  // their dimension, and a set never outranks the single segment that explains it all.
  expect({ rank, top: titles[0] }).toEqual({ rank: 0, top: expect.stringMatching(/^browser = Firefox/) });
});

it('a healthy release raises nothing', async () => {
  expect(await run(healthyRelease)).toEqual([]);
});
