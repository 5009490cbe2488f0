/**
 * The Performance page's standard panels (PanelBuilders), each over one query of queries.ts and
 * wrapped in PanelOrEmpty so that an empty answer says what to do. The distribution and over-time
 * panels colour by the chosen vital's thresholds, which follow $vital (followVital).
 */
import { MappingType, SpecialValueMatch, ThresholdsMode } from '@grafana/data';
import { PanelBuilders, sceneGraph, SceneObject, VizPanel } from '@grafana/scenes';
import { PulseTraceQuery } from '../../queries/model';
import { queryRunner, transformed } from '../../scenes/runner';
import { exploreMenu } from '../overview/panels';
import { PanelKind } from './empty';
import { PanelOrEmpty } from './PanelOrEmpty';
import {
  AttributionPanel,
  distributionQuery,
  httpEndpointsQuery,
  httpOverTimeQuery,
  httpStatusQuery,
  longTasksQuery,
  resourcesQuery,
  VITAL_VARIABLE,
  vitalOverTimeQuery,
} from './queries';
import { isVital, thresholdSteps, Vital } from './vitals';

const ratingThresholds = (vital: Vital) => ({ mode: ThresholdsMode.Absolute, steps: thresholdSteps(vital) });

/** Fields of a frame to keep, by name (the query answers more than the panel draws). */
const keep = (...names: string[]) => ({
  id: 'filterFieldsByName',
  options: { include: { names } },
});

const hidden = (...names: string[]) => ({
  id: 'organize',
  options: { excludeByName: Object.fromEntries(names.map((n) => [n, true])) },
});

const gauge = { type: 'gauge', mode: 'basic' } as const;
const colorText = { type: 'color-text' } as const;

function wrap(kind: PanelKind, query: PulseTraceQuery, panel: VizPanel, transformations?: object[]) {
  return new PanelOrEmpty({
    kind,
    $data: transformations ? transformed([query], transformations as never) : queryRunner([query]),
    panel,
  });
}

/**
 * Re-colours `panel` by the chosen vital's thresholds now and whenever $vital changes (a panel's
 * field config is static; the vital is a variable).
 */
function followVital(panel: VizPanel, apply: (panel: VizPanel, vital: Vital) => void) {
  return (owner: SceneObject) => {
    const variable = sceneGraph.lookupVariable(VITAL_VARIABLE, owner);
    const update = () => {
      const value = variable?.getValue();
      apply(panel, isVital(value) ? value : 'LCP');
    };
    update();
    const sub = variable?.subscribeToState(update);
    return () => sub?.unsubscribe();
  };
}

const withThresholds = (panel: VizPanel, vital: Vital) =>
  panel.onFieldConfigChange({
    ...panel.state.fieldConfig,
    defaults: { ...panel.state.fieldConfig.defaults, thresholds: ratingThresholds(vital) },
  });

/** Samples per bucket of the chosen vital, each bar coloured by the rating its bucket falls in. */
export function distributionPanel() {
  const panel = PanelBuilders.barchart()
    .setTitle('$vital distribution')
    .setDescription('Samples per bucket; web.dev’s good and poor thresholds are bucket edges, so a bar is one rating')
    .setOption('xField', 'bucket')
    .setOption('colorByField', 'from')
    .setOption('legend', { showLegend: false } as never)
    .setOption('xTickLabelSpacing', 100)
    .setColor({ mode: 'thresholds' })
    .setOverrides((b) =>
      b.matchFieldsWithName('from').overrideCustomFieldConfig('hideFrom', { viz: true, legend: true, tooltip: true })
    )
    .setMenu(exploreMenu())
    .build();
  const wrapper = wrap('distribution', distributionQuery(), panel, [keep('bucket', 'from', 'samples')]);
  wrapper.setState({ $behaviors: [followVital(panel, withThresholds)] });
  return wrapper;
}

/** p75 and p95 of the chosen vital over time, the rating bands behind. */
export function overTimePanel() {
  const panel = PanelBuilders.timeseries()
    .setTitle('$vital p75 and p95 over time')
    .setDescription('Bands: good, needs improvement and poor by web.dev’s thresholds')
    .setCustomFieldConfig('thresholdsStyle', { mode: 'area' } as never)
    .setCustomFieldConfig('fillOpacity', 0)
    .setMenu(exploreMenu())
    .build();
  const wrapper = wrap('distribution', vitalOverTimeQuery(), panel, [keep('time', 'p75', 'p95')]);
  wrapper.setState({ $behaviors: [followVital(panel, withThresholds)] });
  return wrapper;
}

/** One attribution breakdown: per value, p75 in the vital's rating colour, samples and share. */
export function attributionTable(p: AttributionPanel) {
  const phases = p.query.view === 'phases';
  const panel = PanelBuilders.table()
    .setTitle(p.title)
    .setDescription(p.description)
    .setOption('cellHeight', 'sm' as never)
    .setOverrides((b) => {
      // A sample without the key (a text LCP element has no url) counts under ''.
      b.matchFieldsWithName(phases ? 'phase' : 'attribution')
        .overrideDisplayName(p.valueLabel)
        .overrideMappings([
          { type: MappingType.SpecialValue, options: { match: SpecialValueMatch.Empty, result: { text: '(none)' } } },
        ]);
      b.matchFieldsWithName('p75')
        .overrideThresholds(phases ? undefined : ratingThresholds(p.vital))
        .overrideColor({ mode: 'thresholds' })
        .overrideCustomFieldConfig('cellOptions', (phases ? { type: 'auto' } : colorText) as never)
        .overrideDisplayName(`${p.vital} p75`);
      b.matchFieldsWithName('share')
        .overrideCustomFieldConfig('cellOptions', gauge as never)
        .overrideColor({ mode: 'fixed', fixedColor: 'blue' })
        .overrideMax(1)
        .overrideDisplayName(phases ? `Share of ${p.vital}` : 'Share of samples');
      b.matchFieldsWithName('samples').overrideDisplayName('Samples');
      b.matchFieldsWithName('poor_share')
        .overrideDisplayName('Poor')
        .overrideCustomFieldConfig('cellOptions', colorText as never)
        .overrideColor({ mode: 'fixed', fixedColor: 'red' });
    })
    .setMenu(exploreMenu())
    .build();
  return wrap('attribution', p.query, panel, [hidden('good_share', 'needs_improvement_share')]);
}

/** Endpoints: requests, error rate (amber from 1 %, red from 5 %), p50 and p95 latency. */
export function endpointsPanel() {
  const panel = PanelBuilders.table()
    .setTitle('HTTP endpoints')
    .setDescription('fetch / XHR calls per method, host and URL template; errors are status 0 (network) or ≥ 500')
    .setOverrides((b) => {
      b.matchFieldsWithName('error_rate')
        .overrideThresholds({
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'green' },
            { value: 0.01, color: 'orange' },
            { value: 0.05, color: 'red' },
          ],
        })
        .overrideColor({ mode: 'thresholds' })
        .overrideCustomFieldConfig('cellOptions', colorText as never)
        .overrideDisplayName('Error rate');
      b.matchFieldsWithName('requests').overrideDisplayName('Requests');
      b.matchFieldsWithName('p95_ms').overrideDisplayName('p95');
      b.matchFieldsWithName('p50_ms').overrideDisplayName('p50');
    })
    .setMenu(exploreMenu())
    .build();
  return wrap('http', httpEndpointsQuery(), panel);
}

/** Requests per interval (the rate) and the error rate over time, on their own axes. */
export function requestRatePanel() {
  const panel = PanelBuilders.timeseries()
    .setTitle('HTTP requests and error rate')
    .setCustomFieldConfig('fillOpacity', 10)
    .setOverrides((b) => {
      b.matchFieldsWithName('error_rate')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .overrideDisplayName('Error rate');
      b.matchFieldsWithName('requests').overrideDisplayName('Requests');
    })
    .setMenu(exploreMenu())
    .build();
  return wrap('http', httpOverTimeQuery(), panel, [keep('time', 'requests', 'error_rate')]);
}

/** Responses by status code per endpoint; 4xx amber, 5xx and network failures (0) red. */
export function statusPanel() {
  const panel = PanelBuilders.table()
    .setTitle('Responses by status')
    .setOverrides((b) => {
      b.matchFieldsWithName('status_code')
        .overrideThresholds({
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'red' },
            { value: 100, color: 'green' },
            { value: 400, color: 'orange' },
            { value: 500, color: 'red' },
          ],
        })
        .overrideColor({ mode: 'thresholds' })
        .overrideCustomFieldConfig('cellOptions', colorText as never)
        .overrideDisplayName('Status');
      b.matchFieldsWithName('share')
        .overrideCustomFieldConfig('cellOptions', gauge as never)
        .overrideMax(1);
    })
    .setMenu(exploreMenu())
    .build();
  return wrap('http', httpStatusQuery(), panel);
}

/** Long tasks and long animation frames by script, most main-thread blocking first. */
export function longTasksPanel() {
  const panel = PanelBuilders.table()
    .setTitle('Long tasks by script')
    .setDescription(
      'Long animation frames (LoAF) attribute blocking to the script and its invoker; plain long tasks only to a frame'
    )
    .setOverrides((b) => {
      b.matchFieldsWithName('total_blocking_ms')
        .overrideCustomFieldConfig('cellOptions', gauge as never)
        .overrideColor({ mode: 'continuous-YlRd' })
        .overrideDisplayName('Blocking time');
    })
    .setMenu(exploreMenu())
    .build();
  return wrap('longTasks', longTasksQuery(), panel);
}

/** Resources by URL, heaviest (average transfer size) first. */
export function resourcesPanel() {
  const panel = PanelBuilders.table()
    .setTitle('Heaviest resources')
    .setOption('sortBy', [{ displayName: 'avg_transfer_size', desc: true }])
    .setOverrides((b) => {
      b.matchFieldsWithName('avg_transfer_size')
        .overrideCustomFieldConfig('cellOptions', gauge as never)
        .overrideColor({ mode: 'continuous-BlPu' });
      b.matchFieldsWithName('cache_hit_share').overrideDisplayName('Cache hits');
    })
    .setMenu(exploreMenu())
    .build();
  return wrap('resources', resourcesQuery(), panel);
}
