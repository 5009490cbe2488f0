import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { FieldType, getDefaultTimeRange, LoadingState, toDataFrame } from '@grafana/data';
import { config } from '@grafana/runtime';
import {
  CustomVariable,
  EmbeddedScene,
  PanelBuilders,
  SceneDataNode,
  sceneGraph,
  SceneVariableSet,
  getUrlState,
  syncStateFromSearchParams,
} from '@grafana/scenes';
import { emptyNotice, hasNoRows, PICK_PROJECT } from './empty';
import { PanelOrEmpty } from './PanelOrEmpty';
import { performanceScene } from './performancePage';
import { performanceQueries } from './queries';
import { ALL_VARIABLE_VALUE, VitalsByRoute } from './VitalsByRoute';

/** A variable's value as the URL holds it ("$__all" for All). */
const valueOf = (scene: EmbeddedScene, name: string) =>
  (sceneGraph.lookupVariable(name, scene)?.state as { value?: unknown } | undefined)?.value;
const vitalsPanel = (scene: EmbeddedScene) =>
  sceneGraph.findObject(scene, (o) => o instanceof VitalsByRoute) as VitalsByRoute;

describe('Performance page: the chosen vital and route live in the URL', () => {
  it('takes var-vital and var-route from the URL, gives them back, and a new scene from them agrees', () => {
    const scene = performanceScene();
    syncStateFromSearchParams(scene, new URLSearchParams('var-vital=INP&var-route=%2Fcheckout'));
    expect(valueOf(scene, 'vital')).toBe('INP');
    expect(valueOf(scene, 'route')).toBe('/checkout');

    const url = getUrlState(scene);
    expect(url['var-vital']).toBe('INP');
    expect(url['var-route']).toBe('/checkout');

    const shared = performanceScene();
    const params = new URLSearchParams(Object.entries(url).flatMap(([k, v]) => [v ?? []].flat().map((x) => [k, x])));
    syncStateFromSearchParams(shared, params);
    expect(valueOf(shared, 'vital')).toBe('INP');
    expect(valueOf(shared, 'route')).toBe('/checkout');
  });

  it('puts a route and a vital chosen in the table into the URL, and "all routes" back', () => {
    const scene = performanceScene();
    const panel = vitalsPanel(scene);
    panel.selectVital('CLS');
    panel.selectRoute('/search');
    expect(getUrlState(scene)).toMatchObject({ 'var-vital': 'CLS', 'var-route': '/search' });
    expect(panel.vital).toBe('CLS');
    expect(panel.route).toBe('/search');
    panel.selectRoute(undefined);
    expect(valueOf(scene, 'route')).toBe(ALL_VARIABLE_VALUE);
    expect(getUrlState(scene)['var-route']).toBe(ALL_VARIABLE_VALUE);
    expect(panel.route).toBeUndefined();
  });

  it('runs exactly the queries of queries.ts, each through the page’s data source variable', () => {
    const scene = performanceScene();
    const runners = sceneGraph.findAllObjects(scene, (o) => o.constructor.name === 'SceneQueryRunner');
    const refIds = runners.flatMap((r) =>
      (r.state as { queries: Array<{ refId: string }> }).queries.map((q) => q.refId)
    );
    expect(refIds.sort()).toEqual(
      performanceQueries()
        .map((q) => q.refId)
        .sort()
    );
    for (const runner of runners) {
      expect((runner.state as { datasource?: { uid: string } }).datasource?.uid).toBe('${ds}');
    }
  });
});

/** A scene with the page's two variables (custom ones: no data source in jsdom) around `body`. */
function withVariables(body: VitalsByRoute | PanelOrEmpty, project = 'shop') {
  return new EmbeddedScene({
    $variables: new SceneVariableSet({
      variables: [
        new CustomVariable({ name: 'project', query: project || ' ', value: project, text: project }),
        new CustomVariable({ name: 'vital', query: 'LCP,INP,CLS,FCP,TTFB', value: 'LCP', text: 'LCP' }),
        new CustomVariable({
          name: 'route',
          query: '/checkout,/search',
          includeAll: true,
          value: ALL_VARIABLE_VALUE,
          text: 'All',
        }),
      ],
    }),
    body,
  });
}

const node = (frames: Array<ReturnType<typeof toDataFrame>>) =>
  new SceneDataNode({ data: { state: LoadingState.Done, series: frames, timeRange: getDefaultTimeRange() } });

const lcpTable = toDataFrame({
  refId: 'LCP',
  fields: [
    { name: 'route', type: FieldType.string, values: ['/checkout', '/search'] },
    { name: 'p75', type: FieldType.number, values: [4300, 2100] },
    { name: 'p95', type: FieldType.number, values: [5200, 2600] },
    { name: 'samples', type: FieldType.number, values: [20, 20] },
  ],
});

describe('Core Web Vitals by route panel', () => {
  beforeEach(() => {
    config.bootData.user.orgRole = 'Viewer' as never;
  });

  it('shows the routes to a Viewer (reading needs no role) and narrows the page to a clicked route', async () => {
    const panel = new VitalsByRoute({ $data: node([lcpTable]) });
    const scene = withVariables(panel);
    render(<scene.Component model={scene} />);
    expect(await screen.findByLabelText('LCP p75 4.30 s, poor')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '/search' }));
    expect(valueOf(scene, 'route')).toBe('/search');
    expect(await screen.findByRole('button', { name: /\/search/, pressed: true })).toBeInTheDocument();
  });

  it('says to install the SDK when the range has no vitals, and to pick a project without one', async () => {
    const scene = withVariables(new VitalsByRoute({ $data: node([]) }));
    const { unmount } = render(<scene.Component model={scene} />);
    expect(await screen.findByText('No web vitals in this time range')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Install the SDK/ })).toHaveAttribute('href', '/a/pulsetrace-app/setup');
    unmount();
    const noProject = withVariables(new VitalsByRoute({ $data: node([]) }), '');
    render(<noProject.Component model={noProject} />);
    expect(await screen.findByText(PICK_PROJECT.title)).toBeInTheDocument();
  });

  it('gives a standard panel’s place to its empty state when the query answers no rows', async () => {
    const empty = toDataFrame({
      refId: 'longTasks',
      fields: [{ name: 'script_url', type: FieldType.string, values: [] }],
    });
    const panel = PanelBuilders.table().setTitle('Long tasks by script').build();
    const scene = withVariables(new PanelOrEmpty({ $data: node([empty]), panel, kind: 'longTasks' }));
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('No long tasks')).toBeInTheDocument();
    expect(screen.getByText('Long tasks by script')).toBeInTheDocument();
  });
});

describe('empty notices', () => {
  it.each([
    ['vitals', 'shop', 'No web vitals in this time range'],
    ['attribution', 'shop', 'No attribution for these samples'],
    ['http', 'shop', 'No fetch or XHR requests'],
    ['longTasks', 'shop', 'No long tasks'],
    ['resources', 'shop', 'No resource timings'],
    ['distribution', 'shop', 'No samples of this vital here'],
    ['http', ' ', 'Pick a project'],
  ] as const)('%s in project %p: %s', (kind, project, title) => {
    expect(emptyNotice(kind, project).title).toBe(title);
  });

  it.each([
    [[], true],
    [[{ length: 0 }, { length: 0 }], true],
    [[{ length: 0 }, { length: 3 }], false],
  ])('frames %j have no rows: %p', (frames, expected) => {
    expect(hasNoRows(frames)).toBe(expected);
  });
});
