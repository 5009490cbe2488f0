/**
 * What changed in issues from base to target, pure, from the two `issues` frames (each: the issues
 * seen in that release within the range and scope, queries.ts releaseIssuesQuery):
 * - regressed: seen in target and now `regressed` (resolved, then seen again);
 * - new: seen in target, not in base (and not regressed);
 * - resolved: seen in base, not in target (gone in the target release).
 * Events, users and status are the issue's own (lifetime totals, current status).
 */
export type IssueChange = 'regressed' | 'new' | 'resolved';

export interface IssueSummary {
  id: string;
  title: string;
  culprit: string;
  status: string;
  events: number;
  users: number;
  firstRelease: string | null;
}

export interface ChangedIssue extends IssueSummary {
  change: IssueChange;
}

/** The rows of an `issues` frame's columns. */
export function issueSummaries(columns: Record<string, unknown[] | undefined>): IssueSummary[] {
  return (columns.id ?? []).map((id, i) => ({
    id: String(id),
    title: String(columns.title?.[i] ?? ''),
    culprit: String(columns.culprit?.[i] ?? ''),
    status: String(columns.status?.[i] ?? 'unresolved'),
    events: Number(columns.events?.[i] ?? 0),
    users: Number(columns.users?.[i] ?? 0),
    firstRelease: (columns.first_release?.[i] as string | null | undefined) ?? null,
  }));
}

const ORDER: IssueChange[] = ['regressed', 'new', 'resolved'];

/** Changed issues, regressed first, then new, then resolved; most events first within each. */
export function issueChanges(base: IssueSummary[], target: IssueSummary[]): ChangedIssue[] {
  const inBase = new Set(base.map((i) => i.id));
  const inTarget = new Set(target.map((i) => i.id));
  const changed: ChangedIssue[] = [
    ...target
      .filter((i) => i.status === 'regressed' || !inBase.has(i.id))
      .map((i) => ({ ...i, change: i.status === 'regressed' ? ('regressed' as const) : ('new' as const) })),
    ...base.filter((i) => !inTarget.has(i.id)).map((i) => ({ ...i, change: 'resolved' as const })),
  ];
  return changed.sort((a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change) || b.events - a.events);
}

export function countChanges(changes: ChangedIssue[]): Record<IssueChange, number> {
  const counts = { regressed: 0, new: 0, resolved: 0 };
  for (const c of changes) {
    counts[c.change] += 1;
  }
  return counts;
}
