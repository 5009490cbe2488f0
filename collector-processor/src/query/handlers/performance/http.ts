/** `http`: browser HTTP client requests per endpoint template (fetch/XHR spans). */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { QueryBase } from '../../schema';
import { intervalSeconds } from '../../sql';
import { buildHttpSql, ENDPOINT_KEYS, HTTP_VIEWS } from './http-sql';
import { dimensionFields, field, sourceMeta } from './shared';

const MEASURE_FIELDS: FieldSpec[] = [
  field.count('requests'),
  { name: 'error_rate', type: 'number', config: { unit: 'percentunit' } },
  field.ms('p50_ms'),
  field.ms('p95_ms'),
];

export const httpHandler = defineHandler({
  type: 'http',
  summary:
    'HTTP requests per endpoint (method, host, URL template): requests, error rate (status 0 or ≥ 500), p50/p95 latency; views endpoints, status_codes, timeseries',
  schema: QueryBase.extend({
    type: z.literal('http'),
    view: z.enum(HTTP_VIEWS, { error: `view is one of ${HTTP_VIEWS.join(', ')}` }).default('endpoints'),
    methods: z.array(z.string().min(1).max(20)).min(1).max(20).optional(),
    urlTemplates: z.array(z.string().min(1).max(1000)).min(1).max(100).optional(),
  }),
  async run(q, ctx) {
    const seconds = intervalSeconds(q);
    const built = buildHttpSql(q, seconds);
    const rows = await runSql(ctx, built);
    const endpointFields = [...dimensionFields(q.groupBy), ...ENDPOINT_KEYS.map(field.str)];
    if (q.view === 'timeseries')
      return timeseriesFrames(q.refId, rows, {
        values: MEASURE_FIELDS,
        labels: q.groupBy,
        meta: sourceMeta(built.source, { intervalMs: seconds * 1000 }),
      });
    if (q.view === 'endpoints')
      return [tableFrame(q.refId, [...endpointFields, ...MEASURE_FIELDS], rows, sourceMeta(built.source))];
    const statusFields: FieldSpec[] = [
      ...endpointFields,
      { name: 'status_code', type: 'number', config: { unit: 'none' } },
      field.count('count'),
      { name: 'share', type: 'number', config: { unit: 'percentunit' } },
    ];
    return [tableFrame(q.refId, statusFields, rows, sourceMeta(built.source))];
  },
});
