/**
 * Setup (Admin): projects, ingest keys, API tokens, source maps, and the SDK install with a test
 * event. Its only variable is the data source (whose admin route every call goes through); no
 * time range, as nothing here is a time series.
 */
import {
  DataSourceVariable,
  EmbeddedScene,
  SceneAppPage,
  SceneFlexItem,
  SceneFlexLayout,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { DATASOURCE_TYPE, prefixRoute, ROUTES } from '../../constants';
import { DS_VARIABLE } from '../../queries/model';
import { SetupScene, SetupState } from './setupScene';

export function setupScene(state: Partial<SetupState> = {}): EmbeddedScene {
  return new EmbeddedScene({
    $variables: new SceneVariableSet({
      variables: [new DataSourceVariable({ name: DS_VARIABLE, label: 'Data source', pluginId: DATASOURCE_TYPE })],
    }),
    controls: [new VariableValueSelectors({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: new SetupScene(state) })],
    }),
  });
}

export function setupPage() {
  return new SceneAppPage({
    title: 'Setup',
    subTitle: 'Projects, ingest keys, API tokens, source maps, and the SDK install for your site',
    url: prefixRoute(ROUTES.Setup),
    routePath: ROUTES.Setup,
    getScene: () => setupScene(),
  });
}
