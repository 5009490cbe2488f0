/** The audit trail, oldest first: who changed what (status, assignee, ignore) and the comments. */
import React from 'react';
import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import { Text, Tooltip } from '@grafana/ui';
import { ActivityEntry, activityText } from './model';

export function ActivityTrail({ activity }: { activity?: ActivityEntry[] }) {
  if (!activity) {
    return <Text color="secondary">Loading…</Text>;
  }
  if (activity.length === 0) {
    return <Text color="secondary">No changes yet: resolve, ignore, assign or comment above and it shows here.</Text>;
  }
  return (
    <ol aria-label="Activity" style={{ margin: 0, padding: 0 }}>
      {activity.map((a) => (
        <li key={a.id} style={{ listStyle: 'none', marginBottom: 8 }}>
          <Text weight="medium">{a.actor || 'someone'}</Text> <Text>{activityText(a)}</Text>{' '}
          <Tooltip content={dateTimeFormat(a.at)}>
            <span tabIndex={0}>
              <Text variant="bodySmall" color="secondary">
                {dateTimeFormatTimeAgo(a.at)}
              </Text>
            </span>
          </Tooltip>
          {a.comment && (
            <div>
              <Text italic>“{a.comment}”</Text>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
