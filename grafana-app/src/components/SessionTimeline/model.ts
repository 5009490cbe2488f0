/**
 * One session's events as the timeline shows them, from the `session_timeline` frame (time, kind,
 * name, detail, url, duration_ms, event_id, trace_id, issue_id; collector-processor's
 * session-timeline handler): the kind to draw (a click is a custom event the SDK names
 * browser.user_action.click), the time since the session's first event, how the event went
 * (a failed call, a poor vital) and what it links to. Pure, so every rule is tested by table.
 */
import type { DataFrame, IconName } from '@grafana/data';

export interface TimelineRow {
  time: number;
  kind: string;
  name: string;
  detail: string;
  url: string;
  durationMs: number | null;
  eventId: string;
  traceId: string;
  issueId: string;
}

export type EventKind =
  'page_view' | 'click' | 'http' | 'error' | 'web_vital' | 'long_task' | 'custom_event' | 'resource' | 'other';

/** How an event went: drawn in the theme's error, warning or success colour, or quietly. */
export type Tone = 'error' | 'warning' | 'success' | 'neutral';

export interface TimelineEvent extends TimelineRow {
  kind: EventKind;
  /** After the session's first event. */
  offsetMs: number;
  title: string;
  /** A second line: the page's title, the call's URL, the error's message… */
  summary: string;
  tone: Tone;
  /** HTTP status (0: the call never got an answer). */
  status?: number;
  /** A web vital's rating, as web-vitals names it. */
  rating?: string;
  /** Duration as a share of the session's longest one, for the bar (0–1). */
  barShare: number;
}

export const KIND_LABEL: Record<EventKind, string> = {
  page_view: 'Page view',
  click: 'Click',
  http: 'HTTP',
  error: 'Error',
  web_vital: 'Web vital',
  long_task: 'Long task',
  custom_event: 'Event',
  resource: 'Resource',
  other: 'Event',
};

export const KIND_ICON: Record<EventKind, IconName> = {
  page_view: 'file-alt',
  // A user action, as the breadcrumbs timeline draws one.
  click: 'user',
  http: 'exchange-alt',
  error: 'bug',
  web_vital: 'tachometer-fast',
  long_task: 'hourglass',
  custom_event: 'star',
  resource: 'cube',
  other: 'circle',
};

/** Custom event names that are clicks: the SDK's and OTel's user-interaction names. */
const CLICK_NAMES = new Set(['browser.user_action.click', 'click']);
const KNOWN: readonly string[] = ['page_view', 'http', 'error', 'web_vital', 'long_task', 'custom_event', 'resource'];

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The frame's rows (fields by name, so a column the processor adds later changes nothing). */
export function timelineRows(frame: DataFrame | undefined): TimelineRow[] {
  if (!frame) {
    return [];
  }
  const values = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
  const [time, kind, name, detail, url, duration, eventId, traceId, issueId] = [
    'time',
    'kind',
    'name',
    'detail',
    'url',
    'duration_ms',
    'event_id',
    'trace_id',
    'issue_id',
  ].map(values);
  return Array.from({ length: frame.length }, (_, i) => ({
    time: Number(time[i]),
    kind: text(kind[i]),
    name: text(name[i]),
    detail: text(detail[i]),
    url: text(url[i]),
    durationMs: num(duration[i]),
    eventId: text(eventId[i]),
    traceId: text(traceId[i]),
    issueId: text(issueId[i]),
  }));
}

export function eventKind(row: Pick<TimelineRow, 'kind' | 'name'>): EventKind {
  if (row.kind === 'custom_event' && CLICK_NAMES.has(row.name)) {
    return 'click';
  }
  return KNOWN.includes(row.kind) ? (row.kind as EventKind) : 'other';
}

/** The custom event's properties (the processor sends them as JSON text). */
export function properties(detail: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** What was clicked: the CSS selector the SDK sends, else OTel's xpath or tag. */
export function clickTarget(detail: string): string {
  const p = properties(detail);
  return p['browser.css_selector'] || p.target_xpath || p['browser.tag_name'] || p.target_element || '';
}

/** The HTTP detail is "<status>[ <error type>] <url>". */
export function httpStatus(detail: string): number | undefined {
  const m = /^(\d{1,3})\b/.exec(detail);
  return m ? Number(m[1]) : undefined;
}

/** A call failed when it got no answer (0) or a 4xx / 5xx. */
export const httpFailed = (status: number | undefined) => status !== undefined && (status === 0 || status >= 400);

/** The vital detail is "<value> (<rating>)". */
export function vitalParts(detail: string): { value: number | undefined; rating: string | undefined } {
  const m = /^(-?[\d.]+)(?: \(([\w-]+)\))?$/.exec(detail.trim());
  return { value: m ? Number(m[1]) : undefined, rating: m?.[2] };
}

const RATING_TONE: Record<string, Tone> = { good: 'success', 'needs-improvement': 'warning', poor: 'error' };
export const RATING_LABEL: Record<string, string> = {
  good: 'good',
  'needs-improvement': 'needs improvement',
  poor: 'poor',
};

/** "+1.2 s", "+2 min 05 s", "+1 h 03 min": how long after the session's first event. */
export function relativeTime(ms: number): string {
  const t = Math.max(0, ms);
  if (t < 60_000) {
    return `+${(t / 1000).toFixed(1)} s`;
  }
  if (t < 3_600_000) {
    return `+${Math.floor(t / 60_000)} min ${String(Math.floor((t % 60_000) / 1000)).padStart(2, '0')} s`;
  }
  return `+${Math.floor(t / 3_600_000)} h ${String(Math.floor((t % 3_600_000) / 60_000)).padStart(2, '0')} min`;
}

/** "85 ms", "1.25 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(2)} s`;
  }
  return relativeTime(ms).slice(1);
}

function vitalValue(name: string, value: number): string {
  return name === 'CLS' ? value.toFixed(2) : formatDuration(value);
}

/** Title, second line, tone and the parsed parts of one event. */
function describe(
  kind: EventKind,
  row: TimelineRow
): Pick<TimelineEvent, 'title' | 'summary' | 'tone' | 'status' | 'rating'> {
  switch (kind) {
    case 'page_view':
      return { title: row.name || row.url, summary: row.detail, tone: 'neutral' };
    case 'click': {
      const target = clickTarget(row.detail);
      return { title: target ? `Click on ${target}` : 'Click', summary: '', tone: 'neutral' };
    }
    case 'http': {
      const status = httpStatus(row.detail);
      // The detail after the status: an error type, if any, then the full URL.
      const rest = row.detail.replace(/^\d{1,3}\s*/, '');
      return {
        title: row.name,
        summary: rest,
        tone: httpFailed(status) ? 'error' : 'neutral',
        status,
      };
    }
    case 'error':
      return { title: row.name || 'Error', summary: row.detail, tone: 'error' };
    case 'web_vital': {
      const { value, rating } = vitalParts(row.detail);
      return {
        title: value === undefined ? row.name : `${row.name} ${vitalValue(row.name, value)}`,
        summary: '',
        tone: (rating && RATING_TONE[rating]) || 'neutral',
        rating,
      };
    }
    case 'long_task':
      return { title: row.name, summary: row.detail, tone: 'warning' };
    case 'custom_event': {
      const props = Object.entries(properties(row.detail)).map(([k, v]) => `${k}=${v}`);
      return { title: row.name, summary: props.join(', '), tone: 'neutral' };
    }
    default:
      return { title: row.name, summary: row.detail, tone: 'neutral' };
  }
}

/** The rows as timeline events, in the processor's order (time, then kind: a page view first). */
export function timelineEvents(rows: TimelineRow[]): TimelineEvent[] {
  if (rows.length === 0) {
    return [];
  }
  const start = Math.min(...rows.map((r) => r.time));
  const longest = Math.max(0, ...rows.map((r) => r.durationMs ?? 0));
  return rows.map((row) => {
    const kind = eventKind(row);
    return {
      ...row,
      kind,
      offsetMs: row.time - start,
      barShare: longest > 0 && row.durationMs ? Math.min(1, row.durationMs / longest) : 0,
      ...describe(kind, row),
    };
  });
}

/** "3 page views, 3 clicks, 4 HTTP calls (1 failed), 1 error…", in the kinds' order. */
export function kindCounts(events: TimelineEvent[]): Array<{ kind: EventKind; count: number; failed: number }> {
  const order = Object.keys(KIND_LABEL) as EventKind[];
  return order
    .map((kind) => {
      const of = events.filter((e) => e.kind === kind);
      return { kind, count: of.length, failed: of.filter((e) => e.tone === 'error').length };
    })
    .filter((c) => c.count > 0);
}

/** A W3C trace id Tempo can open (32 hex digits, not all zero). */
export const isTraceId = (id: string) => /^[0-9a-f]{32}$/i.test(id) && !/^0+$/.test(id);

/**
 * Grafana Explore on the Tempo data source with the trace open, the range an hour either side of
 * the event (Tempo's search by id needs the trace inside it on some back ends).
 */
export function tempoTraceUrl(tempoUid: string, traceId: string, time: number): string {
  const panes = {
    trace: {
      datasource: tempoUid,
      queries: [{ refId: 'A', datasource: { type: 'tempo', uid: tempoUid }, queryType: 'traceql', query: traceId }],
      range: { from: String(time - 3_600_000), to: String(time + 3_600_000) },
    },
  };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

/** "User u3 · Visitor v-rich · Release 1.1.0 · Chrome · Windows · desktop · DE" from the summary row. */
export function sessionFacts(frame: DataFrame | undefined): string[] {
  const value = (name: string) => {
    const v = frame?.fields.find((f) => f.name === name)?.values[0];
    return v === null || v === undefined ? '' : String(v);
  };
  const labelled: Array<[string, string]> = [
    ['User', value('user')],
    ['Visitor', value('visitor')],
    ['Release', value('release')],
  ];
  return [
    ...labelled.filter(([, v]) => v).map(([label, v]) => `${label} ${v}`),
    ...['browser', 'os', 'device', 'country'].map(value).filter(Boolean),
  ];
}
