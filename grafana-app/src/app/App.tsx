/**
 * The app's root: one Scenes app with a page per area, each page's state in the URL. Without a
 * PulseTrace data source there is nothing to read, so the app says how to add one.
 */
import React from 'react';
import { AppRootProps } from '@grafana/data';
import { config } from '@grafana/runtime';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import { DATASOURCE_TYPE } from '../constants';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { analyticsPage } from '../pages/analytics/analyticsPage';
import { insightsPage } from '../pages/insights/insightsPage';
import { issuesPage } from '../pages/issues/issuesPage';
import { overviewPage } from '../pages/overview/overviewPage';
import { performancePage } from '../pages/performance/performancePage';
import { releasesPage } from '../pages/releases/releasesPage';
import { sessionsPage } from '../pages/sessions/sessionsPage';
import { setupPage } from '../pages/setup/setupPage';

export function getSceneApp() {
  return new SceneApp({
    pages: [
      overviewPage(),
      insightsPage(),
      issuesPage(),
      performancePage(),
      releasesPage(),
      analyticsPage(),
      sessionsPage(),
      setupPage(),
    ],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

export function hasPulseTraceDataSource(): boolean {
  return Object.values(config.datasources).some((ds) => ds.type === DATASOURCE_TYPE);
}

function AppScenes() {
  const scene = useSceneApp(getSceneApp);
  return <scene.Component model={scene} />;
}

export default function App(_props: AppRootProps) {
  if (!hasPulseTraceDataSource()) {
    return (
      <EmptyState
        title="Add a PulseTrace data source"
        message="The app reads everything through the PulseTrace data source. Add one with your processor's URL and read token (or provision it: see the data source's README), then come back."
        action={{ label: 'Add data source', href: `/connections/datasources/edit/new?type=${DATASOURCE_TYPE}` }}
      />
    );
  }
  return <AppScenes />;
}
