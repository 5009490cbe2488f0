/** The seeded processor answers the app's page variables and a panel query through the data source's builder. */
import { ptQuery, QUERY_SCHEMA_VERSION } from '../src/queries/model';
import { SCHEMA_VERSION } from '../../grafana-datasource/src/types';
import { AppProcessor, callRoute, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';

jest.setTimeout(120_000);
let app: AppProcessor;
beforeAll(async () => {
  app = await startAppProcessor();
});
afterAll(() => app?.stop());

it('writes queries in the data source’s current saved-query schema', () => {
  expect(QUERY_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
});

it('runs an issues query scoped to the page variables and finds the seeded issues', async () => {
  const [frame] = await runPanelQuery(app, ptQuery('A', 'issues'));
  expect(shapeOf(frame!).rows).toBeGreaterThanOrEqual(2);
  expect(JSON.stringify(frame)).toContain("Cannot read properties of undefined (reading 'total')");
});

it('reaches the REST routes with each role’s token', async () => {
  expect((await callRoute(app, 'read', 'GET', '/api/v1/projects/shop/issues')).status).toBe(200);
});
