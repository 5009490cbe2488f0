/**
 * Everything one session did, top to bottom: the time since its first event (+1.2 s), an icon per
 * kind on a vertical line, what happened, how it went (a failed call, a vital's rating) and how
 * long it took as a bar scaled to the session's longest event. Errors link to their issue, events
 * with a trace to Tempo when there is a Tempo data source. One tab stop: the arrow keys, Home and
 * End move between events, Tab reaches an event's links.
 */
import React, { KeyboardEvent, useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, Icon, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import {
  EventKind,
  formatDuration,
  isTraceId,
  KIND_ICON,
  KIND_LABEL,
  kindCounts,
  RATING_LABEL,
  relativeTime,
  tempoTraceUrl,
  TimelineEvent,
  TimelineRow,
  timelineEvents,
  Tone,
} from './model';

export interface SessionTimelineProps {
  rows: TimelineRow[];
  /** A Tempo data source's uid: events with a trace id link to the trace. */
  tempoUid?: string;
  /** Where an error's issue opens (default: the app's issue page). */
  issueHref?: (issueId: string) => string;
  /** Set when the query stopped at its limit: the timeline says it is cut. */
  limit?: number;
  timeZone?: string;
}

const SINGULAR: Record<EventKind, string> = {
  page_view: 'page view',
  click: 'click',
  http: 'HTTP call',
  error: 'error',
  web_vital: 'vital',
  long_task: 'long task',
  custom_event: 'event',
  resource: 'resource',
  other: 'other event',
};

const PLURAL: Record<EventKind, string> = {
  page_view: 'page views',
  click: 'clicks',
  http: 'HTTP calls',
  error: 'errors',
  web_vital: 'vitals',
  long_task: 'long tasks',
  custom_event: 'events',
  resource: 'resources',
  other: 'other events',
};

const RATING_BADGE: Record<string, BadgeColor> = { good: 'green', 'needs-improvement': 'orange', poor: 'red' };

const defaultIssueHref = (issueId: string) => prefixRoute(`${ROUTES.Issues}/${encodeURIComponent(issueId)}`);

export function SessionTimeline({
  rows,
  tempoUid,
  issueHref = defaultIssueHref,
  limit,
  timeZone,
}: SessionTimelineProps) {
  const styles = useStyles2(getStyles);
  const events = timelineEvents(rows);
  const [active, setActive] = useState(0);
  const items = useRef<Array<HTMLLIElement | null>>([]);
  if (events.length === 0) {
    return null;
  }
  const move = (e: KeyboardEvent<HTMLOListElement>) => {
    const to = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: events.length - 1 }[e.key];
    if (to === undefined || e.target !== items.current[active]) {
      return;
    }
    e.preventDefault();
    const next = Math.max(0, Math.min(events.length - 1, to));
    setActive(next);
    items.current[next]?.focus();
  };
  const last = events[events.length - 1]!;
  const counts = kindCounts(events)
    .map(
      (c) =>
        `${c.count} ${c.count === 1 ? SINGULAR[c.kind] : PLURAL[c.kind]}${c.kind === 'http' && c.failed ? ` (${c.failed} failed)` : ''}`
    )
    .join(' · ');
  return (
    <div className={styles.wrapper}>
      <Stack direction="column" gap={0.5}>
        <Text element="p" variant="body">
          {dateTimeFormat(events[0]!.time, { format: 'YYYY-MM-DD HH:mm:ss', timeZone })} · {events.length} events over{' '}
          {formatDuration(last.offsetMs)}
        </Text>
        <Text element="p" variant="bodySmall" color="secondary">
          {counts}
        </Text>
        {limit !== undefined && events.length >= limit && (
          <Text element="p" variant="bodySmall" color="warning">
            The first {limit} events: narrow the time range to see the rest.
          </Text>
        )}
      </Stack>
      <ol className={styles.list} aria-label="Session timeline" onKeyDown={move}>
        {events.map((event, i) => (
          <li
            key={`${event.eventId}-${i}`}
            ref={(el) => {
              items.current[i] = el;
            }}
            tabIndex={i === active ? 0 : -1}
            onFocus={() => setActive(i)}
            className={styles.item}
            data-kind={event.kind}
            aria-label={`${relativeTime(event.offsetMs)} ${KIND_LABEL[event.kind]}: ${event.title}`}
          >
            <span className={styles.offset}>{relativeTime(event.offsetMs)}</span>
            <span
              className={cx(styles.icon, styles.tone[event.tone], event.tone === 'neutral' && styles.kind[event.kind])}
              title={KIND_LABEL[event.kind]}
            >
              <Icon name={KIND_ICON[event.kind]} size="sm" />
            </span>
            <div className={styles.body}>
              <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
                <Text variant="bodySmall" color="secondary">
                  {KIND_LABEL[event.kind]}
                </Text>
                <EventTitle event={event} issueHref={issueHref} />
                <EventBadges event={event} />
                {tempoUid && isTraceId(event.traceId) && (
                  <TextLink
                    href={tempoTraceUrl(tempoUid, event.traceId, event.time)}
                    icon="gf-traces"
                    variant="bodySmall"
                    inline={false}
                  >
                    Trace
                  </TextLink>
                )}
              </Stack>
              {event.summary && <div className={styles.summary}>{event.summary}</div>}
            </div>
            <Duration event={event} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function EventTitle({ event, issueHref }: { event: TimelineEvent; issueHref: (id: string) => string }) {
  if (event.kind === 'error' && event.issueId) {
    return (
      <TextLink href={issueHref(event.issueId)} inline={false} weight="medium">
        {event.title}
      </TextLink>
    );
  }
  return (
    <Text weight="medium" truncate>
      {event.title}
    </Text>
  );
}

function EventBadges({ event }: { event: TimelineEvent }) {
  if (event.kind === 'http' && event.status !== undefined && event.tone === 'error') {
    return <Badge color="red" text={event.status === 0 ? 'no answer' : String(event.status)} />;
  }
  if (event.kind === 'http' && event.status !== undefined) {
    return (
      <Text variant="bodySmall" color="secondary">
        {event.status}
      </Text>
    );
  }
  if (event.rating && RATING_BADGE[event.rating]) {
    return <Badge color={RATING_BADGE[event.rating]!} text={RATING_LABEL[event.rating] ?? event.rating} />;
  }
  return null;
}

function Duration({ event }: { event: TimelineEvent }) {
  const styles = useStyles2(getStyles);
  if (event.durationMs === null) {
    return <span className={styles.duration} />;
  }
  return (
    <span className={styles.duration}>
      <span className={styles.track} aria-hidden>
        <span
          className={cx(styles.bar, styles.barTone[event.tone])}
          style={{ width: `${Math.max(2, event.barShare * 100)}%` }}
        />
      </span>
      <span className={styles.durationText}>
        <Text variant="bodySmall" color="secondary">
          {formatDuration(event.durationMs)}
        </Text>
      </span>
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const color = (name: string) => theme.visualization.getColorByName(name);
  const ring = (c: string) => css({ color: c, borderColor: c });
  const tones: Record<Tone, string> = {
    error: ring(theme.colors.error.text),
    warning: ring(theme.colors.warning.text),
    success: ring(theme.colors.success.text),
    neutral: css({}),
  };
  const kinds: Record<EventKind, string> = {
    page_view: ring(color('blue')),
    click: ring(color('purple')),
    http: ring(theme.colors.text.secondary),
    error: ring(theme.colors.error.text),
    web_vital: ring(color('green')),
    long_task: ring(color('orange')),
    custom_event: ring(color('yellow')),
    resource: ring(theme.colors.text.secondary),
    other: ring(theme.colors.text.secondary),
  };
  return {
    wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
    list: css({ listStyle: 'none', margin: 0, padding: 0 }),
    item: css({
      display: 'grid',
      gridTemplateColumns: `${theme.spacing(10)} ${theme.spacing(3)} minmax(0, 1fr) ${theme.spacing(26)}`,
      columnGap: theme.spacing(1.5),
      alignItems: 'start',
      position: 'relative',
      padding: theme.spacing(0.75, 1),
      borderRadius: theme.shape.radius.default,
      '&:hover': { background: theme.colors.action.hover },
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
      // The timeline's line, from this icon to the next.
      '&:not(:last-child)::before': {
        content: '""',
        position: 'absolute',
        left: `calc(${theme.spacing(1 + 10 + 1.5 + 1.5)} - 0.5px)`,
        top: theme.spacing(3.75),
        bottom: theme.spacing(-0.75),
        borderLeft: `1px solid ${theme.colors.border.medium}`,
      },
    }),
    offset: css({
      fontFamily: theme.typography.fontFamilyMonospace,
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.secondary,
      textAlign: 'right',
      lineHeight: theme.spacing(3),
      fontVariantNumeric: 'tabular-nums',
    }),
    icon: css({
      width: theme.spacing(3),
      height: theme.spacing(3),
      borderRadius: theme.shape.radius.circle,
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      background: theme.colors.background.primary,
      border: `1px solid ${theme.colors.border.medium}`,
      position: 'relative',
      zIndex: 1,
    }),
    tone: tones,
    kind: kinds,
    body: css({ minWidth: 0, paddingTop: theme.spacing(0.25) }),
    summary: css({
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.secondary,
      wordBreak: 'break-word',
    }),
    duration: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      justifyContent: 'flex-end',
      lineHeight: theme.spacing(3),
    }),
    // A fixed width, so every bar's track starts at the same place.
    durationText: css({ width: theme.spacing(7), textAlign: 'right' }),
    track: css({
      width: theme.spacing(16),
      height: theme.spacing(0.75),
      borderRadius: theme.shape.radius.pill,
      background: theme.colors.background.secondary,
      overflow: 'hidden',
    }),
    bar: css({ display: 'block', height: '100%', borderRadius: theme.shape.radius.pill, background: color('blue') }),
    barTone: {
      error: css({ background: theme.colors.error.main }),
      warning: css({ background: theme.colors.warning.main }),
      success: css({ background: theme.colors.success.main }),
      neutral: css({}),
    } as Record<Tone, string>,
  };
};
