import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function releasesPage() {
  return new SceneAppPage({
    title: 'Releases',
    url: prefixRoute(ROUTES.Releases),
    routePath: `${ROUTES.Releases}/*`,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
