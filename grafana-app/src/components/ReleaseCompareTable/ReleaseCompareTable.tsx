/**
 * Two releases metric by metric: base and target values, the difference with its 95 % interval,
 * the sample sizes, and a verdict. Significant changes stand out three ways (a coloured badge,
 * an arrow icon, the words "Slower" / "Better"…), so colour is never the only signal; everything
 * else is secondary text, so the eye goes to what changed. Logic in compare.ts.
 */
import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, Icon, InteractiveTable, Stack, Text, Tooltip, useStyles2 } from '@grafana/ui';
import {
  ComparisonRow,
  formatDifference,
  formatInterval,
  formatValue,
  metricInfo,
  Verdict,
  verdictOf,
  verdictText,
} from './compare';

export interface ReleaseCompareTableProps {
  base: string;
  target: string;
  rows: ComparisonRow[];
  /** A grouped comparison's group column header ("Route"); rows then carry `group`. */
  groupLabel?: string;
}

const BADGE: Record<Exclude<Verdict, 'none'>, BadgeColor> = { worse: 'red', better: 'green', changed: 'blue' };

/** A cell's text: the normal weight and colour for a significant row, secondary otherwise. */
function Value({ row, children }: { row: ComparisonRow; children: string }) {
  return row.significant ? (
    <Text weight="medium" tabular>
      {children}
    </Text>
  ) : (
    <Text color="secondary" tabular>
      {children}
    </Text>
  );
}

function VerdictCell({ row }: { row: ComparisonRow }) {
  const verdict = verdictOf(row);
  const text = verdictText(row);
  if (verdict === 'none') {
    return (
      <Text color="secondary" italic>
        {text}
      </Text>
    );
  }
  return <Badge color={BADGE[verdict]} icon={(row.difference ?? 0) > 0 ? 'arrow-up' : 'arrow-down'} text={text} />;
}

function MetricCell({ row }: { row: ComparisonRow }) {
  const info = metricInfo(row.metric);
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <Text weight={row.significant ? 'medium' : 'regular'} color={row.significant ? 'primary' : 'secondary'}>
        {info.label}
      </Text>
      <Tooltip content={info.description}>
        {/* Focusable, so the explanation is reachable from the keyboard too. */}
        <span tabIndex={0} aria-label={info.description}>
          <Icon name="info-circle" size="sm" />
        </span>
      </Tooltip>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // The table sits on the panel background; its own header row is enough chrome.
  wrapper: css({ width: '100%', overflowX: 'auto', paddingBottom: theme.spacing(1) }),
});

export function ReleaseCompareTable({ base, target, rows, groupLabel }: ReleaseCompareTableProps) {
  const styles = useStyles2(getStyles);
  const columns = useMemo(
    () => [
      ...(groupLabel
        ? [
            {
              id: 'group',
              header: groupLabel,
              cell: ({ row: { original: r } }: Cell) => <Value row={r}>{r.group || '(none)'}</Value>,
            },
          ]
        : []),
      { id: 'metric', header: 'Metric', cell: ({ row: { original } }: Cell) => <MetricCell row={original} /> },
      {
        id: 'base',
        header: base,
        cell: ({ row: { original: r } }: Cell) => <Value row={r}>{formatValue(r.base, r.unit)}</Value>,
      },
      {
        id: 'target',
        header: target,
        cell: ({ row: { original: r } }: Cell) => <Value row={r}>{formatValue(r.target, r.unit)}</Value>,
      },
      {
        id: 'difference',
        header: 'Change',
        cell: ({ row: { original: r } }: Cell) => <Value row={r}>{formatDifference(r.difference, r.unit)}</Value>,
      },
      {
        id: 'interval',
        header: '95% interval',
        cell: ({ row: { original: r } }: Cell) => <Value row={r}>{formatInterval(r.ciLow, r.ciHigh, r.unit)}</Value>,
      },
      {
        id: 'samples',
        header: 'Samples',
        cell: ({ row: { original: r } }: Cell) => (
          <Text color="secondary" tabular>
            {`${r.baseSamples.toLocaleString('en-US')} / ${r.targetSamples.toLocaleString('en-US')}`}
          </Text>
        ),
      },
      { id: 'verdict', header: 'Verdict', cell: ({ row: { original } }: Cell) => <VerdictCell row={original} /> },
    ],
    [base, target, groupLabel]
  );
  return (
    <div className={styles.wrapper}>
      <InteractiveTable columns={columns} data={rows} getRowId={(r: ComparisonRow) => `${r.group ?? ''}:${r.metric}`} />
    </div>
  );
}

interface Cell {
  row: { original: ComparisonRow };
}
