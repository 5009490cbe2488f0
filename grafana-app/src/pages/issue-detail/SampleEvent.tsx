/**
 * One event of the issue with its attributes, navigable newer / older through the listed events
 * (the page keeps the event id in the URL); links to its session's timeline and, when it has a
 * trace id and Grafana has a Tempo data source, to the trace.
 */
import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Button, ButtonGroup, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { EventPosition, EventRow, sessionUrl } from './model';

export interface SampleEventProps {
  position: EventPosition;
  eventId?: string;
  notices: string[];
  traceLink?: string;
  /** Query parameters the session link keeps (var-ds, var-project, from, to). */
  linkParams?: Record<string, string>;
  onShow(eventId: string | undefined): void;
}

const ATTRIBUTES: Array<[keyof EventRow, string]> = [
  ['release', 'Release'],
  ['environment', 'Environment'],
  ['browser', 'Browser'],
  ['os', 'OS'],
  ['device', 'Device'],
  ['country', 'Country'],
  ['url', 'URL'],
  ['user', 'User'],
];

export function SampleEvent({ position, eventId, notices, traceLink, linkParams, onShow }: SampleEventProps) {
  const styles = useStyles2(getStyles);
  const e = position.event;
  return (
    <Stack direction="column" gap={1}>
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Text color="secondary">
          {position.index >= 0
            ? `Event ${position.index + 1} of the ${position.total} latest in the time range`
            : `Event ${eventId ?? ''} (not among the latest events in the time range)`}
        </Text>
        <ButtonGroup>
          <Button
            size="sm"
            variant="secondary"
            icon="step-backward"
            disabled={position.index === 0}
            onClick={() => onShow(undefined)}
            tooltip="The latest event"
          >
            Latest
          </Button>
          <Button
            size="sm"
            variant="secondary"
            icon="angle-left"
            disabled={!position.newer}
            onClick={() => onShow(position.newer)}
          >
            Newer
          </Button>
          <Button size="sm" variant="secondary" disabled={!position.older} onClick={() => onShow(position.older)}>
            Older
          </Button>
        </ButtonGroup>
      </Stack>
      {notices.map((n) => (
        <Text key={n} color="warning">
          {n}
        </Text>
      ))}
      {e && (
        <dl className={styles.attributes} aria-label="Event attributes">
          <dt>Time</dt>
          <dd>{dateTimeFormat(e.time)}</dd>
          <dt>Event id</dt>
          <dd className={styles.mono}>{e.event_id}</dd>
          {ATTRIBUTES.filter(([key]) => e[key] !== '' && e[key] !== undefined).map(([key, label]) => (
            <React.Fragment key={key}>
              <dt>{label}</dt>
              <dd>{String(e[key])}</dd>
            </React.Fragment>
          ))}
          <dt>Handled</dt>
          <dd>{e.handled ? 'yes (caught and reported)' : 'no (uncaught)'}</dd>
          {e.session_id && (
            <>
              <dt>Session</dt>
              <dd>
                <TextLink href={sessionUrl(e.session_id, linkParams)} inline={false}>
                  {e.session_id}
                </TextLink>
              </dd>
            </>
          )}
          {e.trace_id && (
            <>
              <dt>Trace</dt>
              <dd className={styles.mono}>
                {traceLink ? (
                  <TextLink href={traceLink} icon="gf-traces" inline={false}>
                    {e.trace_id}
                  </TextLink>
                ) : (
                  e.trace_id
                )}
              </dd>
            </>
          )}
        </dl>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  attributes: css({
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0, wordBreak: 'break-all' },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
});
