/** Public JSON forms of issues, releases and deploys (the API contract; docs/issues.md). */
import { explainGrouping, parseGrouping } from './grouping';
import type { IssueRecord } from './issue-store';
import type { Deploy, Release, ReleaseStats } from './release-store';
import { ignoreConditions, type IssueState } from './state';

/** An unresolved issue first seen this recently is "new", as in Sentry. */
export const NEW_ISSUE_MS = 7 * 86400_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The finer status: new/ongoing for unresolved issues (new = first seen within 7 days, unless
 * it was unresolved by hand or woke from ignore), regressed, and how an ignored issue wakes.
 */
export function substatusOf(s: IssueState, firstSeen: number, now: number): string | null {
  switch (s.status) {
    case 'unresolved':
      return s.substatus || (now - firstSeen < NEW_ISSUE_MS ? 'new' : 'ongoing');
    case 'regressed':
      return 'regressed';
    case 'ignored':
      return s.ignoreUntil !== null || s.ignoreUntilCount || s.ignoreUntilUsers
        ? 'until_condition'
        : 'forever';
    default:
      return null;
  }
}

export function issueView({ aggregate: a, state: s }: IssueRecord, now = Date.now()) {
  return {
    id: a.id,
    title: a.title,
    culprit: a.culprit,
    type: a.type,
    status: s.status,
    substatus: substatusOf(s, a.firstSeen, now),
    firstSeen: iso(a.firstSeen),
    lastSeen: iso(a.lastSeen),
    events: a.events,
    unhandled: a.unhandled,
    users: a.users,
    sessions: a.sessions,
    firstRelease: a.firstRelease || null,
    lastRelease: a.lastRelease || null,
    releases: [...a.releases].sort(),
    environments: [...a.environments].sort(),
    assignee: s.assignee || null,
    resolvedAt: iso(s.resolvedAt),
    resolvedInRelease: s.status === 'resolved_in_next_release' ? s.resolvedInRelease || null : null,
    regressedAt: iso(s.regressedAt),
    regressedInRelease: s.status === 'regressed' ? s.regressedInRelease || null : null,
    ignoreUntil: ignoreConditions(s),
    updatedAt: iso(s.updatedAt || null),
    updatedBy: s.updatedBy || null,
    grouping: parseGrouping(a.grouping),
  };
}

/** The issue view plus why its errors were grouped and the latest event, for the detail page. */
export function issueDetailView(record: IssueRecord, now = Date.now()) {
  const view = issueView(record, now);
  return {
    ...view,
    groupingExplanation: explainGrouping(view.grouping, record.aggregate.type),
    latestEventId: record.aggregate.latestEventId || null,
  };
}

export function releaseView(r: Release, extra: { deploys?: number } = {}) {
  return {
    version: r.version,
    createdAt: new Date(r.createdAt).toISOString(),
    finalizedAt: iso(r.finalizedAt),
    ref: r.ref || null,
    url: r.url || null,
    ...(extra.deploys !== undefined ? { deploys: extra.deploys } : {}),
  };
}

/** A release seen in errors but never registered: its creation time is its first event. */
export function seenReleaseView(version: string, stats: ReleaseStats) {
  return {
    version,
    createdAt: new Date(stats.firstEvent).toISOString(),
    finalizedAt: null,
    ref: null,
    url: null,
    deploys: 0,
    registered: false,
    ...statsView(stats),
  };
}

/** What errors say about a release; a release no error carried yet has nulls and zeros. */
export function statsView(s: ReleaseStats | undefined) {
  return {
    firstEvent: iso(s?.firstEvent ?? null),
    lastEvent: iso(s?.lastEvent ?? null),
    events: s?.events ?? 0,
    issues: s?.issues ?? 0,
    newIssues: s?.newIssues ?? 0,
  };
}

export function deployView(d: Deploy) {
  return {
    id: d.id,
    release: d.release,
    environment: d.environment,
    name: d.name || null,
    url: d.url || null,
    startedAt: iso(d.startedAt),
    finishedAt: new Date(d.finishedAt).toISOString(),
  };
}
