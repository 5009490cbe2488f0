/**
 * Overview: Core Web Vitals p75 in web.dev's bands, sessions, page views and sessions with errors,
 * each with its change vs the previous period (the page's "compare with" control, on by default,
 * re-runs those queries over the same length just before the range); the newest issues, the
 * regressed ones and the newest releases' health. Every panel runs one query of queries.ts.
 */
import { FieldColorModeId } from '@grafana/data';
import {
  EmbeddedScene,
  PanelBuilders,
  SceneAppPage,
  SceneDataTransformer,
  SceneFlexItem,
  SceneTimeRangeCompare,
} from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { column, pageScene, row } from '../../scenes/layout';
import { queryRunner } from '../../scenes/runner';
import { NoDataNotice } from './NoDataNotice';
import { OpenInsights } from './OpenInsights';
import { appLink, changeStat, exploreMenu, thresholds } from './panels';
import {
  CORE_VITALS,
  dataProbeQuery,
  errorRateQuery,
  newIssuesQuery,
  OverviewQuery,
  regressedIssuesQuery,
  releasesQuery,
  trafficQuery,
  VITAL_BANDS,
  vitalQuery,
} from './queries';

/** Just above a threshold: a value on it is the better side. */
const ON_THRESHOLD = 1e-9;

/** scenes' "Previous period" option: the range's length, just before it. */
export const PREVIOUS_PERIOD = '__previousPeriod';

function vitalStat(metric: (typeof CORE_VITALS)[number]) {
  const band = VITAL_BANDS[metric];
  return changeStat({
    title: `${metric} p75`,
    description: `${band.title}, 75th percentile. Good up to ${band.good}${band.unit === 'ms' ? ' ms' : ''}, poor above ${band.poor}${band.unit === 'ms' ? ' ms' : ''} (web.dev). The change is against the previous period.`,
    query: vitalQuery(metric),
    field: 'p75',
    label: 'p75',
    unit: band.unit,
    decimals: metric === 'CLS' ? 2 : 0,
    // Grafana colours a value at a step with that step; web.dev counts a value on a threshold as the
    // better side (as the Performance page does), so each step starts just above it.
    bands: thresholds([
      [-Infinity, 'green'],
      [band.good + ON_THRESHOLD, 'orange'],
      [band.poor + ON_THRESHOLD, 'red'],
    ]),
    riseIsBad: true,
  });
}

function trafficStat(field: 'sessions' | 'page_views', title: string) {
  return changeStat({
    title,
    description: `${title} in the range (bots left out), and the change against the previous period.`,
    query: trafficQuery(),
    field,
    label: title,
    unit: 'short',
    riseIsBad: false,
  });
}

const errorStat = () =>
  changeStat({
    title: 'Sessions with errors',
    description: 'Share of sessions with at least one error, and the change against the previous period.',
    query: errorRateQuery(),
    field: 'error_rate',
    label: 'error rate',
    unit: 'percentunit',
    decimals: 1,
    bands: thresholds([
      [-Infinity, 'green'],
      [0.01, 'orange'],
      [0.05, 'red'],
    ]),
    riseIsBad: true,
  });

/** The columns an issue list shows, in order, with their titles. */
const ISSUE_COLUMNS = {
  title: 'Issue',
  events: 'Events',
  users: 'Users',
  first_seen: 'First seen',
  first_release: 'Introduced in',
  last_seen: 'Last seen',
};

function issueTable(title: string, description: string, query: OverviewQuery, onlyNew: boolean) {
  const keep = Object.keys(ISSUE_COLUMNS);
  return PanelBuilders.table()
    .setTitle(title)
    .setDescription(description)
    .setData(
      new SceneDataTransformer({
        $data: queryRunner([query]),
        transformations: [
          ...(onlyNew
            ? [
                {
                  id: 'filterByValue',
                  options: {
                    type: 'include',
                    match: 'any',
                    filters: [{ fieldName: 'substatus', config: { id: 'equal', options: { value: 'new' } } }],
                  },
                },
              ]
            : []),
          {
            id: 'organize',
            options: {
              // The id stays (the title's link needs it) but is hidden below.
              excludeByName: Object.fromEntries(
                ['culprit', 'type', 'status', 'substatus', 'sessions', 'last_release', 'assignee'].map((n) => [n, true])
              ),
              indexByName: Object.fromEntries(['id', ...keep].map((n, i) => [n, i])),
              renameByName: ISSUE_COLUMNS,
            },
          },
        ],
      })
    )
    .setNoValue(onlyNew ? 'No new issues in this range' : 'No regressed issues in this range')
    .setMenu(exploreMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('id').overrideCustomFieldConfig('hideFrom', { viz: true, legend: true, tooltip: true });
      b.matchFieldsWithName('Issue').overrideLinks([
        { title: 'Open issue', url: appLink(`${ROUTES.Issues}/\${__data.fields.id}`) },
      ]);
      b.matchFieldsWithName('Events').overrideCustomFieldConfig('width', 90);
      b.matchFieldsWithName('Users').overrideCustomFieldConfig('width', 80);
      for (const name of ['First seen', 'Last seen']) {
        b.matchFieldsWithName(name).overrideUnit('dateTimeFromNow').overrideCustomFieldConfig('width', 130);
      }
    })
    .build();
}

function releasesTable() {
  return PanelBuilders.table()
    .setTitle('Newest releases')
    .setDescription(
      'The newest releases in the range: sessions, errors, crash-free sessions and adoption (their share of all sessions).'
    )
    .setData(
      new SceneDataTransformer({
        $data: queryRunner([releasesQuery()]),
        transformations: [
          {
            id: 'organize',
            options: {
              excludeByName: { registered: true, first_seen: true, page_views: true },
              renameByName: {
                release: 'Release',
                created_at: 'Created',
                sessions: 'Sessions',
                errors: 'Errors',
                users: 'Users',
                crash_free_sessions: 'Crash-free sessions',
                adoption: 'Adoption',
              },
            },
          },
        ],
      })
    )
    .setNoValue('No releases in this range: the SDK reports the release it was configured with.')
    .setMenu(exploreMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('Release').overrideLinks([{ title: 'Releases', url: appLink(ROUTES.Releases) }]);
      b.matchFieldsWithName('Created').overrideUnit('dateTimeFromNow');
      b.matchFieldsWithName('Crash-free sessions')
        .overrideDecimals(1)
        .overrideThresholds(
          thresholds([
            [-Infinity, 'red'],
            [0.95, 'orange'],
            [0.99, 'green'],
          ])
        )
        .overrideColor({ mode: FieldColorModeId.Thresholds })
        .overrideCustomFieldConfig('cellOptions', { type: 'color-text' } as never);
      b.matchFieldsWithName('Adoption')
        .overrideDecimals(0)
        .overrideCustomFieldConfig('cellOptions', { type: 'gauge', mode: 'basic' } as never)
        .overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'blue' })
        .overrideMax(1)
        .overrideMin(0);
    })
    .build();
}

/** The page's scene: a fresh one each time (SceneAppPage builds it per visit). */
export function overviewScene(): EmbeddedScene {
  const body = column([
    new SceneFlexItem({ ySizing: 'content', body: new NoDataNotice({ $data: queryRunner([dataProbeQuery()]) }) }),
    // What changed and why, before the numbers: the top open insights (pages/insights/).
    new SceneFlexItem({ ySizing: 'content', body: new OpenInsights() }),
    row(
      CORE_VITALS.map((m) => new SceneFlexItem({ body: vitalStat(m) })),
      120
    ),
    row(
      [
        new SceneFlexItem({ body: trafficStat('sessions', 'Sessions') }),
        new SceneFlexItem({ body: trafficStat('page_views', 'Page views') }),
        new SceneFlexItem({ body: errorStat() }),
      ],
      120
    ),
    row(
      [
        new SceneFlexItem({
          body: issueTable(
            'New issues',
            'Unresolved issues first seen in the last 7 days, newest first.',
            newIssuesQuery(),
            true
          ),
        }),
        new SceneFlexItem({
          body: issueTable(
            'Regressed issues',
            'Resolved issues that happened again, most recently seen first.',
            regressedIssuesQuery(),
            false
          ),
        }),
      ],
      260
    ),
    new SceneFlexItem({ minHeight: 240, body: releasesTable() }),
  ]);
  return pageScene(body, {
    controls: [new SceneTimeRangeCompare({ compareWith: PREVIOUS_PERIOD })],
  });
}

export function overviewPage() {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'Core Web Vitals, traffic, new and regressed issues and the newest releases of the project.',
    url: prefixRoute(ROUTES.Overview),
    routePath: ROUTES.Overview,
    getScene: overviewScene,
  });
}
