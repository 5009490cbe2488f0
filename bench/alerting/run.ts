/**
 * Alerting benchmark (issue #17, "Must show"): time from the acknowledgement of the triggering
 * request (the ingest's 200) to the arrival of the notification at a webhook receiver, for event
 * rules (a new issue) and threshold rules (p75 LCP of a route over 2.5 s), through the real stack
 * in this process: OTLP ingest → WAL → batch writer → embedded ClickHouse → ruler (its own tick,
 * or the writer's onStored hook) → outbox → delivery loop (its own timer, under the lease) →
 * signed webhook POST to a server on 127.0.0.1. Settings are the processor's defaults unless given.
 *
 *   npm run bench:alerting                      # 50 + 50 trials, ~4 min
 *   npm run bench:alerting -- --trials 100
 *   npm run bench:alerting -- --quick           # 10 + 10 trials, printed, bench/results left alone
 *   (--tick-ms, --delivery-ms, --batch-wait-ms: other processor settings, printed only)
 *
 * Writes bench/results/alerting.json; docs/benchmarks.md ("Alerting") quotes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { verifySignature } from '../../collector-processor/src/alerting/notify/signature';
import {
  ADMIN_TOKEN,
  createProject,
  startTestProcessor,
} from '../../collector-processor/test/helpers/processor';
import { startTarget } from '../../collector-processor/test/helpers/receivers';
import { hasFlag, numberArg } from '../cli';
import { machineInfo } from '../machine';
import { probe } from './probe';
import { summarise } from './summary';
import { putReceiver, putRule } from './traffic';
import { eventTrials, thresholdTrials, type TrialContext } from './trials';

const QUICK = hasFlag('quick');
const TRIALS = numberArg('trials', QUICK ? 10 : 50);
// Defaults of src/config/config.ts: what a deployment gets.
const TICK_MS = numberArg('tick-ms', 10_000);
const DELIVERY_MS = numberArg('delivery-ms', 1000);
const BATCH_WAIT_MS = numberArg('batch-wait-ms', 1000);
const DEFAULTS = TICK_MS === 10_000 && DELIVERY_MS === 1000 && BATCH_WAIT_MS === 1000;
/** The threshold rule's evaluation interval (the target is this + 5 s). */
const RULE_INTERVAL_MS = 10_000;
const SPACING_MS = numberArg('spacing-ms', 1370);
const SECRET = 'whsec_bench-signing-key-0123456789';
const ROOT = path.resolve(__dirname, '../..');

const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

async function main() {
  const started = Date.now();
  const hook = await startTarget();
  const p = await startTestProcessor({
    PULSETRACE_ALERTS_INTERVAL_MS: String(TICK_MS),
    PULSETRACE_ALERTS_DELIVERY_MS: String(DELIVERY_MS),
    PULSETRACE_BATCH_MAX_WAIT_MS: String(BATCH_WAIT_MS),
  });
  try {
    log(
      `processor up (ruler tick ${TICK_MS} ms, delivery ${DELIVERY_MS} ms, batch wait ${BATCH_WAIT_MS} ms)`,
    );
    const marks = probe(p);
    const setup = async (name: string) => {
      const project = await createProject(p.url, { name, rateLimitPerSecond: 1_000_000 });
      await putReceiver(p.url, ADMIN_TOKEN, project.id, {
        type: 'webhook',
        name: 'hook',
        url: `${hook.url}/${name}`,
        secret: SECRET,
      });
      return project;
    };
    const events = await setup('bench-events');
    await putRule(p.url, ADMIN_TOKEN, events.id, {
      kind: 'event',
      id: 'new-issue',
      name: 'New issue',
      event: 'issue.new',
      annotations: { summary: 'New issue' },
      receivers: ['hook'],
    });
    const thresholds = await setup('bench-thresholds');
    await putRule(p.url, ADMIN_TOKEN, thresholds.id, {
      kind: 'threshold',
      id: 'lcp-route',
      name: 'LCP p75 over 2.5 s',
      annotations: { summary: 'LCP p75 is {{ $value }} ms on {{ $labels.route }}' },
      // As the built-in web-vitals rules query (alert-rules/src/builtins/web-vitals.ts: the table
      // over the window, from the minute pre-aggregate), with this benchmark's window and interval.
      query: {
        type: 'web_vitals',
        metric: 'LCP',
        percentiles: [75],
        view: 'table',
        groupBy: ['route'],
        limit: 1000,
      },
      field: 'p75',
      window: '5m',
      reducer: 'max',
      condition: { op: '>', threshold: 2500 },
      interval: `${RULE_INTERVAL_MS / 1000}s`,
      for: '0s',
      receivers: ['hook'],
    });
    log('projects, receivers and rules made through the API');
    const context = (ingestKey: string): TrialContext => ({
      url: p.url,
      ingestKey,
      hook,
      probe: marks,
      verify: (r) =>
        verifySignature(r.headers['x-pulsetrace-signature'] as string | undefined, r.body, SECRET).ok,
      log,
    });

    log(`event rule (issue.new): ${TRIALS} trials, one after another`);
    const eventRuns = await eventTrials(
      context(events.ingestKey),
      TRIALS,
      DELIVERY_MS + BATCH_WAIT_MS,
      30_000,
    );
    const event = summarise(eventRuns, 5_000);
    log(
      `event: p50 ${event.latencyMs?.p50} ms, p95 ${event.latencyMs?.p95} ms, max ${event.latencyMs?.max} ms`,
    );

    log(`threshold rule (interval ${RULE_INTERVAL_MS} ms, for 0s): ${TRIALS} trials every ${SPACING_MS} ms`);
    const thresholdRuns = await thresholdTrials(
      context(thresholds.ingestKey),
      TRIALS,
      SPACING_MS,
      RULE_INTERVAL_MS + TICK_MS + 30_000,
      TICK_MS + RULE_INTERVAL_MS,
    );
    const threshold = summarise(thresholdRuns, RULE_INTERVAL_MS + 5_000);
    log(
      `threshold: p50 ${threshold.latencyMs?.p50} ms, p95 ${threshold.latencyMs?.p95} ms, max ${threshold.latencyMs?.max} ms`,
    );

    const report = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      command: `npm run bench:alerting${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      measured:
        'ms from the 200 of the triggering POST /v1/traces to the arrival of its webhook delivery at a receiver on 127.0.0.1',
      settings: {
        rulerTickMs: TICK_MS,
        // What processor.ts gives the ruler: ticks this long after each boundary (at most half a tick).
        rulerSettleMs: Math.min(BATCH_WAIT_MS + 1000, Math.floor(TICK_MS / 2)),
        deliveryIntervalMs: DELIVERY_MS,
        batchMaxWaitMs: BATCH_WAIT_MS,
        store: 'embedded chDB, in the benchmark process',
        eventRule: 'issue.new; one new issue (unique message and crash site) per trial, sequential',
        thresholdRule: {
          query: 'web_vitals LCP p75 per route, table view (the minute pre-aggregate), as the built-in rules',
          window: '5m',
          interval: `${RULE_INTERVAL_MS / 1000}s`,
          for: '0s',
          condition: '> 2500',
          trialSpacingMs: SPACING_MS,
        },
      },
      targets: { eventP95Ms: 5_000, thresholdP95Ms: RULE_INTERVAL_MS + 5_000 },
      event,
      threshold,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    const { samplesMs: _e, ...eventShown } = event;
    const { samplesMs: _t, ...thresholdShown } = threshold;
    console.log(JSON.stringify({ event: eventShown, threshold: thresholdShown }, null, 2));
    if (!QUICK && DEFAULTS && TRIALS >= 50) {
      const out = path.join(ROOT, 'bench/results/alerting.json');
      const options = { ...(await prettier.resolveConfig(out)), parser: 'json' };
      fs.writeFileSync(out, await prettier.format(JSON.stringify(report), options));
      log(`wrote ${out}`);
    } else log('not written to bench/results (quick, fewer than 50 trials or non-default settings)');
  } finally {
    await p.stop();
    await hook.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
