/**
 * @grafana/runtime in node tests: its services only exist inside Grafana. The request builder
 * takes its interpolator as an argument, and REST calls go through helpers/processor.ts's
 * callRoute, so any use of these is a test bug and says so.
 */
const missing = (name: string) => () => {
  throw new Error(`${name} is Grafana's service: not available in grafana-app/test (use helpers/processor.ts)`);
};
export const getTemplateSrv = missing('getTemplateSrv');
export const getBackendSrv = missing('getBackendSrv');
export const config = { bootData: { user: { orgRole: 'Viewer' } }, datasources: {} };
