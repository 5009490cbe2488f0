/**
 * Who may do what, by the Grafana org role of the signed-in user. The data source's proxy routes
 * enforce the same split on Grafana's server (read: Viewer, write: Editor, admin: Admin), so the
 * UI only hides or disables what the server would refuse anyway.
 */
import { config } from '@grafana/runtime';

export type Role = 'Viewer' | 'Editor' | 'Admin';

const RANK: Record<Role, number> = { Viewer: 0, Editor: 1, Admin: 2 };

/** What each change needs, and the proxy route (grafana-datasource/src/plugin.json) it goes through. */
export const ACTIONS = {
  changeIssues: { role: 'Editor', route: 'write', what: 'change issues' },
  changeInsights: { role: 'Editor', route: 'write', what: 'acknowledge, resolve or rate insights' },
  manageReleases: { role: 'Editor', route: 'write', what: 'manage releases' },
  manageProjects: { role: 'Admin', route: 'admin', what: 'manage projects and keys' },
} as const satisfies Record<string, { role: Role; route: 'write' | 'admin'; what: string }>;
export type Action = keyof typeof ACTIONS;

export function currentRole(): Role {
  const role = config.bootData?.user?.orgRole as string | undefined;
  return role === 'Admin' || role === 'Editor' ? role : 'Viewer';
}

export function hasRole(needed: Role, role: Role = currentRole()): boolean {
  return RANK[role] >= RANK[needed];
}

export function can(action: Action, role: Role = currentRole()): boolean {
  return hasRole(ACTIONS[action].role, role);
}

/** The tooltip of a control the current role cannot use. */
export function deniedReason(action: Action, role: Role = currentRole()): string {
  const { role: needed, what } = ACTIONS[action];
  return `${needed === 'Admin' ? 'Admins' : 'Editors and admins'} can ${what}; your role is ${role}.`;
}
