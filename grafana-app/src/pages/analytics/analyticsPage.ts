/**
 * Web analytics: page views, visitors, sessions, bounce rate and session duration (totals and
 * over time), breakdowns by page, entry / exit page, referrer, UTM, device, browser, OS and
 * country, custom events by name and by a property, and a live feed of the newest events. The
 * event names ($event) and the property ($property) are page variables, so the URL keeps them.
 */
import { FieldColorModeId } from '@grafana/data';
import {
  EmbeddedScene,
  PanelBuilders,
  QueryVariable,
  SceneAppPage,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  sceneGraph,
  TextBoxVariable,
} from '@grafana/scenes';
import { AxisPlacement, BigValueGraphMode, BigValueTextMode, LegendDisplayMode } from '@grafana/schema';
import { prefixRoute, ROUTES } from '../../constants';
import { DS_REF, PulseTraceQuery } from '../../queries/model';
import { column, pageScene, row } from '../../scenes/layout';
import { queryRunner } from '../../scenes/runner';
import { ALL_VALUE, appVariables } from '../../scenes/variables';
import { NoDataNotice } from '../overview/NoDataNotice';
import { dataProbeQuery } from '../overview/queries';
import { exploreMenu } from '../overview/panels';
import {
  Breakdown,
  BREAKDOWNS,
  breakdownQuery,
  engagementSeriesQuery,
  EVENT_VARIABLE,
  eventPropertiesQuery,
  eventSeriesQuery,
  eventsByNameQuery,
  liveQuery,
  PROPERTY_VARIABLE,
  totalsQuery,
  trafficSeriesQuery,
} from './queries';

const runner = (query: PulseTraceQuery) => queryRunner([query]);

function totalsStat() {
  return PanelBuilders.stat()
    .setTitle('Traffic')
    .setDescription(
      'Page views, unique visitors (browsers), sessions started in the range, bounce rate and average session duration. Bots are left out.'
    )
    .setData(runner(totalsQuery()))
    .setOption('graphMode', BigValueGraphMode.None)
    .setOption('textMode', BigValueTextMode.ValueAndName)
    .setColor({ mode: FieldColorModeId.Fixed, fixedColor: 'text' })
    .setNoValue('0')
    .setMenu(exploreMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('page_views').overrideDisplayName('Page views');
      b.matchFieldsWithName('visitors').overrideDisplayName('Visitors');
      b.matchFieldsWithName('sessions').overrideDisplayName('Sessions');
      b.matchFieldsWithName('bounce_rate').overrideDisplayName('Bounce rate').overrideDecimals(1);
      b.matchFieldsWithName('session_duration').overrideDisplayName('Session duration');
    })
    .build();
}

function trafficSeries() {
  return PanelBuilders.timeseries()
    .setTitle('Page views, visitors and sessions')
    .setData(runner(trafficSeriesQuery()))
    .setCustomFieldConfig('fillOpacity', 10)
    .setOption('legend', { displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: true, calcs: [] })
    .setMenu(exploreMenu())
    .build();
}

function engagementSeries() {
  return PanelBuilders.timeseries()
    .setTitle('Bounce rate and session duration')
    .setDescription('Sessions count in the interval they started in. Bounce: a session with one page view.')
    .setData(runner(engagementSeriesQuery()))
    .setMenu(exploreMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('bounce_rate').overrideDisplayName('Bounce rate').overrideMax(1).overrideMin(0);
      b.matchFieldsWithName('session_duration')
        .overrideDisplayName('Session duration')
        .overrideCustomFieldConfig('axisPlacement', AxisPlacement.Right);
    })
    .build();
}

/** Devices, browsers and OS read best as shares; the rest as ranked tables. */
const PIE: Breakdown[] = ['device', 'browser', 'os'];

function breakdownPanel(dimension: Breakdown) {
  const title = BREAKDOWNS[dimension];
  if (PIE.includes(dimension)) {
    return PanelBuilders.piechart()
      .setTitle(title)
      .setData(runner(breakdownQuery(dimension)))
      .setOption('reduceOptions', { values: true, calcs: [], fields: '/^visitors$/' })
      .setOption('legend', {
        displayMode: LegendDisplayMode.Table,
        placement: 'right',
        showLegend: true,
        values: ['value', 'percent'],
      } as never)
      .setNoValue('No visits in this range')
      .setMenu(exploreMenu())
      .build();
  }
  return PanelBuilders.table()
    .setTitle(title)
    .setData(
      new SceneDataTransformer({
        $data: runner(breakdownQuery(dimension)),
        transformations: [
          {
            id: 'organize',
            options: {
              renameByName: {
                value: title,
                visitors: 'Visitors',
                page_views: 'Page views',
                sessions: 'Sessions',
                bounce_rate: 'Bounce rate',
              },
            },
          },
        ],
      })
    )
    .setNoValue('No visits in this range')
    .setMenu(exploreMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('Visitors')
        .overrideCustomFieldConfig('cellOptions', { type: 'gauge', mode: 'basic' } as never)
        .overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'blue' });
      b.matchFieldsWithName('Bounce rate').overrideDecimals(0);
      b.matchFieldsWithName(title).overrideCustomFieldConfig('minWidth', 160);
    })
    .build();
}

const breakdownRow = (dimensions: Breakdown[]) =>
  row(
    dimensions.map((d) => new SceneFlexItem({ body: breakdownPanel(d) })),
    280
  );

/**
 * The property table while $property is set, a hint while it is empty. A behaviour of the row (it
 * stays active): a hidden item is not rendered, so it could not unhide itself.
 */
function propertyToggle(table: SceneFlexItem, hint: SceneFlexItem) {
  return (layout: SceneFlexLayout) => {
    const update = () => {
      const set = sceneGraph.interpolate(layout, `$${PROPERTY_VARIABLE}`).trim() !== '';
      table.setState({ isHidden: !set });
      hint.setState({ isHidden: set });
    };
    update();
    const sub = sceneGraph.lookupVariable(PROPERTY_VARIABLE, layout)?.subscribeToState(update);
    return () => sub?.unsubscribe();
  };
}

function customEvents() {
  const series = PanelBuilders.timeseries()
    .setTitle('Custom events')
    .setDescription('Events your app tracks with the SDK (track(name, properties)), per name.')
    .setData(runner(eventSeriesQuery()))
    .setCustomFieldConfig('drawStyle', 'bars' as never)
    .setCustomFieldConfig('fillOpacity', 60)
    .setNoValue('No custom events: call track() in your app (see Setup)')
    .setMenu(exploreMenu())
    .build();
  const byName = PanelBuilders.table()
    .setTitle('Events by name')
    .setData(runner(eventsByNameQuery()))
    .setNoValue('No custom events in this range')
    .setMenu(exploreMenu())
    .build();
  const byProperty = PanelBuilders.table()
    .setTitle(`By property $${PROPERTY_VARIABLE}`)
    .setDescription('The chosen events per value of the property typed in "Event property".')
    .setData(runner(eventPropertiesQuery()))
    .setNoValue('No events with this property in this range')
    .setMenu(exploreMenu())
    .build();
  const hint = PanelBuilders.text()
    .setTitle('By property')
    .setOption(
      'content',
      'Type a property name (for example `plan` or `sku`) in **Event property** above to break the chosen events down by its values.'
    )
    .build();
  const table = new SceneFlexItem({ body: byProperty });
  const help = new SceneFlexItem({ body: hint });
  const layout = row([new SceneFlexItem({ body: series }), new SceneFlexItem({ body: byName }), table, help], 260);
  layout.setState({ $behaviors: [propertyToggle(table, help)] });
  return layout;
}

function liveFeed() {
  return PanelBuilders.table()
    .setTitle('Live')
    .setDescription('The newest events of every kind as they arrive (the data source polls every second).')
    .setData(
      new SceneDataTransformer({
        $data: runner(liveQuery()),
        transformations: [
          {
            id: 'organize',
            options: {
              excludeByName: { received_at: true },
              renameByName: {
                time: 'Time',
                kind: 'Kind',
                summary: 'What',
                session_id: 'Session',
                url: 'URL',
                release: 'Release',
                browser: 'Browser',
                country: 'Country',
              },
            },
          },
        ],
      })
    )
    .setNoValue('Nothing yet: events appear here seconds after the SDK sends them')
    .setMenu(exploreMenu())
    .setOverrides((b) => {
      b.matchFieldsWithName('Time').overrideCustomFieldConfig('width', 170);
      b.matchFieldsWithName('Kind').overrideCustomFieldConfig('width', 110);
    })
    .build();
}

export function analyticsVariables() {
  return appVariables({
    extra: [
      new QueryVariable({
        name: EVENT_VARIABLE,
        label: 'Event',
        datasource: DS_REF,
        query: { refId: EVENT_VARIABLE, kind: 'event_names', project: '$project' },
        includeAll: true,
        defaultToAll: true,
        allValue: ALL_VALUE,
        isMulti: true,
      }),
      new TextBoxVariable({ name: PROPERTY_VARIABLE, label: 'Event property', value: '' }),
    ],
  });
}

export function analyticsScene(): EmbeddedScene {
  const body = column([
    new SceneFlexItem({ ySizing: 'content', body: new NoDataNotice({ $data: runner(dataProbeQuery()) }) }),
    new SceneFlexItem({ height: 110, body: totalsStat() }),
    row([new SceneFlexItem({ body: trafficSeries() }), new SceneFlexItem({ body: engagementSeries() })], 260),
    breakdownRow(['page', 'entry_page', 'exit_page']),
    breakdownRow(['referrer', 'utm_source', 'utm_medium']),
    breakdownRow(['utm_campaign', 'country']),
    breakdownRow(PIE),
    customEvents(),
    new SceneFlexItem({ minHeight: 320, body: liveFeed() }),
  ]);
  return pageScene(body, { variables: analyticsVariables() });
}

export function analyticsPage() {
  return new SceneAppPage({
    title: 'Web analytics',
    subTitle: 'Traffic, where it comes from, what it uses, custom events, and events as they arrive.',
    url: prefixRoute(ROUTES.Analytics),
    routePath: ROUTES.Analytics,
    getScene: analyticsScene,
  });
}
