/**
 * Incident cards as a list: title (a link to the card's detail), severity, status, kind, onset,
 * affected sessions and users, the release, the top hypothesis and the next step. The Insights
 * page lists every card of its filters; the Overview the top few open ones (`compact`).
 */
import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, Card, Stack, Text, useStyles2 } from '@grafana/ui';
import { deltaText, InsightRow, label, rowDeltas } from './model';

export const SEVERITY_COLORS: Record<string, BadgeColor> = {
  critical: 'red',
  high: 'orange',
  medium: 'blue',
  low: 'darkgrey',
};

export const STATUS_COLORS: Record<string, BadgeColor> = {
  open: 'red',
  acknowledged: 'orange',
  resolved: 'green',
  not_useful: 'darkgrey',
};

const count = (n: number) => Number(n).toLocaleString('en-US');

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge text={label(severity)} color={SEVERITY_COLORS[severity] ?? 'darkgrey'} icon="exclamation-triangle" />;
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge text={label(status)} color={STATUS_COLORS[status] ?? 'darkgrey'} />;
}

export interface InsightCardsProps {
  rows: InsightRow[];
  hrefOf(id: string): string;
  /** The Overview's row: fewer lines per card. */
  compact?: boolean;
}

export function InsightCards({ rows, hrefOf, compact }: InsightCardsProps) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={compact ? styles.row : styles.list} aria-label="Insights">
      {rows.map((r) => (
        <li key={r.id} className={styles.item}>
          <Card href={hrefOf(r.id)} className={styles.card}>
            <Card.Heading>{r.title}</Card.Heading>
            <Card.Meta>
              {[
                <span key="at" title={dateTimeFormat(r.started_at)}>
                  Started {dateTimeFormatTimeAgo(r.started_at)}
                </span>,
                <span key="sessions">
                  {count(r.affected_sessions)} sessions · {count(r.affected_users)} users affected
                </span>,
                ...(r.release ? [<span key="release">release {r.release}</span>] : []),
              ]}
            </Card.Meta>
            <Card.Tags>
              <Stack gap={0.5}>
                <SeverityBadge severity={r.severity} />
                <StatusBadge status={r.status} />
                {!compact && <Badge text={label(r.kind)} color="purple" />}
              </Stack>
            </Card.Tags>
            {(r.top_hypothesis || rowDeltas(r).length > 0) && (
              <Card.Description>
                {rowDeltas(r).map((d, i) => {
                  const t = deltaText(d);
                  return (
                    <div key={i}>
                      {d.metric} {t.values}: <strong>{t.change}</strong>
                      {t.interval ? ` (${t.interval})` : ''}
                    </div>
                  );
                })}
                {r.top_hypothesis && (
                  <>
                    <Text color="secondary">Likely cause: </Text>
                    {r.top_hypothesis}
                  </>
                )}
                {!compact && r.next_step && (
                  <>
                    <br />
                    <Text color="secondary">Next step: </Text>
                    {r.next_step}
                  </>
                )}
              </Card.Description>
            )}
          </Card>
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: theme.spacing(1) }),
  row: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: theme.spacing(1),
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
  }),
  item: css({ display: 'flex' }),
  card: css({ marginBottom: 0, flex: 1 }),
});
