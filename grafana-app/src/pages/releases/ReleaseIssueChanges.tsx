/**
 * The issues that changed from base to target (issueChanges.ts): regressed and new ones are what
 * the target release brought, in colour with an icon and a word; resolved ones (gone in target)
 * are good news, quieter. Each title links to the issue.
 */
import React from 'react';
import { Badge, BadgeColor, IconName, InteractiveTable, Stack, Text, TextLink } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import { ChangedIssue, countChanges, IssueChange } from './issueChanges';

const LOOK: Record<IssueChange, { color: BadgeColor; icon: IconName; text: string }> = {
  regressed: { color: 'red', icon: 'history', text: 'Regressed' },
  new: { color: 'orange', icon: 'plus-circle', text: 'New' },
  resolved: { color: 'green', icon: 'check', text: 'Resolved' },
};

interface Cell {
  row: { original: ChangedIssue };
}

const COLUMNS = [
  {
    id: 'change',
    header: 'Change',
    cell: ({ row: { original } }: Cell) => <Badge {...LOOK[original.change]} />,
  },
  {
    id: 'title',
    header: 'Issue',
    cell: ({ row: { original } }: Cell) => (
      <Stack direction="column" gap={0}>
        <TextLink href={prefixRoute(`${ROUTES.Issues}/${encodeURIComponent(original.id)}`)} inline={false}>
          {original.title || original.id}
        </TextLink>
        {original.culprit && (
          <Text color="secondary" variant="bodySmall">
            {original.culprit}
          </Text>
        )}
      </Stack>
    ),
  },
  {
    id: 'events',
    header: 'Events',
    cell: ({ row: { original } }: Cell) => <Text tabular>{original.events.toLocaleString('en-US')}</Text>,
  },
  {
    id: 'users',
    header: 'Users',
    cell: ({ row: { original } }: Cell) => <Text tabular>{original.users.toLocaleString('en-US')}</Text>,
  },
  {
    id: 'status',
    header: 'Status',
    cell: ({ row: { original } }: Cell) => <Text color="secondary">{original.status.replace(/_/g, ' ')}</Text>,
  },
];

export function IssueChangeCounts({ changes }: { changes: ChangedIssue[] }) {
  const counts = countChanges(changes);
  return (
    <Stack direction="row" gap={1}>
      {(['regressed', 'new', 'resolved'] as const).map((change) => (
        <Text key={change} color={counts[change] ? 'primary' : 'secondary'}>
          {`${counts[change]} ${change === 'resolved' ? 'resolved' : change}`}
        </Text>
      ))}
    </Stack>
  );
}

export function ReleaseIssueChanges({
  changes,
  base,
  target,
}: {
  changes: ChangedIssue[];
  base: string;
  target: string;
}) {
  if (changes.length === 0) {
    return (
      <Text color="secondary" italic>
        {`The same issues happen in ${base} and ${target}: none new, regressed or gone.`}
      </Text>
    );
  }
  return (
    <Stack direction="column" gap={1}>
      <IssueChangeCounts changes={changes} />
      <InteractiveTable columns={COLUMNS} data={changes} getRowId={(r: ChangedIssue) => `${r.change}:${r.id}`} />
    </Stack>
  );
}
