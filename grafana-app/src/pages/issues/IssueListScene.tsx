/**
 * The Issues stream's body: the page of issues (its number is `page` in the URL; the filters are
 * page variables), the bulk bar and the table, or a notice when there is nothing to list. Bulk
 * changes go through the data source's write route (PATCH …/issues), then the page reloads.
 */
import React, { useMemo, useState } from 'react';
import { LoadingState } from '@grafana/data';
import {
  SceneComponentProps,
  sceneGraph,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  SceneQueryRunner,
  VariableDependencyConfig,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Pagination, Stack, Text } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import { projectPath, ProcessorApi } from '../../api/processor';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { BulkActions } from '../../components/IssueTable/BulkActions';
import { BulkAction, bulkBody, BulkOutcome, bulkOutcome, BulkResult } from '../../components/IssueTable/bulk';
import { IssueTable } from '../../components/IssueTable/IssueTable';
import {
  ISSUE_SORTS,
  IssueSort,
  pageCount,
  pageInfoOf,
  rangeLabel,
  rowsFromFrame,
} from '../../components/IssueTable/model';
import { queryRunner } from '../../scenes/runner';
import { streamNotice } from './notice';
import { issuesPageQueries, PAGE_SIZE, TREND_POINTS, VARS } from './queries';
import { DEFAULT_SORT } from './variables';

export interface IssueListState extends SceneObjectState {
  /** 1-based page of the stream. */
  page: number;
  busy?: boolean;
  outcome?: BulkOutcome;
}

/** Variables whose change makes the current page meaningless: back to page 1. */
const FILTER_VARIABLES = ['project', 'environment', 'release', ...Object.values(VARS)];

/** Variables and time range an issue link keeps (the detail page has the shared ones). */
const LINK_PARAMS =
  'var-ds=${ds}&var-project=${project}&${environment:queryparam}&${release:queryparam}&${__url_time_range}';

export const parsePage = (value: unknown) => {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

export class IssueListScene extends SceneObjectBase<IssueListState> {
  static Component = IssueListRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['page'] });
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: FILTER_VARIABLES,
    onReferencedVariableValueChanged: () => {
      // Variables also "change" while they load (a project picked from its list): a page from a
      // shared link must survive that, so only a change after the page has shown rows resets it.
      if (this.shown && this.state.page !== 1) {
        this.setPage(1);
      }
    },
  });
  private shown = false;

  constructor(state: Partial<IssueListState> = {}) {
    const page = state.page ?? 1;
    super({ page, $data: queryRunner(issuesPageQueries(page), TREND_POINTS), ...state });
    this.addActivationHandler(() => {
      const sub = this.runner().subscribeToState((s) => {
        this.shown ||= s.data?.state === LoadingState.Done;
      });
      return () => sub.unsubscribe();
    });
  }

  getUrlState() {
    return { page: this.state.page === 1 ? undefined : String(this.state.page) };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const page = parsePage(values.page);
    if (page !== this.state.page) {
      this.setPage(page);
    }
  }

  private runner(): SceneQueryRunner {
    return this.state.$data as SceneQueryRunner;
  }

  setPage(page: number) {
    this.setState({ page });
    const runner = this.runner();
    runner.setState({ queries: issuesPageQueries(page) });
    if (runner.isActive) {
      runner.runQueries();
    }
  }

  setSort(sort: IssueSort) {
    const variable = sceneGraph.lookupVariable(VARS.sort, this);
    if (variable && 'changeValueTo' in variable) {
      (variable as unknown as { changeValueTo(v: string, t: string): void }).changeValueTo(
        sort,
        ISSUE_SORTS.find((s) => s.value === sort)?.label ?? sort
      );
    }
  }

  issueHref(id: string): string {
    return `${prefixRoute(`${ROUTES.Issues}/${encodeURIComponent(id)}`)}?${sceneGraph.interpolate(this, LINK_PARAMS)}`;
  }

  /** One change to the selected issues; the outcome stays on the page, and the rows reload. */
  async bulk(action: BulkAction, ids: string[], titles: Map<string, string>) {
    const api = new ProcessorApi(sceneGraph.interpolate(this, '${ds}'));
    const project = sceneGraph.interpolate(this, '${project}');
    this.setState({ busy: true, outcome: undefined });
    let result: BulkResult | Error;
    try {
      result = await api.call<BulkResult>('write', 'PATCH', projectPath(project, '/issues'), bulkBody(action, ids));
    } catch (err) {
      result = err instanceof Error ? err : new Error(String(err));
    }
    this.setState({ busy: false, outcome: bulkOutcome(action, result, titles) });
    this.runner().runQueries();
  }
}

const NONE: ReadonlySet<string> = new Set();

function IssueListRenderer({ model }: SceneComponentProps<IssueListScene>) {
  const { page, busy, outcome } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const sortVariable = sceneGraph.lookupVariable(VARS.sort, model);
  const sort = (sortVariable?.getValue() as IssueSort | undefined) ?? DEFAULT_SORT;
  const list = data?.series.find((f) => f.refId === 'issues');
  const rows = useMemo(() => rowsFromFrame(list), [list]);
  const info = pageInfoOf(list);
  // A selection belongs to the rows it was made on: a reload, filter or page starts with none.
  const [selection, setSelection] = useState({ rows, ids: new Set<string>() });
  const selected = selection.rows === rows ? selection.ids : NONE;
  const setSelected = (ids: Set<string>) => setSelection({ rows, ids });

  const error = data?.errors?.[0];
  if (error) {
    return (
      <Alert severity="error" title="The issues could not be loaded">
        {error.message}
      </Alert>
    );
  }
  const notice = streamNotice(
    sceneGraph.interpolate(model, '${project}'),
    data?.state,
    rows.length,
    data?.series.filter((f) => f.refId === 'traffic') ?? []
  );
  if (notice && page === 1) {
    return <EmptyState title={notice.title} message={notice.message} action={notice.action} variant={notice.variant} />;
  }
  if (!data || (data.state === LoadingState.Loading && rows.length === 0)) {
    return <LoadingPlaceholder text="Loading issues…" />;
  }
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  return (
    <Stack direction="column" gap={2}>
      <BulkActions
        selected={selected.size}
        busy={busy}
        outcome={outcome}
        onAction={(action) => model.bulk(action, [...selected], titles)}
        onDismiss={() => model.setState({ outcome: undefined })}
      />
      <IssueTable
        rows={rows}
        sort={sort}
        onSort={(s) => model.setSort(s)}
        selected={selected}
        onSelect={setSelected}
        issueHref={(id) => model.issueHref(id)}
      />
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Text color="secondary">{rangeLabel(page, PAGE_SIZE, rows.length, info.total)}</Text>
        <Pagination
          currentPage={page}
          numberOfPages={pageCount(info.total, PAGE_SIZE, page)}
          onNavigate={(p) => model.setPage(p)}
          hideWhenSinglePage
        />
      </Stack>
    </Stack>
  );
}
