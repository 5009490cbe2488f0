/**
 * The Releases pages' custom scene objects: the comparison table and the issue changes (no
 * standard visualization shows a difference with its interval and a verdict, or a set difference
 * of two issue lists), and the list's hint to tag releases. Each reads its data from the query
 * runner the page gives it (queries.ts) and the compare page's variables; the React parts are
 * components of their own.
 */
import React from 'react';
import { LoadingState, PanelData } from '@grafana/data';
import {
  QueryVariable,
  SceneComponentProps,
  sceneGraph,
  SceneObject,
  SceneObjectBase,
  SceneObjectState,
  VariableDependencyConfig,
} from '@grafana/scenes';
import { PanelChrome, Stack, Text } from '@grafana/ui';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { ReleaseCompareTable } from '../../components/ReleaseCompareTable/ReleaseCompareTable';
import { comparisonRows } from '../../components/ReleaseCompareTable/compare';
import { frameColumns } from './frames';
import { issueChanges, issueSummaries } from './issueChanges';
import { Breakdown, BREAKDOWN_GROUPS, COMPARE_VARS } from './queries';
import { ReleaseIssueChanges } from './ReleaseIssueChanges';
import { TagReleases } from './TagReleases';

const frameOf = (data: PanelData | undefined, refId: string) => data?.series.find((f) => f.refId === refId);

/** The scope the comparison is narrowed to, in words ("" for all routes and browsers). */
export function scopeText(route: string, browser: string): string {
  const parts = [
    route && route !== '*' && route !== '$__all' ? `route ${route}` : '',
    browser && browser !== '*' && browser !== '$__all' ? browser : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function useComparedReleases(model: SceneObject) {
  // The compare page always defines it (comparePage.ts compareVariables).
  const variable = sceneGraph.lookupVariable(COMPARE_VARS.base, model) as QueryVariable;
  const { options, loading } = variable.useState();
  const text = (name: string) => sceneGraph.interpolate(model, `\${${name}}`);
  return {
    releases: options.length,
    loading: Boolean(loading),
    base: text(COMPARE_VARS.base),
    target: text(COMPARE_VARS.target),
    scope: scopeText(text(COMPARE_VARS.route), text(COMPARE_VARS.browser)),
  };
}

/** Null when the two releases can be compared; else what to show instead. */
function notComparable(r: ReturnType<typeof useComparedReleases>) {
  if (!r.loading && r.releases < 2) {
    return <TagReleases found={r.releases} />;
  }
  if (r.base && r.base === r.target) {
    return (
      <EmptyState
        variant="not-found"
        title="Pick two different releases"
        message={`Base and target are both ${r.base}: choose the release to compare against in "Base release".`}
      />
    );
  }
  return null;
}

const VARS = Object.values(COMPARE_VARS);

interface ReleaseComparePanelState extends SceneObjectState {
  /** Per route or browser (the vitals only; queries.ts comparisonByQuery), else every metric overall. */
  breakdown?: Breakdown;
}

const BREAKDOWN_LABEL: Record<Breakdown, string> = { route: 'Route', browser: 'Browser' };

export class ReleaseComparePanel extends SceneObjectBase<ReleaseComparePanelState> {
  protected _variableDependency = new VariableDependencyConfig(this, { variableNames: VARS });
  static Component = ReleaseCompareRenderer;
}

function ReleaseCompareRenderer({ model }: SceneComponentProps<ReleaseComparePanel>) {
  const { breakdown } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const compared = useComparedReleases(model);
  // The overall panel says why there is nothing to compare; the breakdowns below stay quiet.
  const blocked =
    notComparable(compared) &&
    (breakdown ? <Text color="secondary">Pick two different releases above.</Text> : notComparable(compared));
  const frame = frameOf(data, breakdown ? `by_${breakdown}` : 'comparison');
  const scope = compared.scope ? ` (${compared.scope})` : '';
  const title = breakdown
    ? `LCP, INP and CLS by ${breakdown}${scope}`
    : `${compared.target} compared with ${compared.base}${scope}`;
  return (
    <PanelChrome
      title={blocked && !breakdown ? 'Release comparison' : title}
      description={
        breakdown
          ? `The p75 of each vital in both releases per ${breakdown} (the ${BREAKDOWN_GROUPS} with the most samples), with the difference and its 95% confidence interval.`
          : 'Each metric in both releases, the difference (target − base) with its 95% confidence interval, and the verdict when the interval excludes zero.'
      }
      loadingState={data?.state}
      statusMessage={data?.errors?.map((e) => e.message).join('; ')}
    >
      {blocked ??
        (frame ? (
          <ReleaseCompareTable
            base={compared.base}
            target={compared.target}
            rows={comparisonRows(frameColumns(frame), breakdown)}
            groupLabel={breakdown && BREAKDOWN_LABEL[breakdown]}
          />
        ) : data?.state === LoadingState.Done ? (
          <EmptyState
            title="Nothing to compare"
            message="Neither release has page views, errors or vitals in this time range and scope: widen the time range or clear the route and browser."
          />
        ) : null)}
    </PanelChrome>
  );
}

export class IssueChangesPanel extends SceneObjectBase<SceneObjectState> {
  protected _variableDependency = new VariableDependencyConfig(this, { variableNames: VARS });
  static Component = IssueChangesRenderer;
}

function IssueChangesRenderer({ model }: SceneComponentProps<IssueChangesPanel>) {
  const { data } = sceneGraph.getData(model).useState();
  const compared = useComparedReleases(model);
  const base = frameOf(data, 'base');
  const target = frameOf(data, 'target');
  const ready = !notComparable(compared) && base && target;
  return (
    <PanelChrome
      title="New, regressed and resolved issues"
      description="Issues seen in the target release but not in the base one (new), seen in the target after being resolved (regressed), and seen in the base but not in the target (gone), in this time range and scope."
      loadingState={data?.state}
      statusMessage={data?.errors?.map((e) => e.message).join('; ')}
    >
      {ready ? (
        <ReleaseIssueChanges
          base={compared.base}
          target={compared.target}
          changes={issueChanges(issueSummaries(frameColumns(base)), issueSummaries(frameColumns(target)))}
        />
      ) : null}
    </PanelChrome>
  );
}

/** Above the list: how to tag releases, while the range has fewer than two. */
export class ReleasesHint extends SceneObjectBase<SceneObjectState> {
  static Component = ReleasesHintRenderer;
}

function ReleasesHintRenderer({ model }: SceneComponentProps<ReleasesHint>) {
  const { data } = sceneGraph.getData(model).useState();
  if (!data || data.state !== LoadingState.Done) {
    return null;
  }
  const found = frameOf(data, 'releases')?.length ?? 0;
  return found < 2 ? (
    <Stack direction="column">
      <TagReleases found={found} />
    </Stack>
  ) : null;
}
