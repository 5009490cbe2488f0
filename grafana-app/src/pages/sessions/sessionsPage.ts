import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function sessionsPage() {
  return new SceneAppPage({
    title: 'Sessions',
    url: prefixRoute(ROUTES.Sessions),
    routePath: `${ROUTES.Sessions}/*`,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
