import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function setupPage() {
  return new SceneAppPage({
    title: 'Setup',
    url: prefixRoute(ROUTES.Setup),
    routePath: ROUTES.Setup,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
