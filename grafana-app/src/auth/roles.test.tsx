import React from 'react';
import { render, screen } from '@testing-library/react';
import { config } from '@grafana/runtime';
import { RoleButton } from '../components/RoleButton/RoleButton';
import { can, currentRole, deniedReason, Role } from './roles';

function signInAs(role: string) {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: role as never } };
}

describe('roles', () => {
  it.each<[string, Role, boolean, boolean]>([
    ['Viewer', 'Viewer', false, false],
    ['Editor', 'Editor', true, false],
    ['Admin', 'Admin', true, true],
    ['None', 'Viewer', false, false],
  ])('org role %s acts as %s', (orgRole, role, changesIssues, managesProjects) => {
    signInAs(orgRole);
    expect(currentRole()).toBe(role);
    expect(can('changeIssues')).toBe(changesIssues);
    expect(can('manageProjects')).toBe(managesProjects);
  });

  it('disables a control the role cannot use, and says who can', () => {
    signInAs('Viewer');
    render(<RoleButton action="changeIssues">Resolve</RoleButton>);
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeDisabled();
    expect(screen.getByLabelText(deniedReason('changeIssues'))).toBeInTheDocument();
    expect(deniedReason('changeIssues')).toBe('Editors and admins can change issues; your role is Viewer.');
  });

  it('enables it for an Editor', () => {
    signInAs('Editor');
    render(<RoleButton action="changeIssues">Resolve</RoleButton>);
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeEnabled();
  });
});
