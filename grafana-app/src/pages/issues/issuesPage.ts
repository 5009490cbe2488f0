/**
 * Issues: the stream of grouped errors with its filters (page variables: status, sort, browser,
 * route, assignee, search, after the shared ds / project / environment / release), a page of
 * issues with sparklines, bulk changes, and the issue detail as a drilldown (`issues/:issueId`).
 */
import { SceneAppPage, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';
import { appVariables } from '../../scenes/variables';
import { issueDetailPage } from '../issue-detail/issueDetailPage';
import { IssueListScene } from './IssueListScene';
import { issueVariables } from './variables';

export function issuesScene() {
  return pageScene(
    new SceneFlexLayout({ direction: 'column', children: [new SceneFlexItem({ body: new IssueListScene() })] }),
    { variables: appVariables({ extra: issueVariables() }), from: 'now-24h' }
  );
}

export function issuesPage() {
  return new SceneAppPage({
    title: 'Issues',
    subTitle: 'Errors grouped into issues: newest activity first, with each issue’s events over the time range.',
    url: prefixRoute(ROUTES.Issues),
    routePath: `${ROUTES.Issues}/*`,
    getScene: issuesScene,
    drilldowns: [{ routePath: ':issueId', getPage: issueDetailPage }],
  });
}
