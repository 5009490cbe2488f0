/**
 * A real processor (embedded ClickHouse) seeded with the shop (seed.ts), and the two ways the app
 * reaches it, as Grafana would carry them: a panel's query through the data source's own request
 * builder (grafana-datasource/src/query/request.ts) to POST /api/v1/query on the read route, and
 * a REST call on the read, write or admin route with that route's token (plugin.json's routes).
 */
import type { RunningProcessor } from '../../../collector-processor/src/processor';
import type { DataFrameJSON } from '../../../collector-processor/src/query/types';
import { ADMIN_TOKEN, createProject, startTestProcessor } from '../../../collector-processor/test/helpers/processor';
import { migrateQuery } from '../../../grafana-datasource/src/query/migrate';
import { buildQueryBody } from '../../../grafana-datasource/src/query/request';
import type { PulseTraceQuery } from '../../src/queries/model';
import { Seeded, seedShop } from './seed';

export const TOKENS = { read: 'app-read-token', write: 'app-write-token', admin: ADMIN_TOKEN } as const;
export type RouteRole = keyof typeof TOKENS;

export interface AppProcessor extends Seeded {
  processor: RunningProcessor;
  url: string;
  /** The page variables' values a query is interpolated with (defaults: the shop, All, All). */
  vars: Record<string, string | string[]>;
  stop(): Promise<void>;
}

export async function startAppProcessor(): Promise<AppProcessor> {
  const processor = await startTestProcessor({
    PULSETRACE_READ_TOKEN: TOKENS.read,
    PULSETRACE_WRITE_TOKEN: TOKENS.write,
  });
  const created = await createProject(processor.url, {
    name: 'shop',
    allowedOrigins: ['https://shop.example'],
    rateLimitPerSecond: 1_000_000,
  });
  const seeded = await seedShop(processor, { id: created.id, name: 'shop' });
  return {
    ...seeded,
    processor,
    url: processor.url,
    vars: { ds: 'pt', project: 'shop', environment: '*', release: '*' },
    stop: () => processor.stop(),
  };
}

/** `$var` / `${var}` as Grafana's template service expands them (a multi-value variable to each value). */
export function interpolator(vars: Record<string, string | string[]>) {
  const many = (text: string): string[] => {
    const found = /^\$\{?(\w+)\}?$/.exec(text.trim());
    if (found && vars[found[1]!] !== undefined) {
      const value = vars[found[1]!]!;
      // An empty text box is no value, as the data source's own interpolator reads it.
      return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
    }
    const replaced = text.replace(/\$\{?(\w+)\}?/g, (m, name: string) => {
      const value = vars[name];
      return value === undefined ? m : Array.isArray(value) ? value.join(',') : value;
    });
    return replaced.trim() ? [replaced.trim()] : [];
  };
  return { many, one: (text: string) => many(text)[0] ?? '' };
}

export interface RunOptions {
  from?: number;
  to?: number;
  vars?: Record<string, string | string[]>;
  /** The panel's interval and width in points, as Grafana computes them (defaults: 1 min, 500). */
  intervalMs?: number;
  maxDataPoints?: number;
}

/** One panel query as the data source would send it; the frames of its answer (throws on failure). */
export async function runPanelQuery(app: AppProcessor, query: PulseTraceQuery, options: RunOptions = {}) {
  const saved = migrateQuery(query);
  const built = buildQueryBody(saved, {
    from: options.from ?? app.now - 24 * 3600_000,
    to: options.to ?? app.now + 60_000,
    intervalMs: options.intervalMs ?? 60_000,
    maxDataPoints: options.maxDataPoints ?? 500,
    interpolate: interpolator({ ...app.vars, ...options.vars }),
  });
  if (!built.ok) {
    throw new Error(`${query.refId} (${query.type}): the request builder refused it: ${built.message}`);
  }
  const response = await callRoute(app, 'read', 'POST', '/api/v1/query', built.body);
  const result = (
    response.body as { results?: Record<string, { status: number; frames?: DataFrameJSON[]; error?: string }> }
  ).results?.[query.refId];
  if (response.status !== 200 || !result || result.status !== 200) {
    throw new Error(`${query.refId} (${query.type}) failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return result.frames ?? [];
}

/** A REST call on one of plugin.json's proxy routes: that route's token, as Grafana's data proxy adds it. */
export async function callRoute(
  app: Pick<AppProcessor, 'url'>,
  role: RouteRole,
  method: string,
  path: string,
  body?: unknown
) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKENS[role]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** A frame's fields as {name: values}. */
export function columnsOf(frame: DataFrameJSON): Record<string, unknown[]> {
  return Object.fromEntries(frame.schema.fields.map((f, i) => [f.name, frame.data.values[i] ?? []]));
}

/** A frame's field names and the number of rows. */
export function shapeOf(frame: DataFrameJSON) {
  return { fields: frame.schema.fields.map((f) => f.name), rows: frame.data.values[0]?.length ?? 0 };
}
