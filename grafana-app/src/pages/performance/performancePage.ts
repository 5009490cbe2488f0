import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function performancePage() {
  return new SceneAppPage({
    title: 'Performance',
    url: prefixRoute(ROUTES.Performance),
    routePath: ROUTES.Performance,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
