/**
 * Every query of the Performance page, as the data source's saved queries (queries/model.ts). The
 * page's scene runs exactly these; grafana-app/test/performance-page.test.ts runs them against the
 * seeded processor. Besides the page variables, $vital (the chosen vital) and $route (a route or
 * All) scope the distribution and attribution panels; the per-route table lists every route.
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';
import { Vital, VITALS } from './vitals';

export const VITAL_VARIABLE = 'vital';
export const ROUTE_VARIABLE = 'route';
/** The per-route table's trend query: p75 of $vital over time per route. */
export const TREND_REF = 'trend';

const ON_ROUTE = { filters: { route: [`$${ROUTE_VARIABLE}`] } };
const CHOSEN = `$${VITAL_VARIABLE}`;

/** Per route: p75 and p95 of each vital (refId = the vital), and the chosen vital's p75 over time. */
export function vitalsByRouteQueries(): PulseTraceQuery[] {
  return [
    ...VITALS.map((metric) =>
      ptQuery(metric, 'web_vitals', { metric, percentiles: [75, 95], view: 'table', groupBy: ['route'] })
    ),
    ptQuery(TREND_REF, 'web_vitals', { metric: CHOSEN, percentiles: [75], view: 'timeseries', groupBy: ['route'] }),
  ];
}

/** The chosen vital on the chosen route: samples per bucket (web.dev's thresholds are bucket edges). */
export function distributionQuery(): PulseTraceQuery {
  return ptQuery('distribution', 'web_vitals', { metric: CHOSEN, view: 'histogram', ...ON_ROUTE });
}

/** The chosen vital's p75 and p95 over time on the chosen route. */
export function vitalOverTimeQuery(): PulseTraceQuery {
  return ptQuery('overTime', 'web_vitals', { metric: CHOSEN, percentiles: [75, 95], view: 'timeseries', ...ON_ROUTE });
}

export interface AttributionPanel {
  refId: string;
  title: string;
  vital: Vital;
  /** What the panel says about its numbers (the panel's description). */
  description: string;
  /** The column of the attribution values (phases: of the phase names). */
  valueLabel: string;
  query: PulseTraceQuery;
}

const byKey = (refId: string, vital: Vital, attribution: string) =>
  ptQuery(refId, 'web_vitals', { metric: vital, view: 'attribution', attribution, percentiles: [75], ...ON_ROUTE });
const phases = (refId: string, vital: Vital) =>
  ptQuery(refId, 'web_vitals', { metric: vital, view: 'phases', percentiles: [75], ...ON_ROUTE });

/**
 * The attribution breakdowns, from web-vitals' attribution build (the SDK stores its scalars with
 * each vital): which element and image made LCP, which interaction target and which phase made INP
 * slow, which element shifted most.
 */
export function attributionPanels(): AttributionPanel[] {
  return [
    {
      refId: 'lcpElement',
      title: 'LCP element',
      valueLabel: 'Element',
      vital: 'LCP',
      description: 'The element that was the largest contentful paint (web-vitals attribution `target`)',
      query: byKey('lcpElement', 'LCP', 'target'),
    },
    {
      refId: 'lcpResource',
      title: 'LCP resource',
      valueLabel: 'Resource',
      vital: 'LCP',
      description: 'The image the LCP element loaded (`url`); empty when the element was text',
      query: byKey('lcpResource', 'LCP', 'url'),
    },
    {
      refId: 'lcpPhases',
      title: 'LCP phases',
      valueLabel: 'Phase',
      vital: 'LCP',
      description: 'Time to first byte, resource load delay and duration, element render delay: p75 and share of LCP',
      query: phases('lcpPhases', 'LCP'),
    },
    {
      refId: 'inpTarget',
      title: 'INP interaction target',
      valueLabel: 'Interaction target',
      vital: 'INP',
      description: 'The element of the slowest interaction (`interactionTarget`)',
      query: byKey('inpTarget', 'INP', 'interactionTarget'),
    },
    {
      refId: 'inpPhases',
      title: 'INP phases',
      valueLabel: 'Phase',
      vital: 'INP',
      description: 'Input delay, processing and presentation delay: p75 and share of INP',
      query: phases('inpPhases', 'INP'),
    },
    {
      refId: 'clsSource',
      title: 'CLS largest shift source',
      valueLabel: 'Shifted element',
      vital: 'CLS',
      description: 'The element of the largest layout shift (`largestShiftTarget`)',
      query: byKey('clsSource', 'CLS', 'largestShiftTarget'),
    },
  ];
}

/** fetch / XHR endpoints: requests, error rate, p50/p95 latency. */
export function httpEndpointsQuery(): PulseTraceQuery {
  return ptQuery('endpoints', 'http', { view: 'endpoints', ...ON_ROUTE });
}

/** Requests and error rate over time (the request rate). */
export function httpOverTimeQuery(): PulseTraceQuery {
  return ptQuery('httpOverTime', 'http', { view: 'timeseries', ...ON_ROUTE });
}

/** Responses by status code per endpoint. */
export function httpStatusQuery(): PulseTraceQuery {
  return ptQuery('statuses', 'http', { view: 'status_codes', ...ON_ROUTE });
}

/** Long tasks and long animation frames by script and invoker, most blocking first. */
export function longTasksQuery(): PulseTraceQuery {
  return ptQuery('longTasks', 'long_tasks', { view: 'by_script', ...ON_ROUTE });
}

/** Resources by URL (the panel sorts them by size). */
export function resourcesQuery(): PulseTraceQuery {
  return ptQuery('resources', 'resources', { view: 'top_urls', ...ON_ROUTE });
}

/** Every query the page's scene runs (the real-processor test runs each). */
export function performanceQueries(): PulseTraceQuery[] {
  return [
    ...vitalsByRouteQueries(),
    distributionQuery(),
    vitalOverTimeQuery(),
    ...attributionPanels().map((p) => p.query),
    httpEndpointsQuery(),
    httpOverTimeQuery(),
    httpStatusQuery(),
    longTasksQuery(),
    resourcesQuery(),
  ];
}
