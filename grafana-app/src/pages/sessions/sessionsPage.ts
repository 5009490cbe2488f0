/**
 * Sessions: search by user, visitor, route, release and whether the session had an error (the
 * search's variables, so the URL holds the search), the matching sessions in a table whose session
 * ids open the session's timeline (the `sessions/:sessionId` drilldown, sessionPage.ts).
 */
import {
  CustomVariable,
  PanelBuilders,
  SceneAppPage,
  SceneFlexItem,
  TextBoxVariable,
  QueryVariable,
} from '@grafana/scenes';
import { FieldColorModeId, ThresholdsMode } from '@grafana/data';
import { TableCellDisplayMode } from '@grafana/schema';
import { prefixRoute, ROUTES } from '../../constants';
import { DS_REF } from '../../queries/model';
import { column, pageScene } from '../../scenes/layout';
import { transformed } from '../../scenes/runner';
import { ALL_VALUE, appVariables } from '../../scenes/variables';
import { SEARCH, sessionsQuery } from './queries';
import { sessionPage } from './sessionPage';

/** The search's variables, after the page's data source, project, environment and release. */
export function searchVariables() {
  return [
    new TextBoxVariable({ name: SEARCH.user, label: 'User', value: '' }),
    new TextBoxVariable({ name: SEARCH.visitor, label: 'Visitor', value: '' }),
    new QueryVariable({
      name: SEARCH.route,
      label: 'Route',
      datasource: DS_REF,
      query: { refId: SEARCH.route, kind: 'routes', project: '$project' },
      includeAll: true,
      defaultToAll: true,
      allValue: ALL_VALUE,
    }),
    new CustomVariable({
      name: SEARCH.hadError,
      label: 'Errors',
      query: 'Any : any, With errors : yes, Without errors : no',
      value: 'any',
      text: 'Any',
    }),
    new CustomVariable({
      name: SEARCH.sort,
      label: 'Sort',
      query: 'Newest : newest, Longest : longest, Most errors : most_errors, Most pages : most_pages',
      value: 'newest',
      text: 'Newest',
    }),
  ];
}

/** A session id's link: its timeline, with the page's data source, project and time range. */
export const SESSION_LINK = `${prefixRoute(ROUTES.Sessions)}/\${__value.raw:percentencode}?var-ds=\${ds}&var-project=\${project}&\${__url_time_range}`;

function sessionsTable() {
  return PanelBuilders.table()
    .setTitle('Sessions')
    .setDescription(
      'Sessions with activity in the time range (page views and errors), newest first unless sorted otherwise. Open a session id for its timeline.'
    )
    .setData(
      transformed(
        [sessionsQuery()],
        [
          {
            id: 'organize',
            options: {
              excludeByName: { end: true },
              renameByName: {
                session_id: 'Session',
                start: 'Started',
                duration_s: 'Duration',
                page_views: 'Pages',
                errors: 'Errors',
                entry_url: 'Entry page',
                exit_url: 'Exit page',
                user: 'User',
                visitor: 'Visitor',
                release: 'Release',
                browser: 'Browser',
                os: 'OS',
                device: 'Device',
                country: 'Country',
              },
            },
          },
        ]
      )
    )
    .setNoValue(
      'No sessions match in this time range. Clear the search or widen the range; no sessions at all? Install the SDK (Setup) and open your site.'
    )
    .setOverrides((b) =>
      b
        .matchFieldsWithName('Session')
        .overrideLinks([{ title: 'Open the session timeline', url: SESSION_LINK }])
        .matchFieldsWithName('Errors')
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .overrideColor({ mode: FieldColorModeId.Thresholds })
        .overrideThresholds({
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'text' },
            { value: 1, color: 'red' },
          ],
        })
    )
    .build();
}

export function sessionsScene() {
  return pageScene(column([new SceneFlexItem({ minHeight: 600, body: sessionsTable() })]), {
    variables: appVariables({ extra: searchVariables() }),
  });
}

export function sessionsPage() {
  return new SceneAppPage({
    title: 'Sessions',
    subTitle: 'Find a session by user, visitor, route, release or error, and replay what it did.',
    url: prefixRoute(ROUTES.Sessions),
    routePath: `${ROUTES.Sessions}/*`,
    getScene: sessionsScene,
    drilldowns: [{ routePath: ':sessionId', getPage: sessionPage }],
  });
}
