/**
 * The Performance page: Core Web Vitals per route (choose a route or a vital there or in the
 * pickers: var-route and var-vital in the URL), the chosen vital's distribution, trend and
 * attribution breakdowns, then HTTP endpoints, long tasks by script and the heaviest resources.
 */
import { CustomVariable, QueryVariable, SceneAppPage, SceneFlexItem, SceneObject } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { DS_REF } from '../../queries/model';
import { column, pageScene, row } from '../../scenes/layout';
import { ALL_VALUE, appVariables } from '../../scenes/variables';
import {
  attributionTable,
  distributionPanel,
  endpointsPanel,
  longTasksPanel,
  overTimePanel,
  requestRatePanel,
  resourcesPanel,
  statusPanel,
} from './panels';
import { attributionPanels, ROUTE_VARIABLE, VITAL_VARIABLE } from './queries';
import { VitalsByRoute } from './VitalsByRoute';
import { VITALS } from './vitals';

export function vitalVariable() {
  return new CustomVariable({
    name: VITAL_VARIABLE,
    label: 'Vital',
    query: VITALS.join(','),
    value: 'LCP',
    text: 'LCP',
  });
}

/** The route the distribution, attribution, HTTP, long task and resource panels are narrowed to. */
export function routeVariable() {
  return new QueryVariable({
    name: ROUTE_VARIABLE,
    label: 'Route',
    datasource: DS_REF,
    query: { refId: ROUTE_VARIABLE, kind: 'routes', project: '$project' },
    includeAll: true,
    defaultToAll: true,
    allValue: ALL_VALUE,
  });
}

const item = (body: SceneObject, height: number) => new SceneFlexItem({ body, minHeight: height });

export function performanceScene() {
  const attribution = attributionPanels().map(attributionTable);
  const body = column([
    item(new VitalsByRoute(), 280),
    row([item(distributionPanel(), 300), item(overTimePanel(), 300)], 300),
    row(
      attribution.slice(0, 3).map((p) => item(p, 260)),
      260
    ),
    row(
      attribution.slice(3).map((p) => item(p, 260)),
      260
    ),
    row([item(endpointsPanel(), 300), item(requestRatePanel(), 300)], 300),
    row([item(statusPanel(), 300), item(longTasksPanel(), 300)], 300),
    item(resourcesPanel(), 300),
  ]);
  return pageScene(body, { variables: appVariables({ extra: [vitalVariable(), routeVariable()] }) });
}

export function performancePage() {
  return new SceneAppPage({
    title: 'Performance',
    subTitle: 'Core Web Vitals by route with their attribution, HTTP endpoints, long tasks and resources',
    url: prefixRoute(ROUTES.Performance),
    routePath: ROUTES.Performance,
    getScene: performanceScene,
  });
}
