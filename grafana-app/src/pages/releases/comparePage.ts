/**
 * Releases → Compare (`releases/compare`): any two releases side by side. Base, target, route and
 * browser are scene variables, so the view lives in the URL (var-base, var-target, var-route,
 * var-browser) and the pickers are Grafana's own keyboard-reachable selects. The releases list
 * links each release here with the one before it as base.
 */
import { VariableSort } from '@grafana/schema';
import {
  EmbeddedScene,
  QueryVariable,
  SceneAppPage,
  SceneAppPageLike,
  SceneFlexItem,
  sceneGraph,
  SceneObject,
} from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { DS_REF } from '../../queries/model';
import { column, pageScene } from '../../scenes/layout';
import { queryRunner } from '../../scenes/runner';
import { appVariables, projectValues } from '../../scenes/variables';
import { compareQueries, COMPARE_VARS } from './queries';
import { IssueChangesPanel, ReleaseComparePanel } from './ReleaseScenes';

export const COMPARE_ROUTE = `${ROUTES.Releases}/compare`;

function releaseVariable(name: string, label: string) {
  return new QueryVariable({
    name,
    label,
    datasource: DS_REF,
    query: { refId: name, kind: 'releases', project: '$project' },
    // Newest version first (1.10.0 after 1.9.0): target defaults to the newest release.
    sort: VariableSort.naturalDesc,
  });
}

export function compareVariables() {
  return appVariables({
    release: false,
    extra: [
      releaseVariable(COMPARE_VARS.base, 'Base release'),
      releaseVariable(COMPARE_VARS.target, 'Target release'),
      projectValues(COMPARE_VARS.route, 'Route', 'routes', false),
      projectValues(COMPARE_VARS.browser, 'Browser', 'browsers', false),
    ],
  });
}

/**
 * The base to use when base and target are the same release: the next older option (options are
 * sorted newest first), else the newest one that is not the target; undefined when there is none.
 */
export function previousRelease(options: string[], target: string): string | undefined {
  const at = options.indexOf(target);
  return (at >= 0 ? options[at + 1] : undefined) ?? options.find((o) => o !== target);
}

/**
 * Both release variables default to the newest release; comparing a release with itself says
 * nothing, so once their options are in, a base equal to the target moves to the release before.
 */
export function separateBaseFromTarget(scene: SceneObject) {
  const base = sceneGraph.lookupVariable(COMPARE_VARS.base, scene) as QueryVariable;
  const target = sceneGraph.lookupVariable(COMPARE_VARS.target, scene) as QueryVariable;
  const check = () => {
    if (base.state.loading || target.state.loading || base.getValue() !== target.getValue()) {
      return;
    }
    const previous = previousRelease(
      base.state.options.map((o) => String(o.value)),
      String(target.getValue())
    );
    if (previous !== undefined) {
      base.changeValueTo(previous, previous);
    }
  };
  const subs = [base.subscribeToState(check), target.subscribeToState(check)];
  check();
  return () => subs.forEach((s) => s.unsubscribe());
}

export function compareScene(): EmbeddedScene {
  const queries = compareQueries();
  const scene = pageScene(
    column([
      new SceneFlexItem({
        ySizing: 'content',
        minHeight: 200,
        body: new ReleaseComparePanel({ $data: queryRunner(queries.comparison) }),
      }),
      new SceneFlexItem({
        ySizing: 'content',
        minHeight: 200,
        body: new ReleaseComparePanel({ $data: queryRunner(queries.byRoute), breakdown: 'route' }),
      }),
      new SceneFlexItem({
        ySizing: 'content',
        minHeight: 200,
        body: new ReleaseComparePanel({ $data: queryRunner(queries.byBrowser), breakdown: 'browser' }),
      }),
      new SceneFlexItem({
        ySizing: 'content',
        minHeight: 160,
        body: new IssueChangesPanel({ $data: queryRunner(queries.issues) }),
      }),
    ]),
    { variables: compareVariables(), from: 'now-24h' }
  );
  scene.setState({ $behaviors: [separateBaseFromTarget] });
  return scene;
}

export function comparePage(parent: SceneAppPageLike) {
  return new SceneAppPage({
    title: 'Compare releases',
    subTitle: 'Two releases metric by metric, with 95% confidence intervals; significant changes are highlighted.',
    url: prefixRoute(COMPARE_ROUTE),
    routePath: 'compare',
    getParentPage: () => parent,
    getScene: compareScene,
  });
}
