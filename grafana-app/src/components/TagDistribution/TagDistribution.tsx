/**
 * Who the issue hits: per tag (browser, OS, device, release, route, country) the top values as
 * horizontal bars with their whole percentage and event count. Pure layout over tagGroups().
 */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, Tooltip, useStyles2 } from '@grafana/ui';
import { ISSUE_TAGS, TagGroup, tagGroups, TagRow } from './model';

export interface TagDistributionProps {
  tags: TagRow[];
  /** Which tags, in order (default: browser, OS, device, release, route, country). */
  show?: readonly string[];
  /** Values per tag (the rest are folded into Other). */
  maxValues?: number;
}

export function TagDistribution({ tags, show = ISSUE_TAGS, maxValues = 5 }: TagDistributionProps) {
  const styles = useStyles2(getStyles);
  const groups = tagGroups(tags, show, maxValues);
  if (groups.length === 0) {
    return (
      <Text color="secondary">No events in this time range: widen the time range to see who this issue hits.</Text>
    );
  }
  return (
    <div className={styles.grid}>
      {groups.map((g) => (
        <TagBars key={g.tag} group={g} />
      ))}
    </div>
  );
}

function TagBars({ group }: { group: TagGroup }) {
  const styles = useStyles2(getStyles);
  return (
    <section aria-label={`${group.label} distribution`}>
      <Text element="h4" variant="h6">
        {group.label}
      </Text>
      <ul className={styles.bars}>
        {group.bars.map((b) => (
          <li key={b.value} className={styles.bar} aria-label={`${b.value}: ${b.percent}%`}>
            <Tooltip content={`${b.count.toLocaleString()} of ${group.total.toLocaleString()} events`}>
              <div className={styles.row} tabIndex={0}>
                <div
                  className={styles.fill}
                  style={{ width: `${Math.max(b.fraction * 100, 0.5)}%` }}
                  data-other={b.other || undefined}
                />
                <span className={styles.value}>{b.value}</span>
                <span className={styles.percent}>{b.percent}%</span>
              </div>
            </Tooltip>
          </li>
        ))}
      </ul>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: theme.spacing(2, 3),
  }),
  bars: css({ listStyle: 'none', margin: theme.spacing(0.5, 0, 0), padding: 0 }),
  bar: css({ marginBottom: theme.spacing(0.5) }),
  row: css({
    position: 'relative',
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    height: theme.spacing(3),
    padding: theme.spacing(0, 1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    overflow: 'hidden',
    fontSize: theme.typography.bodySmall.fontSize,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  fill: css({
    position: 'absolute',
    left: 0,
    top: 0,
    bottom: 0,
    background: theme.colors.primary.transparent,
    borderRight: `2px solid ${theme.colors.primary.border}`,
    '&[data-other]': { background: theme.colors.action.hover, borderRightColor: theme.colors.border.medium },
  }),
  value: css({
    position: 'relative',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    paddingRight: theme.spacing(1),
  }),
  percent: css({ position: 'relative', color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
});
