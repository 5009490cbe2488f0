/**
 * One real processor (embedded ClickHouse) seeded with the demo (cli/src/demo/seed.ts, through
 * the real OTLP ingest path) plus an insight card for its regression, and the data source's
 * proxy (grafana-runtime.ts) pointed at it.
 */
import type { RunningProcessor } from '../../../collector-processor/src/processor';
import { ADMIN_TOKEN, startTestProcessor } from '../../../collector-processor/test/helpers/processor';
import { insightId } from '../../../collector-processor/src/insights/store/insight';
import { writeInsights } from '../../../collector-processor/src/insights/store/insight-store';
import { card } from '../../../collector-processor/src/insights/store/testkit';
import { seedDemo, type DemoSeedResult } from '../../../cli/src/demo/seed';
import { ProcessorClient } from '../../../grafana-datasource/src/api/client';
import { connect, PROXY_URL, setVariables } from './grafana-runtime';

export const READ_TOKEN = 'dashboards-read-token';
const HOUR = 3_600_000;
/** Small enough to seed in well under 40 s on a loaded 2-core machine, big enough for every panel. */
export const DEMO_DAYS = 2;
export const DEMO_SCALE = 0.05;

export interface Demo {
  processor: RunningProcessor;
  seeded: DemoSeedResult;
  /** The data source's own client, through the (test) data proxy. */
  client: ProcessorClient;
  now: number;
  range: { from: number; to: number };
  /** The dashboard variables' values on the demo. */
  vars: Record<string, string | string[]>;
  stop(): Promise<void>;
}

/**
 * The card the insight engine opens for the demo's regression at full scale. The test's small
 * demo stays under the release detector's 150 sessions per side (insights/release/select.ts), so
 * the card is written as the engine writes it (the store's writeInsights), as grafana-app's
 * tests do, for the insights annotation to have something to mark.
 */
async function writeRegressionCard(processor: RunningProcessor, seeded: DemoSeedResult, now: number) {
  const c = card({
    projectId: seeded.projectId,
    kind: 'release_regression',
    metric: 'web_vital.LCP.p75',
    scope: { release: seeded.regressedRelease },
    title: `LCP p75 up in release ${seeded.regressedRelease}`,
    release: seeded.regressedRelease,
    startedAt: now - 6 * HOUR,
    detectedAt: now - 5 * HOUR,
    updatedAt: now - 5 * HOUR,
    lastActiveAt: now - HOUR,
    version: now * 1000,
    links: {
      release: seeded.regressedRelease,
      previousRelease: seeded.baselineRelease,
      deploys: [],
      issues: [],
    },
  });
  await writeInsights(processor.store.client, [{ ...c, insightId: insightId(c) }]);
}

export async function startDemo(): Promise<Demo> {
  const processor = await startTestProcessor({ PULSETRACE_READ_TOKEN: READ_TOKEN });
  try {
    // A fixed hour: the demo's data (and so every answer) does not depend on when the test runs.
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const seeded = await seedDemo({
      url: processor.url,
      adminToken: ADMIN_TOKEN,
      days: DEMO_DAYS,
      scale: DEMO_SCALE,
      now: new Date(now),
    });
    // Rows reach ClickHouse from the WAL in batches: every one stored before the first query.
    await processor.drained();
    await writeRegressionCard(processor, seeded, now);
    connect({ processorUrl: processor.url, tokens: { read: READ_TOKEN, admin: ADMIN_TOKEN } });
    const vars = {
      project: seeded.projectId,
      environment: seeded.environment,
      // Every release chosen: the multi-value path of the release filter.
      release: seeded.releases,
      base: seeded.baselineRelease,
      target: seeded.regressedRelease,
    };
    setVariables(vars);
    return {
      processor,
      seeded,
      client: new ProcessorClient(PROXY_URL),
      now,
      // To the real now: releases, deploys and issues' first / last seen carry the time they were
      // registered or received (minutes past `now`), the traffic's event times end at `now`.
      range: { from: now - DEMO_DAYS * 24 * HOUR, to: Date.now() + 60_000 },
      vars,
      stop: () => processor.stop(),
    };
  } catch (err) {
    await processor.stop();
    throw err;
  }
}
