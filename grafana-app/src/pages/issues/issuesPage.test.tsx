import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { config } from '@grafana/runtime';
import { sceneGraph, SceneObject, SceneVariable, getUrlState, syncStateFromSearchParams } from '@grafana/scenes';
import { fakeBackend } from '../../../../grafana-datasource/src/testing/grafana';
import { deniedReason } from '../../auth/roles';
import { stubCanvas } from '../../testing/noCanvas';
import { grafanaServices, SentQuery } from '../../testing/sceneTestKit';
import { IssueListScene } from './IssueListScene';
import { issuesPage, issuesScene } from './issuesPage';
import { issuesPageQueries, VARS } from './queries';

jest.setTimeout(60_000);
beforeAll(stubCanvas);

const Router = MemoryRouter as unknown as React.ComponentType<{ children?: React.ReactNode }>;
const T = Date.now() - 3600_000;

const ISSUE_FIELDS: Array<[string, string]> = [
  ['id', 'string'],
  ['title', 'string'],
  ['culprit', 'string'],
  ['status', 'string'],
  ['substatus', 'string'],
  ['first_seen', 'time'],
  ['last_seen', 'time'],
  ['events', 'number'],
  ['users', 'number'],
  ['first_release', 'string'],
  ['assignee', 'string'],
  ['trend', 'other'],
];
const ISSUES = [
  [
    'fp-a',
    'TypeError: a is undefined',
    'pay (a.ts)',
    'unresolved',
    'new',
    T - 60_000,
    T,
    24,
    8,
    '1.0.0',
    null,
    [1, 2, 3],
  ],
  [
    'fp-b',
    'RangeError: b',
    'grid (b.ts)',
    'regressed',
    'regressed',
    T - 90_000,
    T - 1,
    6,
    6,
    '1.1.0',
    'ann',
    [0, 3, 4],
  ],
];

interface Backend {
  issues: unknown[][];
  total: number;
  pageViews: number;
  patch?: (body: { ids: string[] }) => { status: number; data: unknown };
}

/** Grafana's services and a processor behind the data source: the issues list, the probe, bulk PATCH. */
function services(b: Backend) {
  grafanaServices(() => []);
  const sent: SentQuery[] = [];
  const patches: Array<{ url: string; data: unknown }> = [];
  fakeBackend((request) => {
    if (request.url.endsWith('/api/v1/query')) {
      // One query is sent as the body itself, several as { queries } (the data source's client).
      const queries = (request.data as { queries?: SentQuery[] }).queries ?? [request.data as SentQuery];
      sent.push(...queries);
      const frames = (q: SentQuery) =>
        q.type === 'issues'
          ? [
              {
                schema: {
                  refId: q.refId,
                  meta: { custom: { source: 'issues', total: b.total } },
                  fields: ISSUE_FIELDS.map(([name, type]) => ({ name, type })),
                },
                data: { values: ISSUE_FIELDS.map((_, i) => b.issues.map((r) => r[i])) },
              },
            ]
          : [
              {
                schema: { refId: q.refId, fields: [{ name: 'page_views', type: 'number' }] },
                data: { values: [[b.pageViews]] },
              },
            ];
      return {
        status: 200,
        data: { results: Object.fromEntries(queries.map((q) => [q.refId, { status: 200, frames: frames(q) }])) },
      };
    }
    if (request.method === 'PATCH') {
      patches.push({ url: request.url, data: request.data });
      return b.patch!(request.data as { ids: string[] });
    }
    if (request.url.endsWith('/api/v1/projects')) {
      return { status: 200, data: { projects: [{ id: 'shop', name: 'shop' }] } };
    }
    if (request.url.includes('/values/')) {
      return {
        status: 200,
        data: {
          values: [
            { value: 'Firefox', count: 1 },
            { value: '/checkout', count: 1 },
          ],
        },
      };
    }
    return { status: 404, data: { error: 'not found' } };
  });
  return { sent, patches };
}

function signInAs(role: string) {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: role as never } };
}

const STREAM_URL = {
  [`var-${VARS.status}`]: 'resolved',
  [`var-${VARS.sort}`]: 'frequent',
  [`var-${VARS.browser}`]: 'Firefox',
  [`var-${VARS.route}`]: '/checkout',
  [`var-${VARS.assignee}`]: 'ann',
  [`var-${VARS.search}`]: 'total',
  page: '3',
  from: 'now-6h',
  to: 'now',
};

const listOf = (scene: SceneObject) =>
  sceneGraph.findObject(scene, (o) => o instanceof IssueListScene) as IssueListScene;
const values = (scene: SceneObject) =>
  Object.fromEntries(
    Object.values(VARS).map((name) => [name, (sceneGraph.lookupVariable(name, scene) as SceneVariable).getValue()])
  );

function renderScene(scene: ReturnType<typeof issuesScene>) {
  return render(
    <Router>
      <scene.Component model={scene} />
    </Router>
  );
}

const lastIssuesQuery = (sent: SentQuery[]) => sent.filter((q) => q.type === 'issues').at(-1)!;

describe('Issues stream scene', () => {
  it('runs exactly the queries of queries.ts', () => {
    const runner = sceneGraph.getData(listOf(issuesScene()));
    expect((runner.state as { queries: unknown[] }).queries).toEqual(issuesPageQueries(1));
  });

  it('reads filters, sort and page from the URL, sends them, and writes the same URL back', async () => {
    signInAs('Viewer');
    const { sent } = services({ issues: ISSUES, total: 120, pageViews: 10 });
    const scene = issuesScene();
    syncStateFromSearchParams(scene, new URLSearchParams(STREAM_URL));
    renderScene(scene);
    await screen.findByRole('link', { name: 'TypeError: a is undefined' });
    expect(lastIssuesQuery(sent)).toMatchObject({
      project: 'shop',
      statuses: ['resolved'],
      sort: 'frequent',
      filters: { browser: ['Firefox'], route: ['/checkout'] },
      assignee: 'ann',
      search: 'total',
      limit: 50,
      offset: 100,
      trend: true,
    });
    expect(screen.getByText('101–102 of 120')).toBeInTheDocument();
    // The trend field comes through the data source's response handling to each row's sparkline.
    expect(screen.getAllByTestId('issue-sparkline').map((s) => s.getAttribute('aria-label'))).toEqual([
      '6 events in the range',
      '7 events in the range',
    ]);
    const url = getUrlState(scene);
    // Multi-value variables (status, browser, route) are lists in the URL state: var-x=a&var-x=b.
    const multi = [VARS.status, VARS.browser, VARS.route].map((v) => `var-${v}`);
    expect(url).toMatchObject(
      Object.fromEntries(Object.entries(STREAM_URL).map(([k, v]) => [k, multi.includes(k) ? [v] : v]))
    );
    const again = issuesScene();
    syncStateFromSearchParams(again, new URLSearchParams(url as Record<string, string>));
    expect(values(again)).toEqual(values(scene));
    expect(listOf(again).state.page).toBe(3);
    expect(sceneGraph.getData(listOf(again)).state).toMatchObject({ queries: issuesPageQueries(3) });
  });

  it('sorting from a header sets var-sort and goes back to page 1', async () => {
    signInAs('Viewer');
    const { sent } = services({ issues: ISSUES, total: 120, pageViews: 10 });
    const scene = issuesScene();
    syncStateFromSearchParams(scene, new URLSearchParams({ page: '2' }));
    renderScene(scene);
    fireEvent.click(await screen.findByRole('button', { name: 'Sort by users' }));
    await waitFor(() => expect(lastIssuesQuery(sent)).toMatchObject({ sort: 'users', offset: 0 }));
    const url = getUrlState(scene);
    expect([url[`var-${VARS.sort}`], url.page]).toEqual(['users', undefined]);
  });

  it('links each issue to its page, keeping the page’s data source, project and time range', async () => {
    services({ issues: ISSUES, total: 2, pageViews: 10 });
    const scene = issuesScene();
    renderScene(scene);
    const link = await screen.findByRole('link', { name: 'RangeError: b' });
    expect(link.getAttribute('href')).toMatch(
      /^\/a\/pulsetrace-app\/issues\/fp-b\?var-ds=pt&var-project=shop&var-environment=.+&var-release=.+&from=now-24h&to=now/
    );
    const drilldown = issuesPage().state.drilldowns![0]!;
    expect(drilldown.routePath).toBe(':issueId');
  });

  it('Viewers see the bulk actions disabled, with who can', async () => {
    signInAs('Viewer');
    services({ issues: ISSUES, total: 2, pageViews: 10 });
    renderScene(issuesScene());
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select RangeError: b' }));
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeDisabled();
    expect(screen.getAllByLabelText(deniedReason('changeIssues')).length).toBeGreaterThan(0);
  });

  it('Editors bulk-resolve through the write route, see what did not change, and the rows reload', async () => {
    signInAs('Editor');
    const { sent, patches } = services({
      issues: ISSUES,
      total: 2,
      pageViews: 10,
      patch: () => ({
        status: 200,
        data: { updated: [{ id: 'fp-a' }], failed: [{ id: 'fp-b', error: 'no issue fp-b in project shop' }] },
      }),
    });
    renderScene(issuesScene());
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select every issue on this page' }));
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    const before = sent.filter((q) => q.type === 'issues').length;
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Resolved 1 of 2 issues; 1 did not change')).toBeInTheDocument();
    expect(within(alert).getByText('RangeError: b: no issue fp-b in project shop')).toBeInTheDocument();
    expect(patches).toEqual([
      {
        url: '/api/datasources/proxy/uid/pt/write/api/v1/projects/shop/issues',
        data: { ids: ['fp-a', 'fp-b'], status: 'resolved' },
      },
    ]);
    await waitFor(() => expect(sent.filter((q) => q.type === 'issues').length).toBeGreaterThan(before));
    await waitFor(() => expect(screen.getByText('Select issues to change them together')).toBeInTheDocument());
  });

  it.each([
    [
      'no page views either: install the SDK, linking to Setup',
      0,
      'No events from this project in this time range',
      true,
    ],
    ['page views but no issues', 40, 'No issues in this time range', false],
  ])('with no issues and %s', async (_name, pageViews, title, setupLink) => {
    services({ issues: [], total: 0, pageViews });
    renderScene(issuesScene());
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.queryAllByRole('link', { name: /Install the SDK/ })).toHaveLength(setupLink ? 1 : 0);
  });
});
