/**
 * The issue detail page's pure logic: issue_detail's frames as typed rows, one-by-one event
 * navigation, the ignore-until form's validation, links (session timeline, Tempo by trace id),
 * and the REST shapes of the issue and its activity (collector-processor src/issues/views.ts,
 * issue-store.ts listActivity).
 */
import type { DataFrame } from '@grafana/data';
import { prefixRoute, ROUTES } from '../../constants';
import type { BreadcrumbRow } from '../../components/BreadcrumbsTimeline/model';
import type { CauseRow, StackFrameRow } from '../../components/StackTraceView/model';
import type { TagRow } from '../../components/TagDistribution/model';

export interface SummaryRow {
  id: string;
  title: string;
  culprit: string;
  type: string;
  status: string;
  substatus: string | null;
  first_seen: number;
  last_seen: number;
  events: number;
  users: number;
  sessions: number;
  first_release: string;
  last_release: string;
  assignee: string | null;
  events_in_range: number;
  users_in_range: number;
  sessions_in_range: number;
}

export interface EventRow {
  time: number;
  event_id: string;
  message: string;
  type: string;
  release: string;
  environment: string;
  browser: string;
  os: string;
  device: string;
  country: string;
  url: string;
  user: string;
  session_id: string;
  trace_id: string;
  handled: boolean;
}

export interface DetailData {
  summary?: SummaryRow;
  events: EventRow[];
  stack: StackFrameRow[];
  breadcrumbs: BreadcrumbRow[];
  causes: CauseRow[];
  tags: TagRow[];
  /** The event the stack, breadcrumbs and causes are of (the chosen one, else the latest in range). */
  shownEventId?: string;
  /** Why a frame is empty (unknown issue, event not in the issue). */
  notices: string[];
}

/** A frame's rows as objects keyed by field name. */
export function recordsOf<T>(frame: DataFrame | undefined): T[] {
  if (!frame) {
    return [];
  }
  return Array.from({ length: frame.length }, (_, i) =>
    Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]]))
  ) as T[];
}

export function frameNamed(frames: DataFrame[] | undefined, name: string): DataFrame | undefined {
  return frames?.find((f) => f.name === name);
}

/** issue_detail's frames, typed. */
export function detailData(frames: DataFrame[] | undefined): DetailData {
  const named = <T>(name: string) => recordsOf<T>(frameNamed(frames, name));
  const stackFrame = frameNamed(frames, 'stack');
  const notices = (frames ?? []).flatMap((f) => f.meta?.notices?.map((n) => n.text) ?? []);
  return {
    summary: named<SummaryRow>('summary')[0],
    events: named<EventRow>('events'),
    stack: named<StackFrameRow>('stack'),
    breadcrumbs: named<BreadcrumbRow>('breadcrumbs'),
    causes: named<CauseRow>('causes'),
    tags: named<TagRow>('tags'),
    shownEventId: (stackFrame?.meta?.custom?.eventId as string | undefined) || undefined,
    notices: [...new Set(notices)],
  };
}

export interface EventPosition {
  /** 0 = the latest event; -1 when the shown event is not among the listed ones. */
  index: number;
  total: number;
  event?: EventRow;
  newer?: string;
  older?: string;
}

/** Where the shown event is among the listed events (newest first), and its neighbours' ids. */
export function eventPosition(events: EventRow[], eventId: string | undefined): EventPosition {
  const index = eventId ? events.findIndex((e) => e.event_id === eventId) : events.length ? 0 : -1;
  if (index < 0) {
    return { index: -1, total: events.length };
  }
  return {
    index,
    total: events.length,
    event: events[index],
    newer: events[index - 1]?.event_id,
    older: events[index + 1]?.event_id,
  };
}

export type IgnoreMode = 'forever' | 'count' | 'date';

export interface IgnoreForm {
  mode: IgnoreMode;
  /** As typed. */
  count: string;
  /** As typed, datetime-local format (YYYY-MM-DDTHH:mm) in the browser's time zone. */
  date: string;
}

export interface IgnorePatch {
  status: 'ignored';
  ignoreUntil?: { count?: number; date?: string };
}

/** The PATCH body of an ignore, or why the form cannot be sent (the processor's own limits). */
export function ignorePatch(form: IgnoreForm, now = Date.now()): { patch: IgnorePatch } | { error: string } {
  if (form.mode === 'forever') {
    return { patch: { status: 'ignored' } };
  }
  if (form.mode === 'count') {
    const text = form.count.trim();
    const count = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(count) || count < 1 || count > 1e12) {
      return { error: 'Enter a whole number of events, at least 1.' };
    }
    return { patch: { status: 'ignored', ignoreUntil: { count } } };
  }
  const at = form.date ? new Date(form.date).getTime() : NaN;
  if (Number.isNaN(at)) {
    return { error: 'Pick the date and time to ignore the issue until.' };
  }
  if (at <= now) {
    return { error: 'Pick a date in the future.' };
  }
  return { patch: { status: 'ignored', ignoreUntil: { date: new Date(at).toISOString() } } };
}

/** The session's timeline; `params` (data source, project, time range) keep the view's scope. */
export function sessionUrl(sessionId: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return `${prefixRoute(`${ROUTES.Sessions}/${encodeURIComponent(sessionId)}`)}${query ? `?${query}` : ''}`;
}

export interface DataSourceLike {
  type: string;
  uid: string;
  name?: string;
}

/** The first Tempo data source, if Grafana has one. */
export function tempoDataSource(datasources: Record<string, DataSourceLike>): DataSourceLike | undefined {
  return Object.values(datasources).find((ds) => ds.type === 'tempo');
}

/** Explore on the trace with Tempo, an hour either side of the event; undefined without a trace id or Tempo. */
export function traceUrl(traceId: string, at: number, tempo: DataSourceLike | undefined): string | undefined {
  if (!traceId || !tempo) {
    return undefined;
  }
  const pane = {
    datasource: tempo.uid,
    queries: [{ refId: 'A', datasource: { type: 'tempo', uid: tempo.uid }, queryType: 'traceql', query: traceId }],
    range: { from: String(at - 3600_000), to: String(at + 3600_000) },
  };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify({ trace: pane }))}`;
}

/** GET /projects/:id/issues/:issueId (the fields the page reads). */
export interface IssueView {
  id: string;
  title: string;
  culprit: string;
  type: string;
  status: string;
  substatus: string | null;
  assignee: string | null;
  firstRelease: string | null;
  lastRelease: string | null;
  resolvedInRelease: string | null;
  ignoreUntil: { count: number | null; users: number | null; date: string | null } | null;
  grouping: { method?: string; components?: unknown[] } | null;
  groupingExplanation: string;
}

/** One entry of GET …/activity. */
export interface ActivityEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  release: string | null;
  comment: string | null;
  details: Record<string, unknown>;
}

export const STATUS_LABELS: Record<string, string> = {
  unresolved: 'Unresolved',
  resolved: 'Resolved',
  resolved_in_next_release: 'Resolved in next release',
  ignored: 'Ignored',
  regressed: 'Regressed',
};

const status = (s: string | null) => (s ? (STATUS_LABELS[s] ?? s) : '?');

/** One activity entry as a sentence (the actor is shown apart). */
export function activityText(a: ActivityEntry): string {
  switch (a.action) {
    case 'comment':
      return 'commented';
    case 'assign': {
      const to = a.details.to;
      return typeof to === 'string' && to ? `assigned to ${to}` : 'unassigned';
    }
    case 'regressed':
      return `regressed${a.release ? ` in ${a.release}` : ''}`;
    case 'unignored':
      return 'came back from ignored';
    case 'status_change': {
      const until = ignoreText(a.details.ignoreUntil);
      const release = a.toStatus === 'resolved_in_next_release' && a.release ? ` (after ${a.release})` : '';
      return `changed status from ${status(a.fromStatus)} to ${status(a.toStatus)}${release}${until}`;
    }
    default:
      return a.action;
  }
}

function ignoreText(until: unknown): string {
  if (!until || typeof until !== 'object') {
    return '';
  }
  const u = until as { count?: number | null; users?: number | null; date?: string | null };
  const parts = [
    u.count ? `${u.count} more events` : '',
    u.users ? `${u.users} more users` : '',
    u.date ? new Date(u.date).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '',
  ].filter(Boolean);
  return parts.length ? ` until ${parts.join(' or ')}` : '';
}
