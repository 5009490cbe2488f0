/**
 * The one data query of the Setup page: "has my test event been stored yet?". A custom_events
 * `properties` view over the test event's name, listing the test ids stored; the page polls it
 * until the id it sent shows up. Not scoped to the page's environment or release (the test event
 * has neither), and bots included (the event's user agent is whatever browser the admin uses).
 */
import { migrateQuery } from '../../../../grafana-datasource/src/query/migrate';
import { buildQueryBody, QueryBody } from '../../../../grafana-datasource/src/query/request';
import { ptQuery, PulseTraceQuery } from '../../queries/model';
import { TEST_EVENT_NAME, TEST_ID_PROPERTY } from './testEvent';

export function testEventQuery(projectId: string): PulseTraceQuery {
  return ptQuery('testEvent', 'custom_events', {
    project: projectId,
    view: 'properties',
    names: [TEST_EVENT_NAME],
    propertyKey: TEST_ID_PROPERTY,
    filters: { environment: [], release: [] },
    includeBots: true,
    limit: 1000,
  });
}

/** The time range the query looks in around a send: a minute either side (the client's clock). */
export function testEventRange(sentAt: number, now: number) {
  return { from: sentAt - 60_000, to: now + 60_000 };
}

/** Variables never reach this query (its project is literal): text stays as written. */
const literal = { one: (text: string) => text.trim(), many: (text: string) => (text.trim() ? [text.trim()] : []) };

/** The POST /api/v1/query body the page polls with: the data source's own request builder over testEventQuery. */
export function testEventRequest(projectId: string, sentAt: number, now: number): QueryBody {
  const built = buildQueryBody(migrateQuery(testEventQuery(projectId)), {
    ...testEventRange(sentAt, now),
    interpolate: literal,
  });
  if (!built.ok) {
    // Only a change to the catalog could cause this; queries.test.ts would fail first.
    throw new Error(built.message);
  }
  return built.body;
}
