/**
 * Core Web Vitals per route: p75 (rating colour) and p95 of each vital, the samples, and the
 * chosen vital's p75 trend. A route's button narrows the page to it (the page keeps the choice in
 * the URL); a vital's header button makes it the chosen one. The rating is also in words
 * (aria-label and tooltip), never in colour alone.
 */
import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { FieldType, GrafanaTheme2 } from '@grafana/data';
import { Button, Column, InteractiveTable, Sparkline, Stack, Text, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import {
  formatVital,
  rateVital,
  RATING_COLORS,
  RATING_LABELS,
  RouteVitals,
  Vital,
  VITAL_NAMES,
  VITALS,
} from '../../pages/performance/vitals';

export interface VitalsByRouteTableProps {
  rows: RouteVitals[];
  /** The vital the trend column shows. */
  vital: Vital;
  /** The route the page is narrowed to, if any. */
  selectedRoute?: string;
  onSelectRoute?: (route: string | undefined) => void;
  onSelectVital?: (vital: Vital) => void;
}

const TEXT_COLOR = { good: 'success', 'needs-improvement': 'warning', poor: 'error' } as const;

function VitalValue({ vital, cell }: { vital: Vital; cell: RouteVitals['vitals'][Vital] }) {
  if (!cell || cell.samples === 0) {
    return (
      <Text color="disabled" aria-label={`${vital}: no samples`}>
        –
      </Text>
    );
  }
  const rating = rateVital(vital, cell.p75);
  const p75 = formatVital(vital, cell.p75);
  const label = `${vital} p75 ${p75}${rating ? `, ${RATING_LABELS[rating].toLowerCase()}` : ''}`;
  return (
    <Tooltip content={`${label}; p95 ${formatVital(vital, cell.p95)}; ${cell.samples} samples`}>
      <span aria-label={label} tabIndex={0}>
        <Stack direction="column" gap={0}>
          <Text weight="medium" color={rating ? TEXT_COLOR[rating] : undefined}>
            {p75}
          </Text>
          <Text variant="bodySmall" color="secondary">
            p95 {formatVital(vital, cell.p95)}
          </Text>
        </Stack>
      </span>
    </Tooltip>
  );
}

function Trend({ row, vital }: { row: RouteVitals; vital: Vital }) {
  const theme = useTheme2();
  const trend = row.trend;
  const values = trend?.values.filter((v): v is number => v !== null) ?? [];
  if (!trend || values.length < 2) {
    return <Text color="secondary">–</Text>;
  }
  const latest = values[values.length - 1]!;
  // The line takes the colour of the route's p75 in the table, so a row reads as one rating.
  const rating = rateVital(vital, row.vitals[vital]?.p75) ?? 'good';
  const color = theme.visualization.getColorByName(RATING_COLORS[rating]);
  return (
    <span aria-label={`${vital} p75 over time, latest ${formatVital(vital, latest)}`} role="img">
      <Sparkline
        theme={theme}
        width={120}
        height={28}
        sparkline={{
          x: { name: 'time', type: FieldType.time, config: {}, values: trend.times },
          y: {
            name: 'p75',
            type: FieldType.number,
            config: {},
            values: trend.values,
            state: { range: { min: Math.min(...values), max: Math.max(...values), delta: 0 } },
          },
        }}
        config={{
          color: { mode: 'fixed', fixedColor: color } as never,
          custom: { lineWidth: 1, fillOpacity: 12, spanNulls: true } as never,
        }}
      />
    </span>
  );
}

export function VitalsByRouteTable({
  rows,
  vital,
  selectedRoute,
  onSelectRoute,
  onSelectVital,
}: VitalsByRouteTableProps) {
  const styles = useStyles2(getStyles);
  const columns = useMemo<Array<Column<RouteVitals>>>(
    () => [
      {
        id: 'route',
        header: 'Route',
        sortType: 'alphanumeric',
        cell: ({ row: { original } }) => {
          const selected = original.route === selectedRoute;
          return (
            <Button
              fill="text"
              size="sm"
              icon={selected ? 'filter' : undefined}
              aria-pressed={selected}
              tooltip={selected ? 'Show all routes' : 'Narrow the page to this route'}
              onClick={() => onSelectRoute?.(selected ? undefined : original.route)}
              className={styles.route}
            >
              {original.route || '(no route)'}
            </Button>
          );
        },
      },
      ...VITALS.map<Column<RouteVitals>>((v) => ({
        id: v,
        header: () => (
          <Button
            fill="text"
            size="sm"
            variant={v === vital ? 'primary' : 'secondary'}
            aria-pressed={v === vital}
            tooltip={`${VITAL_NAMES[v]}: p75 coloured by web.dev's rating, p95 below. Show its trend and breakdowns`}
            onClick={() => onSelectVital?.(v)}
          >
            {v}
          </Button>
        ),
        cell: ({ row: { original } }) => <VitalValue vital={v} cell={original.vitals[v]} />,
      })),
      {
        id: 'samples',
        header: 'Samples',
        sortType: 'number',
        cell: ({ row: { original } }) => (
          <Text color="secondary">{(original.vitals[vital]?.samples ?? 0).toLocaleString()}</Text>
        ),
      },
      {
        id: 'trend',
        header: `${vital} p75 trend`,
        cell: ({ row: { original } }) => <Trend row={original} vital={vital} />,
      },
    ],
    [vital, selectedRoute, onSelectRoute, onSelectVital, styles]
  );
  return <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.route} pageSize={15} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  route: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    maxWidth: 320,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
