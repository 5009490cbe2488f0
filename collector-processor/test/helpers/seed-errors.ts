/**
 * Rows for the errors/issues/releases query tests: complete rows of each signal table with the
 * columns a test is about overridden, plus the small calculations the tests use to compute their
 * expected answers from the seeded rows (who counts as a user, what is in range), and the release
 * traffic the releases tests share.
 */
import type { DataFrameJSON } from '../../src/query/types';
import type { ErrorRow, HttpRequestRow, PageViewRow, WebVitalRow } from '../../src/store/rows';
import { toDateTime64 } from '../../src/store/time';
import { commonRow, errorOf, pageViewOf } from './rows';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Overrides plus `at`: the event time in epoch ms (timestamp and received_at both). */
type Seed<T> = Partial<T> & { at: number };

function times(at: number) {
  return { timestamp: toDateTime64(at), received_at: toDateTime64(at) };
}

export interface Frame {
  function: string;
  filename: string;
  lineno: number;
  colno: number;
  in_app?: number;
  context?: string;
  raw?: { url: string; line: number; column: number; fn: string };
}

export function errorRow(project: string, o: Seed<ErrorRow> & { frames?: Frame[] }): ErrorRow {
  const { at, frames = [], ...rest } = o;
  return errorOf(commonRow({ project_id: project, ...times(at) }), {
    'frames.filename': frames.map((f) => f.filename),
    'frames.function': frames.map((f) => f.function),
    'frames.lineno': frames.map((f) => f.lineno),
    'frames.colno': frames.map((f) => f.colno),
    'frames.in_app': frames.map((f) => f.in_app ?? 1),
    'frames.abs_path': frames.map((f) => f.raw?.url ?? f.filename),
    'frames.raw_lineno': frames.map((f) => f.raw?.line ?? f.lineno),
    'frames.raw_colno': frames.map((f) => f.raw?.column ?? f.colno),
    'frames.raw_function': frames.map((f) => f.raw?.fn ?? f.function),
    'frames.context': frames.map((f) => f.context ?? ''),
    'frames.symbolicated': frames.map((f) => (f.raw ? 1 : 0)),
    symbolication: frames.length ? 'mapped' : 'none',
    fingerprint: 'fp-default',
    grouping: '{}',
    causes: '[]',
    breadcrumbs: '[]',
    ...rest,
  });
}

/** The grouping JSON the fingerprint stage stores, naming the issue's title and culprit. */
export function grouping(title: string, culprit: string): string {
  return JSON.stringify({ method: 'stack', title, culprit, components: [] });
}

export function pageViewRow(project: string, o: Seed<PageViewRow>): PageViewRow {
  const { at, ...rest } = o;
  return pageViewOf(commonRow({ project_id: project, ...times(at) }), {
    title: 'Shop',
    ttfb_ms: 100,
    dom_interactive_ms: 400,
    dom_content_loaded_ms: 500,
    load_ms: 1000,
    duration_ms: 1000,
    ...rest,
  });
}

export function webVitalRow(project: string, o: Seed<WebVitalRow>): WebVitalRow {
  const { at, ...rest } = o;
  return {
    ...commonRow({ project_id: project, ...times(at) }),
    name: 'LCP',
    value: 0,
    delta: 0,
    rating: 'good',
    navigation_type: 'navigate',
    metric_id: '',
    attribution: {},
    ...rest,
  };
}

export function httpRow(project: string, o: Seed<HttpRequestRow>): HttpRequestRow {
  const { at, ...rest } = o;
  return {
    ...commonRow({ project_id: project, ...times(at) }),
    method: 'GET',
    http_url: 'https://api.shop.example/cart',
    url_template: '/cart',
    server_address: 'api.shop.example',
    status_code: 200,
    duration_ms: 120,
    request_size: 0,
    response_size: 512,
    error_type: '',
    ...rest,
  };
}

/** A registered release as the releases API stores it (migration 0005). */
export function registeredRelease(project: string, release: string, createdAt: number) {
  return {
    project_id: project,
    release,
    created_at: toDateTime64(createdAt),
    finalized_at: null,
    ref: '',
    url: '',
    updated_by: 'test',
    version: 1,
  };
}

/** Who a row counts as for unique users: user id, else visitor id, else the cookieless hash. */
export function visitorOf(r: { user_id: string; visitor_id: string; visitor_hash: string }): string {
  return r.user_id || r.visitor_id || r.visitor_hash;
}

/** The number of distinct non-empty values. */
export function distinct(values: string[]): number {
  return new Set(values.filter((v) => v !== '')).size;
}

/** Epoch ms of a DateTime64 string as the rows carry it. */
export function msOf(dateTime: string): number {
  return Math.round(Number(dateTime) * 1000);
}

/** Groups items by a key, keeping first-seen key order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A table frame's rows as objects keyed by field name. */
export function records(frame: DataFrameJSON): Array<Record<string, unknown>> {
  const names = frame.schema.fields.map((f) => f.name);
  return Array.from({ length: frame.data.values[0]?.length ?? 0 }, (_, i) =>
    Object.fromEntries(names.map((name, j) => [name, frame.data.values[j]![i]])),
  );
}

/**
 * What the issues table should say about an issue, from all its seeded rows (its lifetime, by
 * received time): first/last release skip events without a release.
 */
export function issueAggregate(rows: ErrorRow[]) {
  const sorted = [...rows].sort((a, b) => msOf(a.received_at) - msOf(b.received_at));
  const released = sorted.filter((r) => r.release !== '');
  return {
    type: sorted.at(-1)!.exception_type,
    first_seen: msOf(sorted[0]!.received_at),
    last_seen: msOf(sorted.at(-1)!.received_at),
    events: rows.length,
    users: distinct(rows.map(visitorOf)),
    sessions: distinct(rows.map((r) => r.session_id)),
    first_release: released[0]?.release ?? null,
    last_release: released.at(-1)?.release ?? null,
  };
}

export interface ReleaseRows {
  page_views: PageViewRow[];
  errors: ErrorRow[];
  web_vitals: WebVitalRow[];
  http_requests: HttpRequestRow[];
}

/**
 * Traffic of 60 sessions over the five hours before `now`, in releases 1.0.0, 1.1.0 and none;
 * 1.1.0 loads slower, has a slower LCP, more sessions with errors and more failed requests. Plus
 * a bot session in 1.0.0 and a 0.9.0 session two days earlier, which the default range leaves out.
 */
export function releaseTraffic(project: string, now: number): ReleaseRows {
  const rows: ReleaseRows = { page_views: [], errors: [], web_vitals: [], http_requests: [] };
  for (let i = 0; i < 60; i++) {
    const release = i % 6 === 0 ? '' : i % 2 ? '1.1.0' : '1.0.0';
    const slower = release === '1.1.0' ? 1 : 0;
    const who = {
      release,
      session_id: `s${i}`,
      user_id: i < 20 ? `u${i % 10}` : '',
      visitor_hash: `h${i}`,
      browser_name: i % 5 === 0 ? 'Safari' : 'Chrome',
    };
    const start = now - 5 * HOUR + i * 4 * MINUTE;
    for (let k = 0; k <= i % 3; k++) {
      const at = start + k * MINUTE;
      const load_ms = 800 + ((i * 37 + k * 11) % 500) + 300 * slower;
      rows.page_views.push(pageViewRow(project, { ...who, at, load_ms }));
      rows.web_vitals.push(
        webVitalRow(project, {
          ...who,
          at,
          name: 'LCP',
          value: 1500 + ((i * 97 + k * 13) % 1000) + 400 * slower,
        }),
        webVitalRow(project, { ...who, at, name: 'INP', value: 100 + ((i * 31 + k) % 200) }),
        webVitalRow(project, { ...who, at, name: 'CLS', value: ((i * 7 + k) % 30) / 100 }),
      );
    }
    rows.page_views.push(
      pageViewRow(project, { ...who, at: start + 5 * MINUTE, is_soft_navigation: 1, load_ms: 0 }),
    );
    if (i % (slower ? 3 : 4) === 0)
      for (let k = 0; k <= i % 2; k++)
        rows.errors.push(errorRow(project, { ...who, at: start + 2 * MINUTE + k }));
    for (let k = 0; k < 3; k++) {
      const failed = slower ? k > 0 : (i + k) % 7 === 0;
      const status_code = failed ? (k === 2 ? 0 : 503) : 200;
      rows.http_requests.push(httpRow(project, { ...who, at: start + k * 1000, status_code }));
    }
  }
  const bot = { release: '1.0.0', session_id: 'bot', is_bot: 1 };
  rows.page_views.push(pageViewRow(project, { at: now - HOUR, ...bot }));
  rows.errors.push(errorRow(project, { at: now - HOUR, ...bot }));
  rows.page_views.push(pageViewRow(project, { at: now - 2 * DAY, release: '0.9.0', session_id: 'old' }));
  return rows;
}

/** Rows a query over [from, to) counts by default: in range, not bots. */
export function counted<T extends { timestamp: string; is_bot: number }>(
  list: T[],
  range: { from: number; to: number },
): T[] {
  return list.filter(
    (r) => msOf(r.timestamp) >= range.from && msOf(r.timestamp) < range.to && r.is_bot === 0,
  );
}

/** A release's page views and errors in range, its sessions and sessions with an error. */
export function releaseCounts(rows: ReleaseRows, release: string, range: { from: number; to: number }) {
  const pv = counted(rows.page_views, range).filter((r) => r.release === release);
  const er = counted(rows.errors, range).filter((r) => r.release === release);
  return {
    pv,
    er,
    sessions: distinct([...pv, ...er].map((r) => r.session_id)),
    errorSessions: distinct(er.map((r) => r.session_id)),
  };
}

/** Numbers rounded to 9 significant digits, where ClickHouse and JS sum in different orders. */
export function rounded(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(9)) : v]),
  );
}
