/**
 * The bar over the issue table: how many issues are selected and what to do with them. Editors
 * and admins resolve, ignore and assign; Viewers see the same buttons disabled, with a tooltip
 * saying who can (RoleButton). The outcome of the last change stays until the next one.
 */
import React, { useState } from 'react';
import { Alert, Input, Stack, Text } from '@grafana/ui';
import { can } from '../../auth/roles';
import { RoleButton } from '../RoleButton/RoleButton';
import { BulkAction, BulkOutcome } from './bulk';

export interface BulkActionsProps {
  selected: number;
  busy?: boolean;
  outcome?: BulkOutcome;
  onAction: (action: BulkAction) => void;
  onDismiss?: () => void;
}

export function BulkActions({ selected, busy, outcome, onAction, onDismiss }: BulkActionsProps) {
  const [assignee, setAssignee] = useState('');
  const none = selected === 0 || Boolean(busy);
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <Text color="secondary" aria-live="polite">
          {selected ? `${selected} selected` : 'Select issues to change them together'}
        </Text>
        <RoleButton
          action="changeIssues"
          size="sm"
          icon="check"
          disabled={none}
          onClick={() => onAction({ kind: 'resolve' })}
        >
          Resolve
        </RoleButton>
        <RoleButton
          action="changeIssues"
          size="sm"
          variant="secondary"
          icon="eye-slash"
          disabled={none}
          onClick={() => onAction({ kind: 'ignore' })}
        >
          Ignore
        </RoleButton>
        <Input
          width={20}
          aria-label="Assignee"
          placeholder="Assignee"
          value={assignee}
          disabled={!can('changeIssues')}
          onChange={(e) => setAssignee(e.currentTarget.value)}
        />
        <RoleButton
          action="changeIssues"
          size="sm"
          variant="secondary"
          icon="user"
          disabled={none}
          onClick={() => onAction({ kind: 'assign', assignee: assignee.trim() || null })}
        >
          {assignee.trim() ? 'Assign' : 'Unassign'}
        </RoleButton>
      </Stack>
      {outcome && (
        <Alert severity={outcome.severity} title={outcome.title} onRemove={onDismiss}>
          {outcome.details.length > 0 && (
            <ul>
              {outcome.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
    </Stack>
  );
}
