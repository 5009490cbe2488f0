/**
 * One session (`sessions/:sessionId`, a drilldown of Sessions): who it was and its timeline, in
 * the page layout (time picker, data source and project; the session's own release and
 * environment are whatever they were, so there is no filter on them).
 */
import { SceneAppPage, SceneAppPageLike, SceneFlexItem, SceneRouteMatch } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { column, pageScene } from '../../scenes/layout';
import { appVariables } from '../../scenes/variables';
import { SessionTimelinePanel } from './SessionTimelinePanel';

export function sessionScene(sessionId: string) {
  return pageScene(column([new SceneFlexItem({ body: new SessionTimelinePanel({ sessionId }) })]), {
    variables: appVariables({ release: false }),
  });
}

export function sessionPage(match: SceneRouteMatch<{ sessionId: string }>, parent: SceneAppPageLike) {
  const sessionId = decodeURIComponent(match.params.sessionId);
  return new SceneAppPage({
    title: `Session ${sessionId}`,
    url: prefixRoute(`${ROUTES.Sessions}/${encodeURIComponent(sessionId)}`),
    routePath: ':sessionId',
    getParentPage: () => parent,
    getScene: () => sessionScene(sessionId),
  });
}
