/**
 * The Setup page's state, in the URL so a link opens the same tab, project and install variant:
 * ?tab=install&project=<id>&install=loader. The page has no panels; SetupView renders it.
 */
import {
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  VariableDependencyConfig,
} from '@grafana/scenes';
import { DS_VARIABLE } from '../../queries/model';
import type { SnippetKind } from '../../components/InstallSnippet/snippets';
import { SetupView } from './SetupView';

export const SETUP_TABS = ['projects', 'install', 'tokens', 'sourcemaps'] as const;
export type SetupTab = (typeof SETUP_TABS)[number];
const INSTALL_VARIANTS: readonly SnippetKind[] = ['npm', 'loader', 'inline'];

export interface SetupState extends SceneObjectState {
  tab: SetupTab;
  /** The project the Install, keys and Source maps parts are about (its id). */
  projectId?: string;
  install: SnippetKind;
}

export const DEFAULT_SETUP: Pick<SetupState, 'tab' | 'install'> = { tab: 'projects', install: 'npm' };

/** URL values to state; unknown values fall back to the defaults rather than break the page. */
export function setupStateFromUrl(values: SceneObjectUrlValues): Partial<SetupState> {
  const one = (key: string) => {
    const v = values[key];
    return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? undefined) : undefined;
  };
  const tab = one('tab');
  const install = one('install');
  return {
    tab: SETUP_TABS.includes(tab as SetupTab) ? (tab as SetupTab) : DEFAULT_SETUP.tab,
    install: INSTALL_VARIANTS.includes(install as SnippetKind) ? (install as SnippetKind) : DEFAULT_SETUP.install,
    projectId: one('project') || undefined,
  };
}

export class SetupScene extends SceneObjectBase<SetupState> {
  static Component = SetupView;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['tab', 'project', 'install'] });
  // Another data source picked: re-render, so the page talks to that one's admin route.
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: [DS_VARIABLE],
    onReferencedVariableValueChanged: () => this.forceRender(),
  });

  constructor(state: Partial<SetupState> = {}) {
    super({ ...DEFAULT_SETUP, ...state });
  }

  getUrlState(): SceneObjectUrlValues {
    return { tab: this.state.tab, project: this.state.projectId ?? null, install: this.state.install };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const next = setupStateFromUrl(values);
    if (next.tab !== this.state.tab || next.projectId !== this.state.projectId || next.install !== this.state.install) {
      this.setState(next);
    }
  }

  setTab = (tab: SetupTab) => this.setState({ tab });
  setProject = (projectId: string | undefined) => this.setState({ projectId });
  setInstall = (install: SnippetKind) => this.setState({ install });
}
