/**
 * The Pipeline health dashboard against a real Prometheus scraping a real processor: after demo
 * ingest, a refused request and a pass of the alert ruler, every panel's PromQL (Grafana's
 * $__rate_interval replaced as Grafana would for a 1 s scrape) returns series through
 * Prometheus's HTTP API.
 */
import path from 'node:path';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { ADMIN_TOKEN, startTestProcessor, until } from '../../collector-processor/test/helpers/processor';
import { seedDemo } from '../../cli/src/demo/seed';
import { dashboardOf } from './helpers/panels';
import { RunningPrometheus, startPrometheus } from './helpers/prometheus';

jest.setTimeout(120_000);

/** Grafana's $__rate_interval for a 1 s scrape: max(4 × scrape interval, step + scrape). */
const RATE_INTERVAL = '5s';
const RULES = path.resolve(__dirname, '../../alert-rules/generated/pulsetrace-rules.json');

let processor: RunningProcessor;
let prometheus: RunningPrometheus;
let from: number;

/** A malformed OTLP body: refused with reason "malformed". */
async function refuse() {
  const res = await fetch(`${processor.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"resourceSpans": [',
  });
  expect(res.status).toBe(400);
}

beforeAll(async () => {
  processor = await startTestProcessor({ PULSETRACE_ALERT_RULES_FILE: RULES });
  // A labelled counter's series starts at its first increment: one before the first scrape, so
  // the later one is an increase rate() sees.
  await refuse();
  // The same for the received-records series (labelled by signal): a small, older demo day first,
  // or a seed that ends between two scrapes shows a counter that never increases.
  await seedDemo({
    url: processor.url,
    adminToken: ADMIN_TOKEN,
    days: 0.1,
    scale: 0.05,
    now: new Date(Date.now() - 2 * 86_400_000),
  });
  prometheus = await startPrometheus(new URL(processor.url).host);
  from = Date.now();
  // The first scrape: counters that exist from the start (the WAL gauges) are up.
  await until(
    async () =>
      (await prometheus.queryRange('up{job="pulsetrace-processor"} == 1', from - 5000, Date.now())).length >
      0,
    30_000,
    'the first scrape',
  );
  // Ingest through the OTLP path (rates, rows, insert latency), a refused request (rejections)…
  const seeded = await seedDemo({ url: processor.url, adminToken: ADMIN_TOKEN, days: 0.25, scale: 0.05 });
  await refuse();
  await processor.drained();
  // …a panel query through the query API (query latency)…
  const query = await fetch(`${processor.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({
      refId: 'A',
      type: 'sessions',
      project: seeded.projectId,
      from: Date.now() - 86_400_000,
      to: Date.now(),
    }),
  });
  expect(query.status).toBe(200);
  // …and one pass of the alert ruler over the demo project (rule evaluations).
  await processor.ruler.runOnce(Date.now());
  expect(seeded.spansSent).toBeGreaterThan(0);
  // Three more scrapes so every rate() window holds the counters' increase.
  const after = Date.now();
  await until(
    async () =>
      (await prometheus.queryRange('pulsetrace_ingest_rejected_total', after, Date.now())).length > 0 &&
      Date.now() - after > 3000,
    30_000,
    'a scrape after the ingest',
  );
});

afterAll(async () => {
  await prometheus?.stop();
  await processor?.stop();
});

const targets = dashboardOf('pipeline-health').panels.flatMap((p) =>
  (p.targets ?? []).map((t) => [p.title, String(t.expr)] as const),
);

it('has the panels the issue names', () => {
  const titles = targets.map(([title]) => title).join(' | ');
  for (const name of [
    'Ingest rate',
    'Rejections by reason',
    'WAL bytes',
    'Queue depth',
    'Insert latency',
    'Query latency',
    'Rule evaluations',
  ])
    expect(titles).toContain(name);
});

it.each(targets)('%s returns series from Prometheus', async (_title, expr) => {
  const series = await prometheus.queryRange(
    expr.replaceAll('$__rate_interval', RATE_INTERVAL),
    from,
    Date.now(),
  );
  expect(series.length).toBeGreaterThan(0);
  expect(series.some((s) => s.values.length > 0)).toBe(true);
});

it('shows the ingest and the refused request as non-zero rates', async () => {
  const max = async (expr: string) =>
    Math.max(
      ...(await prometheus.queryRange(expr, from, Date.now())).flatMap((s) =>
        s.values.map(([, v]) => Number(v)),
      ),
    );
  expect(await max(`sum(rate(pulsetrace_ingest_records_received_total[${RATE_INTERVAL}]))`)).toBeGreaterThan(
    0,
  );
  expect(await max(`sum(rate(pulsetrace_ingest_rejected_total[${RATE_INTERVAL}]))`)).toBeGreaterThan(0);
});
