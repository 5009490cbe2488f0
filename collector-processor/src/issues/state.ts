/**
 * Issue state, its activity (audit log) entries, and their versions and ids. The transitions
 * are in transitions.ts. Statuses follow Sentry's where the issue is silent (docs/issues.md).
 */
import crypto from 'node:crypto';

export const STATUSES = [
  'unresolved',
  'resolved',
  'resolved_in_next_release',
  'ignored',
  'regressed',
] as const;
export type Status = (typeof STATUSES)[number];

export interface IssueState {
  projectId: string;
  fingerprint: string;
  status: Status;
  /** '' = derived on read (new/ongoing by first seen); 'ongoing' after an unresolve or a wake-up. */
  substatus: '' | 'ongoing';
  resolvedAt: number | null;
  /** For resolved_in_next_release: the project's newest release when it was resolved. */
  resolvedInRelease: string;
  regressedAt: number | null;
  regressedInRelease: string;
  ignoredAt: number | null;
  ignoreUntil: number | null;
  ignoreUntilCount: number;
  ignoreCountBase: number;
  ignoreUntilUsers: number;
  ignoreUsersBase: number;
  assignee: string;
  updatedAt: number;
  updatedBy: string;
  /** 0 for an issue that has no stored state yet. */
  version: number;
}

export type ActivityAction = 'status_change' | 'assign' | 'comment' | 'regressed' | 'unignored';

export interface Activity {
  projectId: string;
  fingerprint: string;
  id: string;
  at: number;
  actor: string;
  action: ActivityAction;
  fromStatus: string;
  toStatus: string;
  release: string;
  comment: string;
  details: Record<string, unknown>;
}

export const SYSTEM_ACTOR = 'system';

export function initialState(projectId: string, fingerprint: string): IssueState {
  return {
    projectId,
    fingerprint,
    status: 'unresolved',
    substatus: '',
    resolvedAt: null,
    resolvedInRelease: '',
    regressedAt: null,
    regressedInRelease: '',
    ignoredAt: null,
    ignoreUntil: null,
    ignoreUntilCount: 0,
    ignoreCountBase: 0,
    ignoreUntilUsers: 0,
    ignoreUsersBase: 0,
    assignee: '',
    updatedAt: 0,
    updatedBy: '',
    version: 0,
  };
}

/** Clears everything a previous status left behind; the assignee stays. */
export function cleared(s: IssueState): IssueState {
  const blank = initialState(s.projectId, s.fingerprint);
  return {
    ...blank,
    assignee: s.assignee,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
    version: s.version,
  };
}

let lastVersion = 0;

/**
 * Versions of human changes: epoch ms × 1000 plus a counter, so they increase within a process
 * and, with synchronised clocks, across instances (ProjectStore does the same). Automatic
 * transitions use the version they start from + 1 instead (see `evaluate`).
 */
export function nextVersion(now = Date.now()): number {
  lastVersion = Math.max(now * 1000, lastVersion + 1);
  return lastVersion;
}

/**
 * A human change's activity ids: the change's version first, so entries written by one request
 * (same time) list in the order they were made, then random bytes, unique across instances.
 */
export function activityId(version: number, index: number): string {
  return `${version.toString(36).padStart(12, '0')}-${index}-${crypto.randomBytes(6).toString('hex')}`;
}

/** An automatic transition's activity id: equal on every instance that detects it. */
export function automaticActivityId(s: IssueState, action: ActivityAction): string {
  const key = `${s.projectId}\n${s.fingerprint}\n${action}\n${s.version}`;
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** An issue's totals: the base for "ignore until N more events/users". */
export interface Counts {
  events: number;
  users: number;
}

/** How an ignored issue wakes, for views and activity details; null when it is not ignored. */
export function ignoreConditions(s: IssueState) {
  if (s.status !== 'ignored') return null;
  return {
    count: s.ignoreUntilCount || null,
    users: s.ignoreUntilUsers || null,
    date: s.ignoreUntil === null ? null : new Date(s.ignoreUntil).toISOString(),
  };
}
