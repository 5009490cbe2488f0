import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function analyticsPage() {
  return new SceneAppPage({
    title: 'Web analytics',
    url: prefixRoute(ROUTES.Analytics),
    routePath: ROUTES.Analytics,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
