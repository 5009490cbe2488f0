import React from 'react';
import { render, screen } from '@testing-library/react';
import { getDefaultTimeRange, LoadingState, toDataFrame } from '@grafana/data';
import {
  SceneDataNode,
  SceneFlexLayout,
  sceneGraph,
  SceneQueryRunner,
  VizPanel,
  getUrlState,
  syncStateFromSearchParams,
} from '@grafana/scenes';
import { adoptionQuery, releasesListQuery } from './queries';
import { ReleasesHint } from './ReleaseScenes';
import { compareLink, releasesPage, releasesScene } from './releasesPage';

function panels(scene: ReturnType<typeof releasesScene>) {
  return sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
}

describe('releases list scene', () => {
  it('runs the list query for the table and the adoption query for the timeseries', () => {
    const scene = releasesScene();
    const layout = scene.state.body as SceneFlexLayout;
    expect((layout.state.$data as SceneQueryRunner).state.queries).toEqual([releasesListQuery()]);
    const [adoption, table] = panels(scene);
    expect(adoption!.state.pluginId).toBe('timeseries');
    expect((adoption!.state.$data as SceneQueryRunner).state.queries).toEqual([adoptionQuery()]);
    // Stacked to 100 %: each band is the release's share of sessions.
    expect(adoption!.state.fieldConfig.defaults.custom).toMatchObject({ stacking: { mode: 'percent' } });
    expect(table!.state.pluginId).toBe('table');
  });

  it('links each release to its comparison with the previous one', () => {
    const [, table] = panels(releasesScene());
    const release = table!.state.fieldConfig.overrides.find((o) => o.matcher.options === 'release')!;
    expect(release.properties).toContainEqual({
      id: 'links',
      value: [{ title: 'Compare with the previous release', url: compareLink() }],
    });
    expect(compareLink()).toBe(
      '/a/pulsetrace-app/releases/compare?var-base=${__data.fields.previous_release:percentencode}' +
        '&var-target=${__data.fields.release:percentencode}&${ds:queryparam}&${project:queryparam}' +
        '&${environment:queryparam}&${__url_time_range}'
    );
  });

  it('round-trips its time range and variables through the URL', () => {
    const scene = releasesScene();
    syncStateFromSearchParams(scene, new URLSearchParams('from=now-30d&to=now&var-release=1.1.0'));
    const state = getUrlState(scene);
    expect(state).toMatchObject({ from: 'now-30d', to: 'now', 'var-release': ['1.1.0'] });
    const again = releasesScene();
    syncStateFromSearchParams(again, new URLSearchParams(state as Record<string, string>));
    expect(getUrlState(again)).toMatchObject({ from: 'now-30d', 'var-release': ['1.1.0'] });
  });

  it('has the comparison as a drilldown', () => {
    expect(releasesPage().state.drilldowns?.map((d) => d.routePath)).toEqual(['compare']);
  });
});

describe('ReleasesHint', () => {
  const renderHint = (releases: string[]) => {
    const frame = toDataFrame({ refId: 'releases', fields: [{ name: 'release', values: releases }] });
    const hint = new ReleasesHint({});
    new SceneFlexLayout({
      $data: new SceneDataNode({
        data: { state: LoadingState.Done, series: [frame], timeRange: getDefaultTimeRange() },
      }),
      children: [hint as never],
    });
    return render(<hint.Component model={hint} />);
  };

  it('stays out of the way with two releases', () => {
    const { container } = renderHint(['1.1.0', '1.0.0']);
    expect(container).toBeEmptyDOMElement();
  });

  it('says how to tag releases with one', () => {
    renderHint(['1.1.0']);
    expect(screen.getByText('Only one release in this time range')).toBeInTheDocument();
    expect(screen.getByText(/npx @pulsetrace\/cli releases new/)).toBeInTheDocument();
  });
});
