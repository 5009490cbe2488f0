/**
 * The seeded shop's 1.1.0 against 1.0.0 over the release traffic's last six hours, as the compare
 * page shows it: every metric with its difference and 95 % interval (LCP, errors per page view,
 * HTTP failures and page load significantly worse, the rest quiet), the vitals per route, then
 * the issue changes.
 */
import React from 'react';
import { DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import { PanelChrome, Stack } from '@grafana/ui';
// Issue titles are TextLinks: router links, as Grafana renders the app inside its router.
import { MemoryRouter as RouterOfV6Types } from 'react-router-dom-v5-compat';
import { issueChanges, issueSummaries } from '../../pages/releases/issueChanges';
import { ReleaseIssueChanges } from '../../pages/releases/ReleaseIssueChanges';
import { frameColumns } from '../../pages/releases/frames';
import type { ShotRender } from '../../testing/shot';
import { comparisonRows } from './compare';
import { ReleaseCompareTable } from './ReleaseCompareTable';

export interface ReleaseCompareShotData {
  base: string;
  target: string;
  /** release_comparison's frame, then the issues frames of base and target (pages/releases/queries.ts). */
  comparison: DataFrameJSON;
  /** The same per route (groupBy route). */
  byRoute: DataFrameJSON;
  baseIssues: DataFrameJSON;
  targetIssues: DataFrameJSON;
}

// Its types are React 19's (hoisted at the repo root); the plugin renders on React 18.
const MemoryRouter = RouterOfV6Types as unknown as React.ComponentType<{
  children: React.ReactNode;
  future: Record<string, boolean>;
}>;

const columns = (frame: DataFrameJSON) => frameColumns(dataFrameFromJSON(frame));

function Shot({ base, target, comparison, byRoute, baseIssues, targetIssues }: ReleaseCompareShotData) {
  return (
    <Stack direction="column" gap={2}>
      <PanelChrome title={`${target} compared with ${base}`}>
        <ReleaseCompareTable base={base} target={target} rows={comparisonRows(columns(comparison))} />
      </PanelChrome>
      <PanelChrome title="LCP, INP and CLS by route">
        <ReleaseCompareTable
          base={base}
          target={target}
          rows={comparisonRows(columns(byRoute), 'route')}
          groupLabel="Route"
        />
      </PanelChrome>
      <PanelChrome title="New, regressed and resolved issues">
        <ReleaseIssueChanges
          base={base}
          target={target}
          changes={issueChanges(issueSummaries(columns(baseIssues)), issueSummaries(columns(targetIssues)))}
        />
      </PanelChrome>
    </Stack>
  );
}

const shot: ShotRender<ReleaseCompareShotData> = {
  name: 'release-compare',
  title: 'Release comparison',
  width: 1100,
  render: (data) => (
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Shot {...data} />
    </MemoryRouter>
  ),
};

export default shot;
