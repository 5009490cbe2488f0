/**
 * The Setup page: Admins manage projects, keys, API tokens and source maps, and get the SDK
 * install for a project with a test event. Everyone else gets a sentence saying who can, since
 * every call here is on the data source's admin route, which Grafana refuses to them anyway.
 */
import React from 'react';
import { usePluginContext } from '@grafana/data';
import { config } from '@grafana/runtime';
import { SceneComponentProps, sceneGraph } from '@grafana/scenes';
import { Alert, Box, Combobox, Field, LoadingPlaceholder, Stack, Tab, TabContent, TabsBar, Text } from '@grafana/ui';
import { ProcessorApi, projectPath } from '../../api/processor';
import { can, deniedReason } from '../../auth/roles';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { InstallSnippet } from '../../components/InstallSnippet/InstallSnippet';
import type { SnippetKind } from '../../components/InstallSnippet/snippets';
import { DS_VARIABLE } from '../../queries/model';
import { AppSettings, snippetEndpoint } from './endpoint';
import { ProjectsTab } from './ProjectsTab';
import type { SetupScene, SetupTab } from './setupScene';
import { SourceMapsTab } from './SourceMapsTab';
import { TestEventCard } from './TestEventCard';
import { TokensTab } from './TokensTab';
import type { AdminProjectJSON } from './types';
import { useLoad } from './useLoad';

const TABS: Array<{ id: SetupTab; label: string; icon: 'folder' | 'code-branch' | 'key-skeleton-alt' | 'file-alt' }> = [
  { id: 'projects', label: 'Projects and keys', icon: 'folder' },
  { id: 'install', label: 'Install and test', icon: 'code-branch' },
  { id: 'tokens', label: 'API tokens', icon: 'key-skeleton-alt' },
  { id: 'sourcemaps', label: 'Source maps', icon: 'file-alt' },
];

/** The page when the role may not manage projects: what it is and who can use it. */
export function SetupDenied() {
  return (
    <EmptyState
      title="Setup is for admins"
      message={`${deniedReason('manageProjects')} Ask an admin of this Grafana organization to create projects and keys; the install snippet for your site is on this page for them.`}
    />
  );
}

/** The picked data source's uid ('' before the variable has one); SetupScene re-renders when it changes. */
function dataSourceUid(model: SetupScene): string {
  return sceneGraph.lookupVariable(DS_VARIABLE, model) ? sceneGraph.interpolate(model, `\${${DS_VARIABLE}}`) : '';
}

export function SetupView({ model }: SceneComponentProps<SetupScene>) {
  const state = model.useState();
  const dsUid = dataSourceUid(model);
  const app = usePluginContext()?.meta.jsonData as AppSettings | undefined;
  if (!can('manageProjects')) {
    return <SetupDenied />;
  }
  if (!dsUid) {
    return <LoadingPlaceholder text="Finding the PulseTrace data source…" />;
  }
  return (
    <SetupBody
      dsUid={dsUid}
      app={app}
      tab={state.tab}
      projectId={state.projectId}
      install={state.install}
      onTab={model.setTab}
      onProject={model.setProject}
      onInstall={model.setInstall}
    />
  );
}

export interface SetupBodyProps {
  dsUid: string;
  app?: AppSettings;
  tab: SetupTab;
  projectId?: string;
  install: SnippetKind;
  onTab(tab: SetupTab): void;
  onProject(id: string | undefined): void;
  onInstall(kind: SnippetKind): void;
  /** Test seams: the browser's origin and fetch. */
  origin?: string;
  doFetch?: typeof fetch;
}

export function SetupBody(props: SetupBodyProps) {
  // Checked here too, before any admin call is made: the body is rendered on its own in tests.
  return can('manageProjects') ? <SetupAdmin {...props} /> : <SetupDenied />;
}

function SetupAdmin(props: SetupBodyProps) {
  const { dsUid, tab, projectId, onTab, onProject } = props;
  const origin = props.origin ?? window.location.origin;
  const api = React.useMemo(() => new ProcessorApi(dsUid), [dsUid]);
  const projects = useLoad(
    () =>
      api.call<{ projects: AdminProjectJSON[] }>('admin', 'GET', '/projects', undefined, { includeDeleted: 'true' }),
    api.dsUid
  );
  const list = projects.value?.projects ?? [];
  const live = list.filter((p) => !p.deletedAt);
  const selected = list.find((p) => p.id === projectId) ?? (tab === 'projects' ? undefined : live[0]);

  const picker = (
    <Field label="Project" noMargin>
      <Combobox
        id="setup-project"
        width={32}
        options={live.map((p) => ({ label: p.name, value: p.id, description: p.id }))}
        value={selected?.id ?? null}
        onChange={(o) => onProject(o.value)}
      />
    </Field>
  );

  let body: React.ReactNode;
  if (projects.error) {
    body = (
      <Alert severity="error" title="The processor's projects could not be read">
        {projects.error}
      </Alert>
    );
  } else if (!projects.value) {
    body = <LoadingPlaceholder text="Loading projects…" />;
  } else if (tab === 'projects') {
    body = (
      <ProjectsTab
        api={api}
        projects={list}
        selected={list.find((p) => p.id === projectId)}
        onSelect={onProject}
        onChanged={projects.reload}
        origin={origin}
      />
    );
  } else if (tab === 'tokens') {
    body = <TokensTab api={api} projects={list} />;
  } else if (!selected) {
    body = (
      <EmptyState
        title="No project yet"
        message="Create a project on the Projects tab: it gets the ingest key the install snippet needs."
      />
    );
  } else if (tab === 'install') {
    body = (
      <InstallTab {...props} api={api} project={selected} origin={origin} picker={picker} reload={projects.reload} />
    );
  } else {
    body = (
      <Stack direction="column" gap={2}>
        {picker}
        <SourceMapsTab api={api} project={selected} />
      </Stack>
    );
  }

  return (
    <Stack direction="column" gap={0}>
      <TabsBar>
        {TABS.map((t) => (
          <Tab key={t.id} label={t.label} icon={t.icon} active={tab === t.id} onChangeTab={() => onTab(t.id)} />
        ))}
      </TabsBar>
      <TabContent>
        <Box paddingTop={2}>{body}</Box>
      </TabContent>
    </Stack>
  );
}

function InstallTab({
  api,
  project,
  origin,
  picker,
  reload,
  app,
  dsUid,
  install,
  onInstall,
  doFetch,
}: SetupBodyProps & {
  api: ProcessorApi;
  project: AdminProjectJSON;
  origin: string;
  picker: React.ReactNode;
  reload(): void;
}) {
  const dsSettings = Object.values(config.datasources).find((ds) => ds.uid === dsUid);
  const dsUrl = (dsSettings?.jsonData as { url?: string } | undefined)?.url;
  const endpoint = snippetEndpoint(app, dsUrl);
  return (
    <Stack direction="column" gap={3}>
      {picker}
      <Text color="secondary">
        Add the SDK to {project.name}&apos;s pages in one of three ways; the key and the processor URL are filled in.
      </Text>
      <InstallSnippet
        config={{
          endpoint: endpoint.url,
          key: project.ingestKey ?? '',
          environment: project.environment,
          loaderUrl: app?.loaderUrl,
        }}
        variant={install}
        onVariantChange={onInstall}
        endpointNote={endpoint.note}
      />
      <Box borderColor="weak" borderStyle="solid" padding={2}>
        <TestEventCard
          api={api}
          project={project}
          endpoint={endpoint.url}
          origin={origin}
          doFetch={doFetch}
          onAllowOrigin={async () => {
            await api.call('admin', 'PATCH', projectPath(project.id), {
              allowedOrigins: [...(project.allowedOrigins ?? []), origin],
            });
            reload();
          }}
        />
      </Box>
    </Stack>
  );
}
