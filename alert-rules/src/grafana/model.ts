/**
 * A rule's query (the processor's body without project and time range) as the PulseTrace
 * datasource's saved query model (`PulseTraceQuery`, grafana-datasource/src/types.ts): what a
 * Grafana alert rule sends to the datasource backend, which builds the POST /api/v1/query body
 * from it as the frontend's `buildQueryBody()` does. Pure.
 */

/** The model's own keys besides the query type's options (types.ts `PulseTraceQuery`). */
const BASE_KEYS = ['type', 'filters', 'exclude', 'groupBy', 'includeBots', 'limit'] as const;
/** The processor's keys Grafana sets itself in an alert query (relativeTimeRange, interval). */
const GRAFANA_SETS = ['intervalMs', 'maxDataPoints'] as const;

export interface PulseTraceModel {
  refId: string;
  datasource: { type: string; uid: string };
  schemaVersion: number;
  type: string;
  project: string;
  filters: Record<string, string[]>;
  exclude: Record<string, string[]>;
  groupBy: string[];
  includeBots: boolean;
  /**
   * Grafana alerting needs one number per series (a table with exactly one numeric column, or
   * value fields with distinct labels), while most query types answer several fields (p75 and
   * samples, error_rate and sessions…). The datasource backend keeps only this numeric field of
   * each frame and never sends the key to the processor (docs/alerting.md, "Grafana provisioning").
   */
  alertField?: string;
  intervalMs?: number;
  maxDataPoints?: number;
  [option: string]: unknown;
}

/** The saved model's schema version the datasource expects (types.ts SCHEMA_VERSION). */
export const MODEL_SCHEMA_VERSION = 1;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);
const filterMap = (v: unknown): Record<string, string[]> =>
  Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]) => [k, asList(x)]));

export function toModel(
  query: { type: string } & Record<string, unknown>,
  opts: { refId: string; project: string; datasource: { type: string; uid: string }; field?: string },
): PulseTraceModel {
  const options = Object.fromEntries(
    Object.entries(query).filter(
      ([k]) =>
        !(BASE_KEYS as readonly string[]).includes(k) && !(GRAFANA_SETS as readonly string[]).includes(k),
    ),
  );
  return {
    refId: opts.refId,
    datasource: opts.datasource,
    schemaVersion: MODEL_SCHEMA_VERSION,
    type: query.type,
    project: opts.project,
    filters: filterMap(query.filters),
    exclude: filterMap(query.exclude),
    groupBy: ((query.groupBy as string[] | undefined) ?? []).map(String),
    includeBots: query.includeBots === true,
    ...(query.limit === undefined ? {} : { limit: Number(query.limit) }),
    ...options,
    ...(opts.field === undefined ? {} : { alertField: opts.field }),
    ...(query.intervalMs === undefined ? {} : { intervalMs: Number(query.intervalMs) }),
    ...(query.maxDataPoints === undefined ? {} : { maxDataPoints: Number(query.maxDataPoints) }),
  };
}
