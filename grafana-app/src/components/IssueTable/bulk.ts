/**
 * Bulk resolve / ignore / assign: the body of PATCH /api/v1/projects/{id}/issues and what the
 * page says about its answer. A partial failure names each issue that did not change and why;
 * the rows are reloaded either way.
 */
export type BulkAction = { kind: 'resolve' } | { kind: 'ignore' } | { kind: 'assign'; assignee: string | null };

export interface BulkResult {
  updated: Array<{ id: string }>;
  failed: Array<{ id: string; error: string }>;
}

export function bulkBody(action: BulkAction, ids: string[]) {
  switch (action.kind) {
    case 'resolve':
      return { ids, status: 'resolved' };
    case 'ignore':
      return { ids, status: 'ignored' };
    case 'assign':
      return { ids, assignee: action.assignee };
  }
}

const PAST: Record<BulkAction['kind'], string> = { resolve: 'Resolved', ignore: 'Ignored', assign: 'Assigned' };

const issues = (n: number) => `${n} issue${n === 1 ? '' : 's'}`;

export interface BulkOutcome {
  severity: 'success' | 'warning' | 'error';
  title: string;
  /** One line per issue that did not change. */
  details: string[];
}

/** What to tell the user: all changed, some did not (which and why), or the call failed. */
export function bulkOutcome(action: BulkAction, result: BulkResult | Error, titles: Map<string, string>): BulkOutcome {
  if (result instanceof Error) {
    return { severity: 'error', title: 'Nothing was changed', details: [result.message] };
  }
  const verb = action.kind === 'assign' && action.assignee === null ? 'Unassigned' : PAST[action.kind];
  const to = action.kind === 'assign' && action.assignee ? ` to ${action.assignee}` : '';
  const details = result.failed.map((f) => `${titles.get(f.id) ?? f.id}: ${f.error}`);
  if (result.failed.length === 0) {
    return { severity: 'success', title: `${verb} ${issues(result.updated.length)}${to}`, details };
  }
  const total = result.updated.length + result.failed.length;
  return {
    severity: result.updated.length ? 'warning' : 'error',
    title: `${verb} ${result.updated.length} of ${issues(total)}${to}; ${result.failed.length} did not change`,
    details,
  };
}
