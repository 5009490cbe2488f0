/**
 * The Overview's insight row, presentational: the top open cards (model.ts topOpen: severity, then
 * recency) linking to their detail and to the whole list, or "No open insights" with what the
 * engine watches.
 */
import React from 'react';
import { LinkButton, Stack, Text } from '@grafana/ui';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { InsightCards } from './InsightCards';
import { InsightRow, topOpen } from './model';
import { NO_OPEN_INSIGHTS } from './notice';

/** How many open cards the Overview shows. */
export const TOP_INSIGHTS = 3;

export interface OpenInsightsRowProps {
  /** The open cards (any order). */
  rows: InsightRow[];
  hrefOf(id: string): string;
  /** The Insights page, keeping the view's scope. */
  listHref: string;
}

export function OpenInsightsRow({ rows, hrefOf, listHref }: OpenInsightsRowProps) {
  const top = topOpen(rows, TOP_INSIGHTS);
  return (
    <Stack direction="column" gap={1}>
      <Stack justifyContent="space-between" alignItems="center">
        <Text element="h4">Open insights</Text>
        <LinkButton href={listHref} icon="arrow-right" variant="secondary" fill="text" size="sm">
          {rows.length > top.length ? `All ${rows.length} open insights` : 'All insights'}
        </LinkButton>
      </Stack>
      {top.length === 0 ? (
        <EmptyState title={NO_OPEN_INSIGHTS.title} message={NO_OPEN_INSIGHTS.message} variant="completed" />
      ) : (
        <InsightCards rows={top} hrefOf={hrefOf} compact />
      )}
    </Stack>
  );
}
