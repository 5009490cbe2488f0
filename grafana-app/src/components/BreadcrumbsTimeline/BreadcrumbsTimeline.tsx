/**
 * What happened before the error, oldest first: each breadcrumb's kind (icon and label), message,
 * data and how long before the error it was, errors and warnings in their theme colours, and the
 * error itself as the last entry of the timeline.
 */
import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import { beforeError, BreadcrumbRow, breadcrumbKind, inOrder, KIND_ICON, KIND_LABEL, levelSeverity } from './model';

export interface BreadcrumbsTimelineProps {
  breadcrumbs: BreadcrumbRow[];
  /** The event's time and exception: the timeline's last entry. */
  error?: { time: number; type: string; message: string };
  timeZone?: string;
}

export function BreadcrumbsTimeline({ breadcrumbs, error, timeZone }: BreadcrumbsTimelineProps) {
  const styles = useStyles2(getStyles);
  if (breadcrumbs.length === 0) {
    return (
      <Text color="secondary">
        No breadcrumbs on this event: the SDK records navigations, clicks, HTTP calls and console messages before an
        error once its breadcrumbs instrumentation is on.
      </Text>
    );
  }
  const time = (t: number) => dateTimeFormat(t, { format: 'HH:mm:ss.SSS', timeZone });
  return (
    <ol className={styles.list} aria-label="Breadcrumbs">
      {inOrder(breadcrumbs).map((b, i) => {
        const kind = breadcrumbKind(b.category);
        const severity = levelSeverity(b.level);
        return (
          <li
            key={i}
            className={styles.item}
            data-kind={kind}
            aria-label={`${KIND_LABEL[kind]}: ${b.message || b.category}`}
          >
            <span className={cx(styles.icon, styles[severity])} title={KIND_LABEL[kind]}>
              <Icon name={KIND_ICON[kind]} size="sm" />
            </span>
            <div className={styles.body}>
              <div className={styles.head}>
                <Text variant="bodySmall" weight="medium" color={severity === 'info' ? 'primary' : severity}>
                  {b.category || KIND_LABEL[kind]}
                </Text>
                <Text variant="bodySmall" color="secondary">
                  {b.time !== null ? time(b.time) : ''} {beforeError(b.time, error?.time)}
                </Text>
              </div>
              {b.message && <div className={styles.message}>{b.message}</div>}
              {b.data && <code className={styles.data}>{b.data}</code>}
            </div>
          </li>
        );
      })}
      {error && (
        <li className={styles.item} data-kind="exception" aria-label={`Exception: ${error.type}`}>
          <span className={cx(styles.icon, styles.error)} title="The error">
            <Icon name="bug" size="sm" />
          </span>
          <div className={styles.body}>
            <div className={styles.head}>
              <Text variant="bodySmall" weight="medium" color="error">
                {error.type || 'Error'}
              </Text>
              <Text variant="bodySmall" color="secondary">
                {time(error.time)}
              </Text>
            </div>
            <div className={styles.message}>{error.message}</div>
          </div>
        </li>
      )}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0, position: 'relative' }),
  item: css({
    display: 'flex',
    gap: theme.spacing(1.5),
    position: 'relative',
    paddingBottom: theme.spacing(1.5),
    // The timeline's line, from this icon to the next.
    '&:not(:last-child)::before': {
      content: '""',
      position: 'absolute',
      left: theme.spacing(1.5),
      top: theme.spacing(3),
      bottom: 0,
      borderLeft: `1px solid ${theme.colors.border.medium}`,
    },
  }),
  icon: css({
    flex: 'none',
    width: theme.spacing(3),
    height: theme.spacing(3),
    borderRadius: theme.shape.radius.circle,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    color: theme.colors.text.secondary,
  }),
  info: css({}),
  warning: css({ color: theme.colors.warning.text, borderColor: theme.colors.warning.border }),
  error: css({ color: theme.colors.error.text, borderColor: theme.colors.error.border }),
  body: css({ minWidth: 0, flex: 1 }),
  head: css({ display: 'flex', justifyContent: 'space-between', gap: theme.spacing(1) }),
  message: css({ fontSize: theme.typography.bodySmall.fontSize, wordBreak: 'break-word' }),
  data: css({
    display: 'block',
    marginTop: theme.spacing(0.25),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    wordBreak: 'break-all',
  }),
});
