/**
 * A symbolicated stack trace, innermost frame first as browsers print it: each frame's function and
 * original position, its source context when the source map carried sourcesContent, the minified
 * position it was mapped from, and the exception's cause chain below. The in-app / all toggle is
 * controlled (the page keeps it in the URL).
 */
import React, { useState } from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Icon, IconButton, RadioButtonGroup, Stack, Text, Tooltip, useStyles2 } from '@grafana/ui';
import { causeChain, CauseRow, FramesMode, location, sourceLines, StackFrameRow, visibleFrames } from './model';

export interface StackTraceViewProps {
  exception: { type: string; message: string };
  frames: StackFrameRow[];
  causes: CauseRow[];
  mode: FramesMode;
  onModeChange(mode: FramesMode): void;
}

const MODE_OPTIONS = [
  { label: 'In-app', value: 'app' as const, description: 'Only your code' },
  { label: 'All frames', value: 'all' as const, description: 'Vendor and browser frames too' },
];

export function StackTraceView({ exception, frames, causes, mode, onModeChange }: StackTraceViewProps) {
  const styles = useStyles2(getStyles);
  const shown = visibleFrames(frames, mode);
  return (
    <section aria-label="Stack trace" className={styles.section}>
      <Stack justifyContent="space-between" alignItems="flex-start" wrap="wrap">
        <Stack direction="column" gap={0}>
          <Text element="h3" variant="h5">
            {exception.type || 'Error'}
          </Text>
          <Text color="secondary">{exception.message}</Text>
        </Stack>
        <RadioButtonGroup
          size="sm"
          aria-label="Frames"
          options={MODE_OPTIONS}
          value={mode}
          onChange={(v) => onModeChange(v)}
        />
      </Stack>
      {shown.hidden > 0 && (
        <Text variant="bodySmall" color="secondary">
          {shown.hidden} vendor or browser {shown.hidden === 1 ? 'frame' : 'frames'} hidden
        </Text>
      )}
      {shown.fellBack && (
        <Text variant="bodySmall" color="secondary">
          No frame of this event is in-app: showing all frames.
        </Text>
      )}
      {frames.length === 0 ? (
        <Text color="secondary">This event has no stack frames (the error was thrown without a stack).</Text>
      ) : (
        <ol className={styles.frames} aria-label="Frames">
          {shown.frames.map((f, i) => (
            <FrameItem key={`${i}-${f.filename}-${f.lineno}`} frame={f} />
          ))}
        </ol>
      )}
      {causeChain(causes).map((c) => (
        <CauseItem key={c.depth} cause={c} />
      ))}
    </section>
  );
}

function FrameItem({ frame }: { frame: StackFrameRow }) {
  const styles = useStyles2(getStyles);
  const lines = sourceLines(frame);
  // Your own code with its source open; vendor frames collapsed (one click away).
  const [open, setOpen] = useState(frame.in_app && lines.length > 0);
  return (
    <li
      className={cx(styles.frame, !frame.in_app && styles.vendor)}
      aria-label={`${frame.function || '<anonymous>'} at ${location(frame)}`}
    >
      <Stack alignItems="center" gap={1} wrap="wrap">
        {lines.length > 0 ? (
          <IconButton
            name={open ? 'angle-down' : 'angle-right'}
            aria-expanded={open}
            tooltip={open ? 'Hide source' : 'Show source'}
            onClick={() => setOpen(!open)}
          />
        ) : (
          <span className={styles.iconSpace} />
        )}
        <span className={styles.mono}>
          <strong>{frame.function || '<anonymous>'}</strong>
          <span className={styles.muted}> at {location(frame)}</span>
        </span>
        {!frame.in_app && <Badge text="vendor" color="purple" />}
        {frame.symbolicated && (
          <Tooltip content={`Mapped from ${frame.raw_function || '?'} at ${frame.raw_position}`}>
            <span tabIndex={0} aria-label={`Mapped from ${frame.raw_position}`} className={styles.muted}>
              <Icon name="link" size="sm" />
            </span>
          </Tooltip>
        )}
      </Stack>
      {open && (
        <pre className={styles.source} aria-label={`Source of ${frame.filename}`}>
          {lines.map((l) => (
            <div
              key={l.lineno}
              className={cx(styles.line, l.current && styles.current)}
              aria-current={l.current || undefined}
            >
              <span className={styles.lineno}>{l.lineno}</span>
              {l.text || ' '}
            </div>
          ))}
        </pre>
      )}
    </li>
  );
}

function CauseItem({ cause }: { cause: CauseRow }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.cause} aria-label={`Cause ${cause.depth}`}>
      <Text variant="bodySmall" color="secondary">
        Caused by
      </Text>
      <div>
        <Text weight="medium">{cause.type || 'Error'}</Text>
        <Text>: {cause.message}</Text>
      </div>
      {cause.stacktrace && <pre className={styles.source}>{cause.stacktrace}</pre>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  frames: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  frame: css({
    padding: theme.spacing(0.75, 1),
    '& + &': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  vendor: css({ background: theme.colors.background.secondary }),
  iconSpace: css({ display: 'inline-block', width: theme.spacing(2) }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  muted: css({ color: theme.colors.text.secondary }),
  source: css({
    margin: theme.spacing(1, 0, 0.5, 3),
    padding: theme.spacing(0.5, 0),
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    overflowX: 'auto',
  }),
  line: css({ padding: theme.spacing(0, 1), whiteSpace: 'pre' }),
  current: css({
    background: theme.colors.error.transparent,
    // An inset bar rather than a border, so the marked line's text stays aligned with the others.
    boxShadow: `inset 2px 0 0 ${theme.colors.error.border}`,
  }),
  lineno: css({
    display: 'inline-block',
    minWidth: theme.spacing(5),
    color: theme.colors.text.disabled,
    userSelect: 'none',
  }),
  cause: css({
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    paddingLeft: theme.spacing(1.5),
    marginTop: theme.spacing(1),
  }),
});
