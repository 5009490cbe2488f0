/**
 * Every PulseTrace panel target, variable and annotation of the generated dashboards, run the way
 * the data source runs it in Grafana: migrateQuery, the request builder with Grafana's template
 * service (helpers/grafana-runtime.ts), and the data source's client through the data proxy.
 */
import { lastValueFrom } from 'rxjs';
import type { DataFrameJSON } from '../../../collector-processor/src/query/types';
import { templateInterpolator } from '../../../grafana-datasource/src/query/interpolate';
import { migrateQuery } from '../../../grafana-datasource/src/query/migrate';
import { buildQueryBody } from '../../../grafana-datasource/src/query/request';
import type { PulseTraceQuery } from '../../../grafana-datasource/src/types';
import { dashboardJson } from '../../src/generate';
import { DASHBOARDS, PROMETHEUS_DASHBOARDS } from '../../src/index';
import type { Demo } from './demo';

export interface PanelJson {
  title: string;
  type: string;
  targets?: Array<Record<string, unknown>>;
  maxDataPoints?: number;
}
export interface DashboardJson {
  uid: string;
  panels: PanelJson[];
  templating: { list: Array<{ name: string; query: unknown; regex?: string; sort?: number }> };
  annotations: { list: Array<{ name: string; target: unknown }> };
}

export const pulseTraceSlugs = Object.keys(DASHBOARDS).filter((s) => !PROMETHEUS_DASHBOARDS.includes(s));
export const dashboardOf = (slug: string) => dashboardJson(slug) as unknown as DashboardJson;

/** [dashboard slug, panel title, panel type, target] for every target of every PulseTrace panel. */
export function panelTargets() {
  return pulseTraceSlugs.flatMap((slug) =>
    dashboardOf(slug).panels.flatMap((p) =>
      (p.targets ?? []).map(
        (t) => [slug, p.title, p.type, t] as [string, string, string, Record<string, unknown>],
      ),
    ),
  );
}

/** Grafana's interval for a panel: the range over its width in points (~ 1000 px), at least 1 min. */
const intervalFor = (range: { from: number; to: number }, maxDataPoints = 1000) =>
  Math.max(60_000, Math.round((range.to - range.from) / maxDataPoints / 60_000) * 60_000);

/** One saved target's frames, as the data source's query path would fetch them. */
export async function runTarget(demo: Demo, target: Record<string, unknown>): Promise<DataFrameJSON[]> {
  const query = migrateQuery(target) as PulseTraceQuery;
  const built = buildQueryBody(query, {
    ...demo.range,
    intervalMs: intervalFor(demo.range),
    maxDataPoints: 1000,
    interpolate: templateInterpolator(),
  });
  if (!built.ok) throw new Error(`the request builder refused ${query.type}: ${built.message}`);
  const answer = await lastValueFrom(demo.client.query$([built.body]));
  const result = answer.results[query.refId];
  if (!result || result.status !== 200) {
    throw new Error(
      `${query.type} answered ${result?.status}: ${result?.error} (body ${JSON.stringify(built.body)})`,
    );
  }
  return (result.frames ?? []) as unknown as DataFrameJSON[];
}

/** The values of a frame's field, by name (throws with the fields there are when missing). */
export function column(frame: DataFrameJSON, name: string): unknown[] {
  const i = frame.schema.fields.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`no field ${name} in ${frame.schema.fields.map((f) => f.name).join(', ')}`);
  return frame.data.values[i] ?? [];
}
