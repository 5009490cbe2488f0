import { SceneAppPage, SceneAppPageLike, SceneFlexLayout, SceneRouteMatch } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';

export function issueDetailPage(match: SceneRouteMatch<{ issueId: string }>, parent: SceneAppPageLike) {
  const issueId = decodeURIComponent(match.params.issueId);
  return new SceneAppPage({
    title: `Issue ${issueId}`,
    url: prefixRoute(`${ROUTES.Issues}/${encodeURIComponent(issueId)}`),
    routePath: ':issueId',
    getParentPage: () => parent,
    getScene: () => pageScene(new SceneFlexLayout({ children: [] })),
  });
}
