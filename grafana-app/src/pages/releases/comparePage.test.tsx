import React from 'react';
import { render, screen } from '@testing-library/react';
import {
  QueryVariable,
  sceneGraph,
  VariableValueSelectors,
  getUrlState,
  syncStateFromSearchParams,
} from '@grafana/scenes';
import { compareScene, previousRelease, separateBaseFromTarget } from './comparePage';
import { compareLink } from './releasesPage';

const RELEASES = ['1.1.0', '1.0.0', '0.9.0'];

function variable(scene: ReturnType<typeof compareScene>, name: string) {
  return sceneGraph.lookupVariable(name, scene) as QueryVariable;
}

/** The options the data source's release list would give (newest first). */
function withReleases(scene: ReturnType<typeof compareScene>, base: string, target: string) {
  const options = RELEASES.map((r) => ({ label: r, value: r }));
  variable(scene, 'base').setState({ options, value: base, text: base, loading: false });
  variable(scene, 'target').setState({ options, value: target, text: target, loading: false });
}

describe('compare page URL state', () => {
  it('round-trips base, target, route, browser and the time range', () => {
    const scene = compareScene();
    syncStateFromSearchParams(
      scene,
      new URLSearchParams('var-base=1.0.0&var-target=1.1.0&var-route=%2Fcheckout&var-browser=Chrome&from=now-6h&to=now')
    );
    const state = getUrlState(scene);
    expect(state).toMatchObject({
      'var-base': '1.0.0',
      'var-target': '1.1.0',
      'var-route': '/checkout',
      'var-browser': 'Chrome',
      from: 'now-6h',
      to: 'now',
    });
    const again = compareScene();
    syncStateFromSearchParams(again, new URLSearchParams(state as Record<string, string>));
    for (const [name, value] of Object.entries({
      base: '1.0.0',
      target: '1.1.0',
      route: '/checkout',
      browser: 'Chrome',
    })) {
      expect(variable(again, name).getValue()).toBe(value);
    }
    expect(sceneGraph.getTimeRange(again).state.from).toBe('now-6h');
  });

  it('opens from a releases-list link with that release as target and the one before as base', () => {
    const href = compareLink()
      .replace('${__data.fields.previous_release:percentencode}', '1.0.0')
      .replace('${__data.fields.release:percentencode}', '1.1.0')
      .replace(/\$\{[^}]+\}/g, '');
    expect(href.startsWith('/a/pulsetrace-app/releases/compare?')).toBe(true);
    const scene = compareScene();
    syncStateFromSearchParams(scene, new URLSearchParams(href.split('?')[1]));
    expect(variable(scene, 'base').getValue()).toBe('1.0.0');
    expect(variable(scene, 'target').getValue()).toBe('1.1.0');
  });
});

describe('default base', () => {
  it.each([
    [RELEASES, '1.1.0', '1.0.0'],
    [RELEASES, '1.0.0', '0.9.0'],
    // The oldest as target: the newest other one.
    [RELEASES, '0.9.0', '1.1.0'],
    [['1.1.0'], '1.1.0', undefined],
  ])('among %p, target %s takes base %s', (options, target, base) => {
    expect(previousRelease(options, target)).toBe(base);
  });

  it('moves a base equal to the target to the release before it', () => {
    const scene = compareScene();
    withReleases(scene, '1.1.0', '1.1.0');
    const stop = separateBaseFromTarget(scene);
    expect(variable(scene, 'base').getValue()).toBe('1.0.0');
    // A new target equal to the base pushes the base down again.
    variable(scene, 'target').changeValueTo('1.0.0');
    expect(variable(scene, 'base').getValue()).toBe('0.9.0');
    stop();
  });

  it('leaves two different releases alone', () => {
    const scene = compareScene();
    withReleases(scene, '0.9.0', '1.1.0');
    separateBaseFromTarget(scene)();
    expect(variable(scene, 'base').getValue()).toBe('0.9.0');
  });
});

it('renders the release pickers as labelled, keyboard-reachable selects showing the URL state', () => {
  const scene = compareScene();
  withReleases(scene, '1.0.0', '1.1.0');
  const selectors = scene.state.controls!.find((c) => c instanceof VariableValueSelectors)!;
  render(<selectors.Component model={selectors} />);
  for (const [label, value] of [
    ['Base release', '1.0.0'],
    ['Target release', '1.1.0'],
  ]) {
    // The label names the select's input (label for=…), which takes focus from the keyboard.
    const input = screen.getByLabelText(label);
    expect(input).toHaveAttribute('role', 'combobox');
    expect(input).not.toHaveAttribute('tabindex', '-1');
    input.focus();
    expect(input).toHaveFocus();
    expect(input.closest('[class*="input-wrapper"]')).toHaveTextContent(value);
  }
  expect(screen.getByLabelText('Route')).toBeInTheDocument();
  expect(screen.getByLabelText('Browser')).toBeInTheDocument();
});
