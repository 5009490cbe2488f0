/**
 * The issue stream's table: select, title and culprit (a link to the issue), status, a sparkline
 * of events over the range, events, users, first / last seen and the release it came in. Sorting
 * is the processor's (descending only), so the sortable headers are buttons that say which one
 * is active rather than react-table's client-side sort.
 */
import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, GrafanaTheme2 } from '@grafana/data';
import {
  Badge,
  Checkbox,
  Column,
  Icon,
  InteractiveTable,
  Sparkline,
  Stack,
  Text,
  TextLink,
  Tooltip,
  useStyles2,
  useTheme2,
} from '@grafana/ui';
import { IssueRow, IssueSort, statusBadge, trendField } from './model';

export interface IssueTableProps {
  rows: IssueRow[];
  sort: IssueSort;
  onSort: (sort: IssueSort) => void;
  selected: ReadonlySet<string>;
  onSelect: (selected: Set<string>) => void;
  /** The issue's page, keeping the stream's variables and time range. */
  issueHref: (id: string) => string;
  /** "now" for the relative times (fixed in tests and screenshots). */
  now?: number;
}

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 28;

function SortHeader(props: { label: string; sort: IssueSort; active: IssueSort; onSort: (s: IssueSort) => void }) {
  const styles = useStyles2(getStyles);
  const active = props.sort === props.active;
  return (
    <button
      type="button"
      className={styles.sortButton}
      aria-pressed={active}
      aria-label={`Sort by ${props.label.toLowerCase()}`}
      onClick={() => props.onSort(props.sort)}
    >
      {props.label}
      {active && <Icon name="arrow-down" size="sm" aria-hidden />}
    </button>
  );
}

function TrendCell({ trend }: { trend: number[] }) {
  const theme = useTheme2();
  if (trend.length < 2) {
    return null;
  }
  const total = trend.reduce((a, b) => a + b, 0);
  return (
    <div role="img" aria-label={`${total} events in the range`} data-testid="issue-sparkline">
      <Sparkline
        width={SPARK_WIDTH}
        height={SPARK_HEIGHT}
        theme={theme}
        sparkline={{ y: trendField(trend) }}
        config={{
          color: { mode: 'fixed', fixedColor: theme.colors.error.text },
          custom: { fillOpacity: 15, lineWidth: 1 },
        }}
      />
    </div>
  );
}

function When({ at, now }: { at: number; now?: number }) {
  const ago = now === undefined ? dateTimeFormatTimeAgo(at) : timeAgo(now - at);
  return (
    <Tooltip content={dateTimeFormat(at)}>
      <span tabIndex={0}>
        <Text color="secondary">{ago}</Text>
      </span>
    </Tooltip>
  );
}

/** A fixed "now" for tests and screenshots (dateTimeFormatTimeAgo reads the clock). */
function timeAgo(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) {
    return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  }
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hour${hours === 1 ? '' : 's'} ago` : `${Math.round(hours / 24)} days ago`;
}

const count = (n: number) => n.toLocaleString('en-US');

export function IssueTable({ rows, sort, onSort, selected, onSelect, issueHref, now }: IssueTableProps) {
  const styles = useStyles2(getStyles);
  const columns = useMemo((): Array<Column<IssueRow>> => {
    const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
    const toggle = (id: string) => {
      const next = new Set(selected);
      next.has(id) ? next.delete(id) : next.add(id);
      onSelect(next);
    };
    const header = (label: string, s: IssueSort) =>
      Object.assign(() => <SortHeader label={label} sort={s} active={sort} onSort={onSort} />, {
        displayName: `${label}Header`,
      });
    return [
      {
        id: 'select',
        disableGrow: true,
        header: () => (
          <Checkbox
            aria-label="Select every issue on this page"
            value={allSelected}
            indeterminate={!allSelected && rows.some((r) => selected.has(r.id))}
            onChange={() => onSelect(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={`Select ${row.original.title}`}
            value={selected.has(row.original.id)}
            onChange={() => toggle(row.original.id)}
          />
        ),
      },
      {
        id: 'title',
        header: 'Issue',
        cell: ({ row }) => (
          <div className={styles.issue}>
            <TextLink href={issueHref(row.original.id)} color="primary" inline={false} weight="medium">
              {row.original.title || row.original.id}
            </TextLink>
            <Text color="secondary" variant="bodySmall" truncate>
              {row.original.culprit}
            </Text>
          </div>
        ),
      },
      {
        id: 'status',
        header: 'Status',
        disableGrow: true,
        cell: ({ row }) => {
          const badge = statusBadge(row.original);
          return (
            <Stack direction="column" gap={0.5} alignItems="flex-start">
              <Badge text={badge.text} color={badge.color} tooltip={badge.tip} />
              {row.original.assignee && (
                <Text color="secondary" variant="bodySmall">
                  <Icon name="user" size="xs" /> {row.original.assignee}
                </Text>
              )}
            </Stack>
          );
        },
      },
      { id: 'trend', header: 'Trend', disableGrow: true, cell: ({ row }) => <TrendCell trend={row.original.trend} /> },
      {
        id: 'events',
        header: header('Events', 'frequent'),
        disableGrow: true,
        cell: ({ row }) => <span className={styles.number}>{count(row.original.events)}</span>,
      },
      {
        id: 'users',
        header: header('Users', 'users'),
        disableGrow: true,
        cell: ({ row }) => <span className={styles.number}>{count(row.original.users)}</span>,
      },
      {
        id: 'firstSeen',
        header: header('First seen', 'newest'),
        disableGrow: true,
        cell: ({ row }) => <When at={row.original.firstSeen} now={now} />,
      },
      {
        id: 'lastSeen',
        header: header('Last seen', 'last_seen'),
        disableGrow: true,
        cell: ({ row }) => <When at={row.original.lastSeen} now={now} />,
      },
      {
        id: 'firstRelease',
        header: 'Introduced in',
        disableGrow: true,
        cell: ({ row }) =>
          row.original.firstRelease ? (
            <Badge text={row.original.firstRelease} color="purple" icon="code-branch" />
          ) : (
            <Text color="secondary">—</Text>
          ),
      },
    ];
  }, [rows, selected, onSelect, sort, onSort, issueHref, now, styles]);
  return <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.id} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  issue: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25), minWidth: 0, maxWidth: 560 }),
  number: css({ fontVariantNumeric: 'tabular-nums' }),
  sortButton: css({
    all: 'unset',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
    '&[aria-pressed="false"]': { color: theme.colors.text.secondary },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
  }),
});
