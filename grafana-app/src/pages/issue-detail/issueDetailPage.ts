/**
 * The issue detail page, a drilldown of Issues (`issues/:issueId`): the issue's scene in the
 * shared page layout (time picker, refresh, ds / project / environment / release variables).
 */
import { SceneAppPage, SceneAppPageLike, SceneFlexItem, SceneFlexLayout, SceneRouteMatch } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';
import { IssueDetailScene } from './IssueDetailScene';

export function issueDetailScene(issueId: string) {
  return pageScene(
    new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: new IssueDetailScene({ issueId }) })],
    })
  );
}

export function issueDetailPage(match: SceneRouteMatch<{ issueId: string }>, parent: SceneAppPageLike) {
  const issueId = decodeURIComponent(match.params.issueId);
  return new SceneAppPage({
    title: `Issue ${issueId}`,
    url: prefixRoute(`${ROUTES.Issues}/${encodeURIComponent(issueId)}`),
    routePath: ':issueId',
    getParentPage: () => parent,
    getScene: () => issueDetailScene(issueId),
  });
}
