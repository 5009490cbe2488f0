import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import {
  sceneGraph,
  SceneQueryRunner,
  TextBoxVariable,
  VizPanel,
  getUrlState,
  syncStateFromSearchParams,
} from '@grafana/scenes';
import { grafanaServices, row, SentQuery } from '../../testing/sceneTestKit';
import { analyticsScene } from './analyticsPage';
import { analyticsQueries, BREAKDOWNS, PROPERTY_VARIABLE } from './queries';

// Rendering Grafana's panels in jsdom is slow on a shared machine.
jest.setTimeout(90_000);
const slow = { timeout: 30_000 };

const answers = (q: SentQuery) =>
  q.type === 'web_analytics'
    ? row({ page_views: 12, visitors: 4, sessions: 5, bounce_rate: 0.2, session_duration: 60 })
    : [];

const panels = (scene: ReturnType<typeof analyticsScene>) =>
  sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];

function runnerOf(panel: VizPanel): SceneQueryRunner {
  const data = panel.state.$data!;
  return (data instanceof SceneQueryRunner ? data : data.state.$data) as SceneQueryRunner;
}

const titles = [
  'Traffic',
  'Page views, visitors and sessions',
  'Bounce rate and session duration',
  ...Object.values(BREAKDOWNS),
  'Custom events',
  'Events by name',
  'Live',
];

describe('Web analytics scene', () => {
  it('shows every panel, each running exactly its query of queries.ts; the property table waits for a property', async () => {
    const { sent } = grafanaServices(answers);
    const scene = analyticsScene();
    render(<scene.Component model={scene} />);
    for (const title of titles) {
      expect(await screen.findByText(title, {}, slow)).toBeInTheDocument();
    }
    // No property typed: the hint instead of a table whose query could not be built.
    expect(screen.getByText('By property')).toBeInTheDocument();
    const expected = analyticsQueries();
    const run = panels(scene)
      .filter((p) => p.state.$data) // the hint is a text panel
      .flatMap((p) => runnerOf(p).state.queries);
    expect(run.map((q) => q.refId).sort()).toEqual(
      Object.keys(expected)
        .filter((k) => k !== 'probe')
        .sort()
    );
    for (const q of run) {
      expect(q).toEqual(expected[q.refId]);
    }
    await waitFor(
      () => expect(sent.some((q) => q.type === 'web_breakdown' && q.dimension === 'utm_campaign')).toBe(true),
      slow
    );
    expect(sent.some((q) => q.refId === 'eventProperties')).toBe(false);
  });

  it('breaks events down by the property once one is typed, sending it as propertyKey', async () => {
    const { sent } = grafanaServices(answers);
    const scene = analyticsScene();
    syncStateFromSearchParams(scene, new URLSearchParams(`var-${PROPERTY_VARIABLE}=plan`));
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('By property plan', {}, slow)).toBeInTheDocument();
    await waitFor(
      () =>
        expect(sent.find((q) => q.refId === 'eventProperties')).toMatchObject({
          view: 'properties',
          propertyKey: 'plan',
        }),
      slow
    );
    expect(screen.queryByText('By property')).not.toBeInTheDocument();
  });

  it('keeps its state in the URL: range, project, events and property round-trip to a new scene', () => {
    grafanaServices(answers);
    const scene = analyticsScene();
    const params = new URLSearchParams('from=now-7d&to=now&var-project=shop&var-event=add_to_cart&var-property=sku');
    syncStateFromSearchParams(scene, params);
    const url = getUrlState(scene);
    expect(url).toMatchObject({
      from: 'now-7d',
      to: 'now',
      'var-project': 'shop',
      'var-event': ['add_to_cart'],
      'var-property': 'sku',
    });

    const fresh = analyticsScene();
    syncStateFromSearchParams(
      fresh,
      new URLSearchParams(
        Object.entries(url).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, String(v)]]))
      )
    );
    expect(getUrlState(fresh)).toEqual(url);
    expect((sceneGraph.lookupVariable(PROPERTY_VARIABLE, fresh) as TextBoxVariable).getValue()).toBe('sku');
  });
});
