/**
 * What every PulseTrace dashboard shares: its uid and tags, the project / environment / release
 * variables (the data source's variable queries, as the app's pages use them), the annotations
 * (releases, deploys, new issues, insights through the data source's annotation support) and the
 * links to the other dashboards and into the app, which carry the variables and the time range.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { AnnotationKind } from '../../grafana-datasource/src/types';
import { ALL_VALUE, APP_URL, PULSETRACE } from './datasources';
import { PulseTraceQueryBuilder } from './query';

/** The tag every generated dashboard has: the links' dropdown lists dashboards by it. */
export const TAG = 'pulsetrace';
export const uidOf = (slug: string) => `pulsetrace-${slug}`;

/** A list of the project's values (the data source's variable kinds: variables/variableQuery.ts). */
export function valuesVariable(
  name: string,
  label: string,
  kind: string,
  o: { multi?: boolean; all?: boolean; regex?: string } = {},
) {
  const v = new QueryVariableBuilder(name)
    .label(label)
    .datasource(PULSETRACE)
    .query({ refId: name, kind, project: kind === 'projects' ? '' : '$project' })
    // Releases and environments come and go with the time range's traffic.
    .refresh(kind === 'projects' ? VariableRefresh.OnDashboardLoad : VariableRefresh.OnTimeRangeChanged)
    // Releases newest first, by number (natural order: 1.10.0 above 1.9.0): a variable with no
    // saved value opens on its first option, the newest release.
    .sort(kind === 'releases' ? VariableSort.NaturalDesc : VariableSort.AlphabeticalAsc);
  if (o.multi) v.multi(true);
  // Grafana interpolates variables in the regex (regex-escaped) before filtering the options.
  if (o.regex) v.regex(o.regex);
  if (o.all) v.includeAll(true).allValue(ALL_VALUE).current({ text: 'All', value: '$__all' });
  return v;
}

export const projectVariable = () => valuesVariable('project', 'Project', 'projects');
export const environmentVariable = () =>
  valuesVariable('environment', 'Environment', 'environments', { all: true });
export const releaseVariable = () =>
  valuesVariable('release', 'Release', 'releases', { multi: true, all: true });

const ANNOTATIONS: Array<{ kind: AnnotationKind; name: string; color: string }> = [
  { kind: 'releases', name: 'Releases', color: 'blue' },
  { kind: 'deploys', name: 'Deploys', color: 'purple' },
  { kind: 'new_issues', name: 'New issues', color: 'red' },
  { kind: 'insights', name: 'Insights', color: 'orange' },
];

/** A PulseTrace annotation query (the data source's annotations/run.ts reads `annotation`). */
export function annotation(kind: AnnotationKind, name: string, color: string, withRelease: boolean) {
  const filters =
    kind === 'new_issues' && withRelease
      ? { environment: ['$environment'], release: ['$release'] }
      : { environment: ['$environment'] };
  return new AnnotationQueryBuilder()
    .name(name)
    .datasource(PULSETRACE)
    .enable(true)
    .iconColor(color)
    .target(new PulseTraceQueryBuilder('issues', { annotation: kind, filters }, 'Anno'));
}

/** App pages a dashboard links to (grafana-app/src/constants.ts ROUTES); they read var-project etc. */
export type AppPage =
  'overview' | 'insights' | 'issues' | 'performance' | 'releases' | 'analytics' | 'sessions';

const appLink = (title: string, page: AppPage) =>
  new DashboardLinkBuilder(title)
    .type(DashboardLinkType.Link)
    .url(`${APP_URL}/${page}`)
    .icon('external link')
    .includeVars(true)
    .keepTime(true)
    .targetBlank(false)
    .asDropdown(false)
    .tags([])
    .tooltip(`Open the PulseTrace app's ${page} page with these variables`);

export interface PulseTraceDashboard {
  slug: string;
  title: string;
  description: string;
  /** App pages linked from this dashboard. */
  appPages?: AppPage[];
  /** Replaces the release variable (the release comparison's two). */
  variables?: Array<cog.Builder<dashboard.VariableModel>>;
}

/** A dashboard with the shared uid, tags, time, variables, annotations and links. */
export function pulseTraceDashboard(d: PulseTraceDashboard): DashboardBuilder {
  const builder = new DashboardBuilder(d.title)
    .uid(uidOf(d.slug))
    .description(d.description)
    .tags([TAG, 'rum'])
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(projectVariable())
    .withVariable(environmentVariable());
  for (const v of d.variables ?? [releaseVariable()]) builder.withVariable(v);
  for (const a of ANNOTATIONS) builder.annotation(annotation(a.kind, a.name, a.color, !d.variables));
  builder.link(
    new DashboardLinkBuilder('PulseTrace dashboards')
      .type(DashboardLinkType.Dashboards)
      .tags([TAG])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true)
      .targetBlank(false)
      .icon('external link')
      .url('')
      .tooltip(''),
  );
  for (const page of d.appPages ?? ['overview']) builder.link(appLink(`App: ${page}`, page));
  return builder;
}
