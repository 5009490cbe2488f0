import { SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';
import { issueDetailPage } from '../issue-detail/issueDetailPage';

export function issuesPage() {
  return new SceneAppPage({
    title: 'Issues',
    url: prefixRoute(ROUTES.Issues),
    routePath: `${ROUTES.Issues}/*`,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
    drilldowns: [{ routePath: ':issueId', getPage: issueDetailPage }],
  });
}
