/**
 * The Issues stream as the page shows it: the bulk bar (an Editor with one issue selected) over
 * the first page of the seeded shop's issues, each with its sparkline over the last six hours.
 */
import React from 'react';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { dataFrameFromJSON, DataFrameJSON } from '@grafana/data';
import { Stack } from '@grafana/ui';
import type { ShotRender } from '../../testing/shot';
import { BulkActions } from './BulkActions';
import { IssueTable } from './IssueTable';
import { rowsFromFrame } from './model';

export interface IssueTableShotData {
  frame: DataFrameJSON;
  now: number;
}

// TextLink's internal links are router links: Grafana renders the app inside its router.
// v7's behaviour opted in, so the router logs no future-flag warnings (the runner fails on warnings).
const Router = MemoryRouter as unknown as React.ComponentType<{
  children?: React.ReactNode;
  future?: { v7_startTransition: boolean; v7_relativeSplatPath: boolean };
}>;

function IssueTableShot({ frame, now }: IssueTableShotData) {
  const rows = rowsFromFrame(dataFrameFromJSON(frame));
  const selected = new Set(rows.slice(0, 1).map((r) => r.id));
  return (
    <Router future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Stack direction="column" gap={2}>
        <BulkActions selected={selected.size} onAction={() => {}} />
        <IssueTable
          rows={rows}
          sort="last_seen"
          onSort={() => {}}
          selected={selected}
          onSelect={() => {}}
          issueHref={(id) => `/a/pulsetrace-app/issues/${encodeURIComponent(id)}`}
          now={now}
        />
      </Stack>
    </Router>
  );
}

const shot: ShotRender<IssueTableShotData> = {
  name: 'issue-table',
  title: 'Issue stream',
  width: 1280,
  render: (data) => <IssueTableShot {...data} />,
};

export default shot;
