/**
 * Issue state transitions, as pure functions: the API handlers and the lifecycle evaluator read,
 * call these, and write what they return (docs/issues.md has the transition table).
 */
import {
  cleared,
  ignoreConditions,
  SYSTEM_ACTOR,
  type Activity,
  type Counts,
  type IssueState,
} from './state';

export interface StatusPatch {
  status?: 'resolved' | 'resolved_in_next_release' | 'unresolved' | 'ignored';
  ignoreUntil?: { count?: number; date?: number; users?: number };
  assignee?: string | null;
}

export interface PatchContext {
  now: number;
  actor: string;
  version: number;
  /** The issue's current totals: the base for "ignore until N more events/users". */
  counts: Counts;
  /** The project's newest release, for resolved_in_next_release ('' when none is known). */
  newestRelease: string;
}

export interface Change {
  next: IssueState;
  activity: Omit<Activity, 'id'>[];
}

export interface PatchError {
  /** 400: fix the request; 409: the project's state does not allow it yet. */
  httpStatus: 400 | 409;
  error: string;
}

/** What a PATCH does, or why it cannot be done. No activity = nothing changed. */
export function applyPatch(current: IssueState, patch: StatusPatch, ctx: PatchContext): Change | PatchError {
  let next: IssueState = { ...current };
  const activity: Omit<Activity, 'id'>[] = [];
  const base = {
    projectId: current.projectId,
    fingerprint: current.fingerprint,
    at: ctx.now,
    actor: ctx.actor,
  };
  if (patch.status !== undefined) {
    const target = patch.status;
    if (patch.ignoreUntil?.date !== undefined && patch.ignoreUntil.date <= ctx.now)
      return {
        httpStatus: 400,
        error:
          'ignoreUntil.date is not in the future: send a later date, or omit ignoreUntil to ignore forever',
      };
    if (target === 'resolved_in_next_release' && !ctx.newestRelease)
      return {
        httpStatus: 409,
        error:
          'this project has no release yet, so there is no "next" one: register one with POST /api/v1/projects/:id/releases, send errors with service.version, or resolve with status "resolved"',
      };
    // Re-sending the current status is a no-op, except ignore (its conditions may change).
    if (target !== current.status || target === 'ignored') {
      next = cleared(current);
      next.status = target;
      if (target === 'resolved' || target === 'resolved_in_next_release') next.resolvedAt = ctx.now;
      if (target === 'resolved_in_next_release') next.resolvedInRelease = ctx.newestRelease;
      if (target === 'unresolved') next.substatus = 'ongoing';
      if (target === 'ignored') {
        const until = patch.ignoreUntil ?? {};
        next.ignoredAt = ctx.now;
        next.ignoreUntil = until.date ?? null;
        next.ignoreUntilCount = until.count ?? 0;
        next.ignoreCountBase = until.count ? ctx.counts.events : 0;
        next.ignoreUntilUsers = until.users ?? 0;
        next.ignoreUsersBase = until.users ? ctx.counts.users : 0;
      }
      activity.push({
        ...base,
        action: 'status_change',
        fromStatus: current.status,
        toStatus: target,
        release: next.resolvedInRelease,
        comment: '',
        details: target === 'ignored' ? { ignoreUntil: ignoreConditions(next) } : {},
      });
    }
  }
  if (patch.assignee !== undefined) {
    const assignee = patch.assignee ?? '';
    if (assignee !== current.assignee) {
      next.assignee = assignee;
      activity.push({
        ...base,
        action: 'assign',
        fromStatus: next.status,
        toStatus: next.status,
        release: '',
        comment: '',
        details: { from: current.assignee || null, to: assignee || null },
      });
    }
  }
  if (activity.length)
    Object.assign(next, { updatedAt: ctx.now, updatedBy: ctx.actor, version: ctx.version });
  return { next, activity };
}

/** What the lifecycle knows about one issue when it evaluates it. */
export interface Observation {
  /** Latest received_at of the issue's events. */
  lastSeen: number;
  counts: Counts;
  /**
   * Per release, the first event received after `resolvedAt` (loaded only for resolved issues
   * seen after they were resolved). `release` '' = events without a release.
   */
  firstAfterResolve?: { release: string; at: number }[];
}

/**
 * The automatic transition of one issue, if any: regressions of resolved issues and wake-ups of
 * ignored ones. Its version is the source version + 1, so a human change made since (which has a
 * larger, time-based version) always wins, and two instances detecting the same transition
 * write the same row.
 */
export function evaluate(
  s: IssueState,
  obs: Observation,
  now: number,
  isNewer: (candidate: string, than: string) => boolean,
): Change | undefined {
  const base = { projectId: s.projectId, fingerprint: s.fingerprint, actor: SYSTEM_ACTOR, comment: '' };
  const stamp = (next: IssueState, at: number) => ({
    ...next,
    updatedAt: at,
    updatedBy: SYSTEM_ACTOR,
    version: s.version + 1,
  });
  if ((s.status === 'resolved' || s.status === 'resolved_in_next_release') && s.resolvedAt !== null) {
    if (obs.lastSeen <= s.resolvedAt) return undefined;
    const after = (obs.firstAfterResolve ?? []).filter(
      (e) => e.at > s.resolvedAt! && (s.status === 'resolved' || isNewer(e.release, s.resolvedInRelease)),
    );
    if (!after.length) return undefined;
    const first = after.reduce((a, b) =>
      b.at < a.at || (b.at === a.at && isNewer(a.release, b.release)) ? b : a,
    );
    const next = stamp(
      { ...cleared(s), status: 'regressed', regressedAt: first.at, regressedInRelease: first.release },
      first.at,
    );
    return {
      next,
      activity: [
        {
          ...base,
          at: first.at,
          action: 'regressed',
          fromStatus: s.status,
          toStatus: 'regressed',
          release: first.release,
          details: {
            resolvedAt: new Date(s.resolvedAt).toISOString(),
            resolvedInRelease: s.resolvedInRelease || null,
          },
        },
      ],
    };
  }
  if (s.status === 'ignored') {
    const reasons: string[] = [];
    let at = now;
    if (s.ignoreUntil !== null && now >= s.ignoreUntil) {
      reasons.push('date');
      at = s.ignoreUntil;
    }
    if (s.ignoreUntilCount > 0 && obs.counts.events - s.ignoreCountBase >= s.ignoreUntilCount)
      reasons.push('count');
    if (s.ignoreUntilUsers > 0 && obs.counts.users - s.ignoreUsersBase >= s.ignoreUntilUsers)
      reasons.push('users');
    if (!reasons.length) return undefined;
    const next = stamp({ ...cleared(s), status: 'unresolved', substatus: 'ongoing' }, at);
    return {
      next,
      activity: [
        {
          ...base,
          at,
          action: 'unignored',
          fromStatus: 'ignored',
          toStatus: 'unresolved',
          release: '',
          details: {
            reasons,
            ignoreUntil: ignoreConditions(s),
            eventsSinceIgnored: obs.counts.events - s.ignoreCountBase,
          },
        },
      ],
    };
  }
  return undefined;
}
