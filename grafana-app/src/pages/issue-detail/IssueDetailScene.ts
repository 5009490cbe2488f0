/**
 * The issue detail page's state: the issue, the shown event (`event` in the URL, else the latest
 * in range) and the frames toggle (`frames`), so a link opens the same event and frames. It runs
 * the page's queries (queries.ts), loads the issue's REST view (why grouped, ignore conditions)
 * and activity through the data source's proxy, and makes the issue changes on the write route.
 */
import {
  PanelBuilders,
  SceneDataTransformer,
  sceneGraph,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  SceneQueryRunner,
  VariableDependencyConfig,
  VizPanel,
} from '@grafana/scenes';
import { DataFrame } from '@grafana/data';
import { map } from 'rxjs';
import { ProcessorApi, projectPath } from '../../api/processor';
import { FramesMode, isFramesMode } from '../../components/StackTraceView/model';
import { queryRunner } from '../../scenes/runner';
import { prefixRoute, ROUTES } from '../../constants';
import { ActivityEntry, IgnorePatch, IssueView } from './model';
import { detailQuery, occurrencesQuery } from './queries';
import { IssueDetailView } from './IssueDetailView';

export interface IssueDetailState extends SceneObjectState {
  issueId: string;
  /** The chosen event; undefined = the latest in range. */
  eventId?: string;
  frames: FramesMode;
  issue?: IssueView;
  activity?: ActivityEntry[];
  /** Why the REST view or activity could not be read, or a change failed. */
  restError?: string;
  occurrences: VizPanel;
  sessions: VizPanel;
  releases: VizPanel;
}

export const URL_KEYS = { event: 'event', frames: 'frames' } as const;

/** Only the frame of that name from the page's issue_detail answer (its panels share the one query). */
function frameOnly(name: string) {
  return () => (source: import('rxjs').Observable<DataFrame[]>) =>
    source.pipe(map((frames) => frames.filter((f) => f.name === name)));
}

function sessionsPanel() {
  const timeline = `${prefixRoute(ROUTES.Sessions)}/\${__value.raw:percentencode}?var-ds=\${ds}&var-project=\${project}&\${__url_time_range}`;
  return PanelBuilders.table()
    .setTitle('Affected sessions')
    .setDescription('The sessions with an event of this issue in the time range, latest first')
    .setData(new SceneDataTransformer({ transformations: [frameOnly('sessions')] }))
    .setNoValue('No session had this issue in the time range')
    .setOverrides((b) =>
      b.matchFieldsWithName('session_id').overrideLinks([{ title: 'Open the session timeline', url: timeline }])
    )
    .build();
}

export class IssueDetailScene extends SceneObjectBase<IssueDetailState> {
  static Component = IssueDetailView;

  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: Object.values(URL_KEYS) });
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: ['ds', 'project'],
    onVariableUpdateCompleted: () => this.load(),
  });

  constructor(state: { issueId: string; eventId?: string; frames?: FramesMode }) {
    super({
      frames: 'app',
      ...state,
      $data: queryRunner([detailQuery(state.issueId, state.eventId)]),
      occurrences: PanelBuilders.timeseries()
        .setTitle('Occurrences')
        .setDescription('Events of this issue over time, with the users and sessions they hit')
        .setData(queryRunner([occurrencesQuery(state.issueId)]))
        .setUnit('short')
        .setCustomFieldConfig('fillOpacity', 15)
        .build(),
      sessions: sessionsPanel(),
      releases: PanelBuilders.table()
        .setTitle('Releases')
        .setDescription('Events of this issue per release, over its whole life')
        .setData(new SceneDataTransformer({ transformations: [frameOnly('releases')] }))
        .build(),
    });
    this.addActivationHandler(() => {
      if (!sceneGraph.hasVariableDependencyInLoadingState(this)) {
        void this.load();
      }
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { [URL_KEYS.event]: this.state.eventId, [URL_KEYS.frames]: this.state.frames };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const event = values[URL_KEYS.event];
    const eventId = typeof event === 'string' && event ? event : undefined;
    const frames = isFramesMode(values[URL_KEYS.frames]) ? (values[URL_KEYS.frames] as FramesMode) : 'app';
    if (frames !== this.state.frames) {
      this.setState({ frames });
    }
    if (eventId !== this.state.eventId) {
      this.showEvent(eventId);
    }
  }

  get runner(): SceneQueryRunner {
    return this.state.$data as SceneQueryRunner;
  }

  /** Show one event (undefined: the latest in range): its stack, breadcrumbs and causes. */
  showEvent(eventId: string | undefined) {
    this.setState({ eventId });
    this.runner.setState({ queries: [detailQuery(this.state.issueId, eventId)] });
    if (this.runner.isActive) {
      this.runner.runQueries();
    }
  }

  setFrames(frames: FramesMode) {
    this.setState({ frames });
  }

  private api() {
    return {
      api: new ProcessorApi(sceneGraph.interpolate(this, '${ds}')),
      path: (rest = '') =>
        projectPath(
          sceneGraph.interpolate(this, '${project}'),
          `/issues/${encodeURIComponent(this.state.issueId)}${rest}`
        ),
    };
  }

  /** The issue's REST view and activity; a failure is shown, not thrown. */
  async load() {
    if (!sceneGraph.interpolate(this, '${project}')) {
      return;
    }
    const { api, path } = this.api();
    try {
      const [issue, activity] = await Promise.all([
        api.get<IssueView>(path()),
        api.get<{ activity: ActivityEntry[] }>(path('/activity')),
      ]);
      this.setState({ issue, activity: activity.activity, restError: undefined });
    } catch (err) {
      this.setState({ restError: err instanceof Error ? err.message : String(err) });
    }
  }

  /** PATCH the issue (status, ignore, assignee), then reread it, its activity and the page's data. */
  async change(patch: IgnorePatch | { status: string } | { assignee: string | null }) {
    const { api, path } = this.api();
    await api.call('write', 'PATCH', path(), patch);
    await this.load();
    if (this.runner.isActive) {
      this.runner.runQueries();
    }
  }

  async comment(text: string) {
    const { api, path } = this.api();
    await api.call('write', 'POST', path('/comments'), { text });
    await this.load();
  }
}
