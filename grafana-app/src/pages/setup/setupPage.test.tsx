/** The Setup page's whole scene: the data source variable's pick reaches the admin route, and the URL state opens a tab. */
import React from 'react';
import { render, screen } from '@testing-library/react';
import { config } from '@grafana/runtime';
import { sceneGraph } from '@grafana/scenes';
import { grafanaServices } from '../../testing/sceneTestKit';
import { setupScene } from './setupPage';
import { SetupScene } from './setupScene';

jest.setTimeout(90_000);
const slow = { timeout: 30_000 };

it('an Admin’s page reads the projects on the picked data source’s admin route, on the tab the URL names', async () => {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: 'Admin' as never } };
  const { backend } = grafanaServices(() => []);
  const scene = setupScene({ tab: 'tokens' });
  render(<scene.Component model={scene} />);
  expect(await screen.findByText('API tokens', {}, slow)).toBeInTheDocument();
  expect(await screen.findByText('Create token', {}, slow)).toBeInTheDocument();
  const setup = sceneGraph.findObject(scene, (o) => o instanceof SetupScene) as SetupScene;
  expect(setup.state.tab).toBe('tokens');
  const dsUid = sceneGraph.interpolate(setup, '${ds}');
  expect(dsUid).not.toBe('');
  expect(backend.requests.map((r) => r.url)).toContain(`/api/datasources/proxy/uid/${dsUid}/admin/api/v1/projects`);
  expect(backend.requests.map((r) => r.url)).toContain(`/api/datasources/proxy/uid/${dsUid}/admin/api/v1/tokens`);
});
