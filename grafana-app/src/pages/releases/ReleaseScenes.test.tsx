import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter as RouterOfV6Types } from 'react-router-dom-v5-compat';
import { getDefaultTimeRange, LoadingState, toDataFrame } from '@grafana/data';
import { QueryVariable, SceneDataNode, SceneFlexItem, SceneObject, sceneGraph } from '@grafana/scenes';
import { compareScene } from './comparePage';
import { ReleaseComparePanel, IssueChangesPanel, scopeText } from './ReleaseScenes';

// Its types are React 19's (hoisted at the repo root); the plugin renders on React 18.
const MemoryRouter = RouterOfV6Types as unknown as React.ComponentType<{
  children: React.ReactNode;
  future: Record<string, boolean>;
}>;

const comparison = toDataFrame({
  refId: 'comparison',
  fields: [
    { name: 'metric', values: ['lcp_p75', 'inp_p75'] },
    { name: 'unit', values: ['ms', 'ms'] },
    { name: 'base', values: [2276, 251] },
    { name: 'target', values: [2592, 242] },
    { name: 'difference', values: [316, -9] },
    { name: 'ci_low', values: [160.1, -45.4] },
    { name: 'ci_high', values: [517.1, 35.7] },
    { name: 'base_samples', values: [50, 50] },
    { name: 'target_samples', values: [60, 60] },
    { name: 'significant', values: [true, false] },
  ],
});

const issues = (refId: string, ids: string[]) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'id', values: ids },
      { name: 'title', values: ids.map((id) => `Error ${id}`) },
      { name: 'status', values: ids.map(() => 'unresolved') },
      { name: 'events', values: ids.map(() => 4) },
      { name: 'users', values: ids.map(() => 2) },
    ],
  });

/** The compare page's scene with `releases` listed, base and target chosen, and `panel` fed `frames`. */
function renderPanel(
  panel: (data: SceneDataNode) => SceneObject,
  releases: string[],
  base: string,
  target: string,
  frames = [comparison]
) {
  const scene = compareScene();
  const options = releases.map((r) => ({ label: r, value: r }));
  for (const [name, value] of [
    ['base', base],
    ['target', target],
  ]) {
    (sceneGraph.lookupVariable(name, scene) as QueryVariable).setState({ options, value, text: value, loading: false });
  }
  const data = new SceneDataNode({
    data: { state: LoadingState.Done, series: frames, timeRange: getDefaultTimeRange() },
  });
  const body = panel(data);
  // Inside the page's layout, so variables resolve as they do on the page.
  (scene.state.body as unknown as { setState(s: object): void }).setState({ children: [new SceneFlexItem({ body })] });
  // Grafana renders app pages inside its router (TextLink needs it).
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <body.Component model={body} />
    </MemoryRouter>
  );
}

const comparePanel = (data: SceneDataNode) => new ReleaseComparePanel({ $data: data });

describe('ReleaseComparePanel', () => {
  it('shows the comparison of the chosen releases, the regression highlighted', () => {
    renderPanel(comparePanel, ['1.1.0', '1.0.0'], '1.0.0', '1.1.0');
    expect(screen.getByText('1.1.0 compared with 1.0.0')).toBeInTheDocument();
    expect(screen.getByText('Slower')).toBeInTheDocument();
    expect(screen.getByText('No significant change')).toBeInTheDocument();
  });

  // One case only: Grafana's call-to-action EmptyState graphic takes ~17 s to render in jsdom.
  it.each([[['1.1.0'], 'Only one release in this time range']])(
    'with releases %p says how to tag releases',
    (releases, title) => {
      renderPanel(comparePanel, releases, releases[0] ?? '', releases[0] ?? '');
      expect(screen.getByText(title)).toBeInTheDocument();
      expect(screen.getByText(/npx @pulsetrace\/cli releases new/)).toBeInTheDocument();
      expect(screen.getByText(/release option/)).toBeInTheDocument();
      expect(screen.queryByText('Slower')).toBeNull();
    }
  );

  it('asks for two different releases when base and target are the same', () => {
    renderPanel(comparePanel, ['1.1.0', '1.0.0'], '1.1.0', '1.1.0');
    expect(screen.getByText('Pick two different releases')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('ReleaseComparePanel by route', () => {
  const byRoute = toDataFrame({
    refId: 'by_route',
    fields: [{ name: 'route', values: ['/checkout', '/checkout'] }, ...comparison.fields],
  });

  it('shows the vitals per route, the route first', () => {
    renderPanel(
      (data) => new ReleaseComparePanel({ $data: data, breakdown: 'route' }),
      ['1.1.0', '1.0.0'],
      '1.0.0',
      '1.1.0',
      [byRoute]
    );
    expect(screen.getByText('LCP, INP and CLS by route')).toBeInTheDocument();
    expect(screen.getAllByRole('columnheader')[0]).toHaveTextContent('Route');
    expect(screen.getAllByText('/checkout')).toHaveLength(2);
    expect(screen.getByText('Slower')).toBeInTheDocument();
  });

  it('stays quiet when the two releases are the same (the overall panel explains)', () => {
    renderPanel(
      (data) => new ReleaseComparePanel({ $data: data, breakdown: 'route' }),
      ['1.1.0', '1.0.0'],
      '1.1.0',
      '1.1.0',
      [byRoute]
    );
    expect(screen.getByText('Pick two different releases above.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('IssueChangesPanel', () => {
  it('lists what the target brought and what it lost, each linking to the issue', () => {
    renderPanel((data) => new IssueChangesPanel({ $data: data }), ['1.1.0', '1.0.0'], '1.0.0', '1.1.0', [
      issues('base', ['a', 'gone']),
      issues('target', ['a', 'fresh']),
    ]);
    expect(screen.getByText('1 new')).toBeInTheDocument();
    expect(screen.getByText('1 resolved')).toBeInTheDocument();
    expect(screen.getByText('0 regressed')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Error fresh' })).toHaveAttribute('href', '/a/pulsetrace-app/issues/fresh');
    expect(screen.getByRole('link', { name: 'Error gone' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Error a' })).toBeNull();
  });
});

it.each([
  ['*', '*', ''],
  ['/checkout', '*', 'route /checkout'],
  ['$__all', 'Chrome', 'Chrome'],
  ['/', 'Safari', 'route /, Safari'],
])('scope of route %s and browser %s reads "%s"', (route, browser, text) => {
  expect(scopeText(route, browser)).toBe(text);
});
