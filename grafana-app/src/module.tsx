import React, { lazy, Suspense } from 'react';
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import type { AppConfigProps } from './pages/setup/AppConfig';
import type { AppSettings } from './pages/setup/endpoint';

const LazyApp = lazy(() => import('./app/App'));
const LazyAppConfig = lazy(() => import('./pages/setup/AppConfig').then((m) => ({ default: m.AppConfig })));

const App = (props: AppRootProps) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading PulseTrace…" />}>
    <LazyApp {...props} />
  </Suspense>
);

const AppConfig = (props: AppConfigProps) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading settings…" />}>
    <LazyAppConfig {...props} />
  </Suspense>
);

// Settings: the processor's public URL and the loader's URL for the Setup page's install snippets.
export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
