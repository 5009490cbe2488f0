/**
 * Insights: the project's incident cards (anomalies, release regressions) with their filters
 * (page variables status, severity, kind after the shared ds / project / environment / release),
 * and one card's detail as a drilldown (`insights/:insightId`).
 */
import { SceneAppPage, SceneAppPageLike, SceneFlexItem, SceneFlexLayout, SceneRouteMatch } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { pageScene } from '../../scenes/layout';
import { appVariables } from '../../scenes/variables';
import { InsightDetailScene } from './InsightDetailScene';
import { InsightListScene } from './InsightListScene';
import { insightVariables } from './variables';

const one = (body: InsightListScene | InsightDetailScene) =>
  new SceneFlexLayout({ direction: 'column', children: [new SceneFlexItem({ body })] });

export function insightsScene() {
  // A week: incidents are read over days, and an open card stays listed whatever its age.
  return pageScene(one(new InsightListScene()), {
    variables: appVariables({ extra: insightVariables() }),
    from: 'now-7d',
  });
}

export function insightDetailScene(insightId: string) {
  return pageScene(one(new InsightDetailScene({ insightId })), { from: 'now-7d' });
}

export function insightDetailPage(match: SceneRouteMatch<{ insightId: string }>, parent: SceneAppPageLike) {
  const insightId = decodeURIComponent(match.params.insightId);
  return new SceneAppPage({
    title: 'Insight',
    url: prefixRoute(`${ROUTES.Insights}/${encodeURIComponent(insightId)}`),
    routePath: ':insightId',
    getParentPage: () => parent,
    getScene: () => insightDetailScene(insightId),
  });
}

export function insightsPage() {
  return new SceneAppPage({
    title: 'Insights',
    subTitle:
      'What changed and why: anomalies against each metric’s usual range and release regressions, with their likely causes and the queries that show them.',
    url: prefixRoute(ROUTES.Insights),
    routePath: `${ROUTES.Insights}/*`,
    getScene: insightsScene,
    drilldowns: [{ routePath: ':insightId', getPage: insightDetailPage }],
  });
}
