import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function overviewPage() {
  return new SceneAppPage({
    title: 'Overview',
    url: prefixRoute(ROUTES.Overview),
    routePath: ROUTES.Overview,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
