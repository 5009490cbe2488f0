/**
 * Releases: adoption over time (each release's share of sessions) and the list of the range's
 * releases with sessions, errors per page view, crash-free sessions, adoption, new and regressed
 * issues; each release links to its comparison with the release before it (comparePage.ts).
 * Both are standard panels (timeseries stacked to 100 %, table), so they open in Explore and
 * copy to dashboards; with fewer than two releases the page says how to tag them.
 */
import { FieldColorModeId, ThresholdsMode } from '@grafana/data';
import { PanelBuilders, SceneAppPage, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import {
  BarGaugeDisplayMode,
  BarGaugeValueMode,
  GraphDrawStyle,
  StackingMode,
  TableCellDisplayMode,
  TableCellHeight,
} from '@grafana/schema';
import { prefixRoute, ROUTES } from '../../constants';
import { DS_VARIABLE } from '../../queries/model';
import { pageScene } from '../../scenes/layout';
import { queryRunner } from '../../scenes/runner';
import { comparePage, COMPARE_ROUTE } from './comparePage';
import { adoptionQuery, COMPARE_VARS, releasesListQuery } from './queries';
import { ReleasesHint } from './ReleaseScenes';

/**
 * The compare page for a row of the list: that release as target, the one listed before it as
 * base, same data source, project, environment and time range.
 */
export function compareLink(): string {
  const field = (name: string) => `\${__data.fields.${name}:percentencode}`;
  return (
    `${prefixRoute(COMPARE_ROUTE)}?var-${COMPARE_VARS.base}=${field('previous_release')}` +
    `&var-${COMPARE_VARS.target}=${field('release')}` +
    `&\${${DS_VARIABLE}:queryparam}&\${project:queryparam}&\${environment:queryparam}&\${__url_time_range}`
  );
}

const steps = (list: Array<[number, string]>) => ({
  mode: ThresholdsMode.Absolute,
  steps: list.map(([value, color]) => ({ value, color })),
});

function adoptionPanel() {
  return PanelBuilders.timeseries()
    .setTitle('Adoption')
    .setDescription("Each release's share of sessions over time (sessions without a release included).")
    .setData(queryRunner([adoptionQuery()]))
    .setUnit('short')
    .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
    .setCustomFieldConfig('fillOpacity', 60)
    .setCustomFieldConfig('lineWidth', 1)
    .setCustomFieldConfig('stacking', { mode: StackingMode.Percent, group: 'A' })
    .setDisplayName('${__field.labels.release}')
    .setNoValue('No sessions in this time range')
    .build();
}

function releasesTable() {
  return PanelBuilders.table()
    .setTitle('Releases')
    .setDescription(
      'Releases with traffic in the time range, or registered in it, newest first. New and regressed issues count over the release’s whole life. Click a release to compare it with the one before.'
    )
    .setNoValue('No releases in this time range')
    .setOption('cellHeight', TableCellHeight.Sm)
    .setOverrides((b) => {
      b.matchFieldsWithName('release')
        .overrideDisplayName('Release')
        .overrideLinks([{ title: 'Compare with the previous release', url: compareLink() }]);
      b.matchFieldsWithName('created_at').overrideDisplayName('Released').overrideUnit('dateTimeFromNow');
      for (const hidden of ['registered', 'first_seen']) {
        b.matchFieldsWithName(hidden).overrideCustomFieldConfig('hideFrom', {
          viz: true,
          legend: false,
          tooltip: false,
        });
      }
      b.matchFieldsWithName('sessions').overrideDisplayName('Sessions');
      b.matchFieldsWithName('page_views').overrideDisplayName('Page views');
      b.matchFieldsWithName('errors').overrideDisplayName('Errors');
      b.matchFieldsWithName('users').overrideDisplayName('Users');
      b.matchFieldsWithName('error_rate').overrideDisplayName('Errors per page view').overrideDecimals(2);
      b.matchFieldsWithName('crash_free_sessions')
        .overrideDisplayName('Crash-free sessions')
        .overrideDecimals(1)
        .overrideThresholds(
          steps([
            [-Infinity, 'red'],
            [0.95, 'orange'],
            [0.99, 'green'],
          ])
        )
        .overrideColor({ mode: FieldColorModeId.Thresholds })
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText });
      b.matchFieldsWithName('adoption')
        .overrideDisplayName('Adoption')
        .overrideMin(0)
        .overrideMax(1)
        .overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'blue' })
        .overrideCustomFieldConfig('cellOptions', {
          type: TableCellDisplayMode.Gauge,
          mode: BarGaugeDisplayMode.Basic,
          valueDisplayMode: BarGaugeValueMode.Text,
        });
      b.matchFieldsWithName('new_issues').overrideDisplayName('New issues');
      b.matchFieldsWithName('regressed_issues')
        .overrideDisplayName('Regressed issues')
        .overrideThresholds(
          steps([
            [-Infinity, 'text'],
            [1, 'red'],
          ])
        )
        .overrideColor({ mode: FieldColorModeId.Thresholds })
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText });
      b.matchFieldsWithName('previous_release').overrideDisplayName('Previous release');
    })
    .build();
}

export function releasesScene() {
  return pageScene(
    new SceneFlexLayout({
      direction: 'column',
      $data: queryRunner([releasesListQuery()]),
      children: [
        new SceneFlexItem({ ySizing: 'content', body: new ReleasesHint({}) }),
        new SceneFlexItem({ height: 300, body: adoptionPanel() }),
        new SceneFlexItem({ minHeight: 300, body: releasesTable() }),
      ],
    }),
    { from: 'now-7d' }
  );
}

export function releasesPage() {
  return new SceneAppPage({
    title: 'Releases',
    subTitle: 'Adoption, health and issues of each release; compare any two.',
    url: prefixRoute(ROUTES.Releases),
    routePath: `${ROUTES.Releases}/*`,
    getScene: releasesScene,
    drilldowns: [{ routePath: 'compare', getPage: (_match, parent) => comparePage(parent) }],
  });
}
