/**
 * Rows for the performance, custom event, session and values tests: complete rows of every signal
 * table (commonRow plus the table's own columns), built from epoch-ms times. Tests compute their
 * expected answers from the same objects they insert.
 */
import type {
  CommonRow,
  CustomEventRow,
  ErrorRow,
  HttpRequestRow,
  LongTaskRow,
  PageViewRow,
  ResourceRow,
  WebVitalRow,
} from '../../src/store/rows';
import type { DataFrameJSON } from '../../src/query/types';
import { toDateTime64 } from '../../src/store/time';
import { columns } from './query';
import { commonRow, errorOf, pageViewOf } from './rows';

/** Common columns at `atMs` (received one second later unless given). */
export type At = Partial<CommonRow> & { atMs: number; receivedMs?: number };

let sequence = 0;

function common({ atMs, receivedMs, ...overrides }: At): CommonRow {
  return commonRow({
    timestamp: toDateTime64(atMs),
    received_at: toDateTime64(receivedMs ?? atMs + 1000),
    event_id: `ev-${++sequence}`,
    ...overrides,
  });
}

/** A minute boundary `minutesAgo` before now, so pre-aggregate minutes and raw rows cover the same span. */
export function minuteAgo(minutesAgo: number): number {
  return Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000;
}

export function pageView(at: At, own: Partial<PageViewRow> = {}): PageViewRow {
  return pageViewOf(common(at), {
    title: 'Shop',
    ttfb_ms: 80,
    dom_interactive_ms: 300,
    dom_content_loaded_ms: 400,
    load_ms: 900,
    duration_ms: 950,
    ...own,
  });
}

export function webVital(at: At, own: Partial<WebVitalRow> = {}): WebVitalRow {
  return {
    ...common(at),
    name: 'LCP',
    value: 2100,
    delta: 2100,
    rating: 'good',
    navigation_type: 'navigate',
    metric_id: `m-${sequence}`,
    attribution: {},
    ...own,
  };
}

export function errorEvent(at: At, own: Partial<ErrorRow> = {}): ErrorRow {
  return errorOf(common(at), { fingerprint: 'fp-type-error', ...own });
}

export function customEventRow(at: At, own: Partial<CustomEventRow> = {}): CustomEventRow {
  return { ...common(at), name: 'checkout', properties: {}, properties_num: {}, ...own };
}

export function httpRequest(at: At, own: Partial<HttpRequestRow> = {}): HttpRequestRow {
  return {
    ...common(at),
    method: 'GET',
    http_url: 'https://api.shop.example/products/1',
    url_template: '/products/:id',
    server_address: 'api.shop.example',
    status_code: 200,
    duration_ms: 100,
    request_size: 0,
    response_size: 2048,
    error_type: '',
    ...own,
  };
}

export function longTask(at: At, own: Partial<LongTaskRow> = {}): LongTaskRow {
  return {
    ...common(at),
    kind: 'long-animation-frame',
    duration_ms: 120,
    blocking_duration_ms: 70,
    script_url: 'https://shop.example/app.js',
    invoker: 'BUTTON.onclick',
    ...own,
  };
}

export function resource(at: At, own: Partial<ResourceRow> = {}): ResourceRow {
  return {
    ...common(at),
    resource_type: 'script',
    resource_url: 'https://shop.example/app.js',
    duration_ms: 40,
    transfer_size: 10_000,
    encoded_body_size: 9_700,
    decoded_body_size: 30_000,
    render_blocking: 'non-blocking',
    next_hop_protocol: 'h2',
    ...own,
  };
}

/** Rows grouped by a key, for computing expected answers. */
export function groupRows<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Epoch ms of a row's timestamp string. */
export const msOf = (dateTime64: string): number => Math.round(Number(dateTime64) * 1000);

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** A table frame as one object per row, keyed by field name. */
export function rowsOf(frame: DataFrameJSON): Array<Record<string, unknown>> {
  const c = columns(frame);
  const n = frame.data.values[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v[i]])),
  );
}

/** Exact percentile with linear interpolation, to check t-digest estimates against. */
export function percentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo);
}
