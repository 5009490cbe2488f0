/**
 * Pipeline health: the processor's own /metrics (collector-processor/src/observability/metrics.ts)
 * through the Prometheus data source (uid `prometheus`, scraping every processor replica).
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { TAG, uidOf } from '../common';
import { PROMETHEUS } from '../datasources';
import { HALF, THIRD, timeseriesPanel } from '../panels';

/** One PromQL series set; `legend` is Grafana's legend format ({{label}}). */
const prom = (expr: string, legend: string, refId = 'A') =>
  new DataqueryBuilder().datasource(PROMETHEUS).expr(expr).legendFormat(legend).range().refId(refId);

/** Grafana picks the window: at least four scrape intervals, so a rate always has two samples. */
const RATE = '$__rate_interval';
const rate = (metric: string, by: string) => `sum by (${by}) (rate(${metric}[${RATE}]))`;
const p95 = (metric: string) => `histogram_quantile(0.95, sum by (le) (rate(${metric}_bucket[${RATE}])))`;

export function pipelineHealth() {
  return new DashboardBuilder('PulseTrace / Pipeline health')
    .uid(uidOf('pipeline-health'))
    .description(
      "The processor's ingest, write-ahead log, ClickHouse inserts and alert rule evaluations, from its /metrics.",
    )
    .tags([TAG, 'pipeline'])
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .link(
      new DashboardLinkBuilder('PulseTrace dashboards')
        .type(DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(false)
        .keepTime(true)
        .targetBlank(false)
        .icon('external link')
        .url('')
        .tooltip(''),
    )
    .withPanel(
      timeseriesPanel(
        'Ingest rate (records/s)',
        [prom(rate('pulsetrace_ingest_records_received_total', 'signal'), '{{signal}}')],
        {
          w: HALF,
          unit: 'ops',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Rows stored (rows/s)',
        [prom(rate('pulsetrace_ingest_rows_accepted_total', 'table'), '{{table}}')],
        {
          w: HALF,
          unit: 'ops',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Requests by status',
        [prom(rate('pulsetrace_ingest_requests_total', 'signal, code'), '{{signal}} {{code}}')],
        {
          w: HALF,
          unit: 'reqps',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Rejections by reason',
        [prom(rate('pulsetrace_ingest_rejected_total', 'reason'), '{{reason}}')],
        {
          w: HALF,
          unit: 'ops',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'WAL bytes not yet stored',
        [prom('sum by (instance) (pulsetrace_wal_bytes)', '{{instance}}')],
        {
          w: THIRD,
          unit: 'bytes',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Queue depth (rows)',
        [prom('sum by (instance) (pulsetrace_queue_depth_rows)', '{{instance}}')],
        {
          w: THIRD,
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel('Insert latency p95', [prom(p95('pulsetrace_insert_duration_seconds'), 'p95')], {
        w: THIRD,
        unit: 's',
        prometheus: true,
      }),
    )
    .withPanel(
      timeseriesPanel(
        'Query latency p95',
        [
          prom(
            `histogram_quantile(0.95, sum by (le, type) (rate(pulsetrace_query_duration_seconds_bucket[${RATE}])))`,
            '{{type}}',
          ),
        ],
        {
          w: THIRD,
          unit: 's',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Rule evaluations',
        [prom(rate('pulsetrace_alert_evaluations_total', 'kind'), '{{kind}}')],
        {
          w: THIRD,
          unit: 'ops',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Rule evaluation latency p95',
        [prom(p95('pulsetrace_alert_evaluation_duration_seconds'), 'p95')],
        {
          w: THIRD,
          unit: 's',
          prometheus: true,
        },
      ),
    )
    .withPanel(
      timeseriesPanel(
        'Pipeline stage latency p95',
        [
          prom(
            `histogram_quantile(0.95, sum by (le, stage) (rate(pulsetrace_stage_duration_seconds_bucket[${RATE}])))`,
            '{{stage}}',
          ),
        ],
        {
          w: THIRD,
          unit: 's',
          prometheus: true,
        },
      ),
    );
}
