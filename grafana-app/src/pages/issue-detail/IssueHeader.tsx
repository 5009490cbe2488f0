/** The issue's title, culprit, status and numbers, and why its errors were grouped together. */
import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, Stack, Text, Tooltip, useStyles2 } from '@grafana/ui';
import { IssueView, STATUS_LABELS, SummaryRow } from './model';

const STATUS_COLOR: Record<string, BadgeColor> = {
  unresolved: 'orange',
  regressed: 'red',
  resolved: 'green',
  resolved_in_next_release: 'green',
  ignored: 'darkgrey',
};

export function IssueHeader({ summary, issue }: { summary: SummaryRow; issue?: IssueView }) {
  const styles = useStyles2(getStyles);
  const status = issue?.status ?? summary.status;
  const substatus = issue?.substatus ?? summary.substatus;
  return (
    <header className={styles.header}>
      <Stack alignItems="center" gap={1} wrap="wrap">
        <Badge text={STATUS_LABELS[status] ?? status} color={STATUS_COLOR[status] ?? 'blue'} />
        {substatus && status === 'unresolved' && <Badge text={substatus} color="blue" />}
        <Text element="h2" variant="h3">
          {summary.title}
        </Text>
      </Stack>
      <span className={styles.culprit}>{summary.culprit}</span>
      <dl className={styles.stats}>
        <Stat label="Events" value={summary.events} hint={`${summary.events_in_range} in the time range`} />
        <Stat label="Users" value={summary.users} hint={`${summary.users_in_range} in the time range`} />
        <Stat label="Sessions" value={summary.sessions} hint={`${summary.sessions_in_range} in the time range`} />
        <Stat
          label="First seen"
          value={dateTimeFormatTimeAgo(summary.first_seen)}
          hint={dateTimeFormat(summary.first_seen)}
        />
        <Stat
          label="Last seen"
          value={dateTimeFormatTimeAgo(summary.last_seen)}
          hint={dateTimeFormat(summary.last_seen)}
        />
        <Stat label="First release" value={summary.first_release || '–'} hint="The release of its first event" />
        <Stat label="Last release" value={summary.last_release || '–'} hint="The release of its latest event" />
        {issue?.resolvedInRelease && (
          <Stat
            label="Resolved after"
            value={issue.resolvedInRelease}
            hint="Counts as regressed if seen in a later release"
          />
        )}
      </dl>
    </header>
  );
}

function Stat({ label, value, hint }: { label: string; value: string | number; hint: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.stat}>
      <dt>
        <Text variant="bodySmall" color="secondary">
          {label}
        </Text>
      </dt>
      <Tooltip content={hint}>
        <dd tabIndex={0} className={styles.value}>
          {typeof value === 'number' ? value.toLocaleString() : value}
        </dd>
      </Tooltip>
    </div>
  );
}

const METHOD_LABELS: Record<string, string> = {
  stack: 'Stack trace',
  message: 'Message',
  rule: 'Grouping rule',
  sdk: 'SDK fingerprint',
  chunk_load: 'Chunk load failure',
};

/** The fingerprint's components, and the processor's sentence about them. */
export function WhyGrouped({ issue }: { issue?: IssueView }) {
  const styles = useStyles2(getStyles);
  if (!issue) {
    return <Text color="secondary">Loading…</Text>;
  }
  const components = (issue.grouping?.components ?? []).map(String);
  const method = issue.grouping?.method;
  return (
    <Stack direction="column" gap={1}>
      {method && (
        <Text variant="bodySmall" color="secondary">
          By {METHOD_LABELS[method] ?? method}
        </Text>
      )}
      <Text>{issue.groupingExplanation}</Text>
      {components.length > 0 && (
        <ol className={styles.components} aria-label="Fingerprint components">
          {components.map((c, i) => (
            <li key={i}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  culprit: css({ fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.secondary }),
  stats: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1, 4), margin: theme.spacing(1, 0, 0) }),
  stat: css({ display: 'flex', flexDirection: 'column' }),
  value: css({ margin: 0, fontSize: theme.typography.h5.fontSize, fontWeight: theme.typography.fontWeightMedium }),
  components: css({
    margin: 0,
    paddingLeft: theme.spacing(2.5),
    fontSize: theme.typography.bodySmall.fontSize,
    'li + li': { marginTop: theme.spacing(0.5) },
  }),
});
