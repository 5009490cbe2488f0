/** The web_analytics query type: options, frame fields and units; the SQL is in web-analytics-sql.ts. */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import type { FrameMeta } from '../../types';
import { dimensionFields } from './shared';
import { buildWebAnalyticsSql, WEB_METRICS, type WebAnalyticsSql, type WebMetric } from './web-analytics-sql';

/** Grafana units: counts, a share, seconds, and page views per session. */
const METRIC_UNIT: Record<WebMetric, string> = {
  page_views: 'short',
  visitors: 'short',
  users: 'short',
  sessions: 'short',
  bounce_rate: 'percentunit',
  session_duration: 's',
  views_per_session: 'short',
  time_on_page: 's',
};

export function metricFields(metrics: readonly WebMetric[]): FieldSpec[] {
  return [...new Set(metrics)].map((m) => ({
    name: m,
    type: 'number' as const,
    config: { unit: METRIC_UNIT[m] },
  }));
}

function frameMeta(built: WebAnalyticsSql): FrameMeta {
  return {
    custom: {
      // page_views answers the page metrics always; `source` names what answered the session ones.
      source: built.sessionSource ?? 'page_views',
      ...(built.intervalSeconds === undefined ? {} : { intervalMs: built.intervalSeconds * 1000 }),
    },
  };
}

export const webAnalyticsHandler = defineHandler({
  type: 'web_analytics',
  summary:
    'Page views, visitors, logged-in users, sessions, bounce rate, session duration, views per session and time on page',
  schema: QueryBase.extend({
    type: z.literal('web_analytics'),
    metrics: z
      .array(z.enum(WEB_METRICS, { error: `metrics are ${WEB_METRICS.join(', ')}` }))
      .min(1)
      .max(WEB_METRICS.length)
      .default(['page_views', 'visitors']),
    view: z.enum(['timeseries', 'table', 'total']).default('timeseries'),
  }),
  async run(q, ctx) {
    const built = buildWebAnalyticsSql(q);
    const rows = await runSql(ctx, built);
    const fields = metricFields(q.metrics);
    const meta = frameMeta(built);
    if (q.view === 'timeseries')
      return timeseriesFrames(q.refId, rows, { values: fields, labels: q.groupBy, meta });
    const dims = q.view === 'table' ? q.groupBy : [];
    return [tableFrame(q.refId, [...dimensionFields(dims), ...fields], rows, meta)];
  },
});
