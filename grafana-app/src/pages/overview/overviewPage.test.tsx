import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { sceneGraph, SceneTimeRangeCompare, VizPanel, getUrlState, syncStateFromSearchParams } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { overviewScene, PREVIOUS_PERIOD } from './overviewPage';
import { overviewQueries } from './queries';
import { grafanaServices, row, SentQuery } from '../../testing/sceneTestKit';

const HOUR = 3600_000;
// Rendering Grafana's panels in jsdom is slow on a shared machine.
jest.setTimeout(90_000);
const slow = { timeout: 30_000 };

function answers(pageViews: number) {
  return (q: SentQuery) => {
    switch (q.type) {
      case 'web_vitals':
        // 2200 ms now, 2000 ms in the previous period (which ends an hour or more ago).
        return row({
          p75: q.to > Date.now() - HOUR ? 2200 : 2000,
          samples: 10,
          good_share: 1,
          needs_improvement_share: 0,
          poor_share: 0,
        });
      case 'web_analytics':
        return row({ page_views: pageViews, sessions: 3, visitors: 2 });
      case 'error_rate':
        return row({ error_rate: 0.1, crash_free_sessions: 0.9, sessions: 10, error_sessions: 1 });
      default:
        return [];
    }
  };
}

function panelsOf(scene: ReturnType<typeof overviewScene>) {
  return sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
}

describe('Overview scene', () => {
  it('shows every panel, each running exactly its query of queries.ts', async () => {
    grafanaServices(answers(5));
    const scene = overviewScene();
    render(<scene.Component model={scene} />);
    for (const title of [
      'LCP p75',
      'INP p75',
      'CLS p75',
      'Sessions',
      'Page views',
      'Sessions with errors',
      'New issues',
      'Regressed issues',
      'Newest releases',
    ]) {
      expect(await screen.findByText(title, {}, slow)).toBeInTheDocument();
    }
    const run = panelsOf(scene).flatMap((p) => {
      const data = p.state.$data!;
      const runner = 'queries' in data.state ? data : data.state.$data!;
      return (runner.state as { queries: Array<{ refId: string }> }).queries;
    });
    const expected = overviewQueries();
    // Sessions and page views are two stats of the one traffic query.
    expect([...new Set(run.map((q) => q.refId))].sort()).toEqual(
      Object.keys(expected)
        .filter((k) => k !== 'probe')
        .sort()
    );
    for (const q of run) {
      expect(q).toEqual(expected[q.refId]);
    }
  });

  it('runs the vitals and traffic queries again over the previous period, and the lists only once', async () => {
    const { sent } = grafanaServices(answers(5));
    const scene = overviewScene();
    // The last 6 hours, as a shared link would open the page.
    syncStateFromSearchParams(scene, new URLSearchParams('from=now-6h&to=now'));
    render(<scene.Component model={scene} />);
    await waitFor(() => expect(sent.filter((q) => q.refId === 'LCP')).toHaveLength(2), slow);
    const [current, previous] = [...sent.filter((q) => q.refId === 'LCP')].sort((a, b) => b.from - a.from);
    expect(current!.to - current!.from).toBeCloseTo(6 * HOUR, -3);
    // Same length, just before: it ends where the range starts.
    expect(previous!.to).toBe(current!.from);
    expect(previous!.from).toBe(current!.from - (current!.to - current!.from));
    await waitFor(() => expect(sent.filter((q) => q.refId === 'newIssues')).toHaveLength(1), slow);
    expect(
      sent.filter((q) => q.type === 'issues' || q.type === 'releases').every((q) => q.from === current!.from)
    ).toBe(true);
  });

  it('shows the change vs the previous period next to each value', async () => {
    grafanaServices(answers(5));
    const scene = overviewScene();
    render(<scene.Component model={scene} />);
    await screen.findByText('LCP p75', {}, slow);
    const lcp = panelsOf(scene).find((p) => p.state.title === 'LCP p75')!;
    await waitFor(() => expect(sceneGraph.getData(lcp).state.data?.series[0]?.fields).toHaveLength(2), slow);
    const [value, change] = sceneGraph.getData(lcp).state.data!.series[0]!.fields;
    expect(value).toMatchObject({ name: 'p75', values: [2200], config: { displayName: 'p75' } });
    expect(change).toMatchObject({ name: 'vs previous period', values: [expect.closeTo(0.1)] });
  });

  it('says to install the SDK, linking to Setup, when the project has no page views', async () => {
    grafanaServices(answers(0));
    const scene = overviewScene();
    render(<scene.Component model={scene} />);
    const link = await screen.findByRole('link', { name: /Install the SDK/ }, slow);
    expect(link).toHaveAttribute('href', prefixRoute(ROUTES.Setup));
  });

  it('says nothing of the kind when there is data', async () => {
    const { sent } = grafanaServices(answers(5));
    const scene = overviewScene();
    render(<scene.Component model={scene} />);
    await waitFor(() => expect(sent.some((q) => q.refId === 'probe')).toBe(true), slow);
    await screen.findAllByText('LCP p75', {}, slow);
    expect(screen.queryByRole('link', { name: /Install the SDK/ })).not.toBeInTheDocument();
  });

  it('keeps its state in the URL: a scene built from the URL has the same range, comparison and variables', () => {
    grafanaServices(answers(5));
    const scene = overviewScene();
    scene.setState({ $timeRange: scene.state.$timeRange!.clone({ from: 'now-7d', to: 'now-1d' }) });
    const compare = sceneGraph.findObject(scene, (o) => o instanceof SceneTimeRangeCompare) as SceneTimeRangeCompare;
    expect(compare.state.compareWith).toBe(PREVIOUS_PERIOD);
    compare.setState({ compareWith: '1w' });
    const url = getUrlState(scene);
    expect(url).toMatchObject({ from: 'now-7d', to: 'now-1d', compareWith: '1w' });

    const fresh = overviewScene();
    syncStateFromSearchParams(fresh, new URLSearchParams(url as Record<string, string>));
    expect(getUrlState(fresh)).toEqual(url);
    const freshCompare = sceneGraph.findObject(
      fresh,
      (o) => o instanceof SceneTimeRangeCompare
    ) as SceneTimeRangeCompare;
    expect(freshCompare.state.compareWith).toBe('1w');
    expect(sceneGraph.getTimeRange(fresh).state).toMatchObject({ from: 'now-7d', to: 'now-1d' });
  });
});
