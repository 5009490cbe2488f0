/**
 * Source maps: the project's releases and, per release, the files uploaded for symbolication
 * (names, kinds, sizes; the processor never serves their content back). Uploading is the CLI's
 * job in CI, so this tab lists and says how.
 */
import React, { useMemo } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Alert, Badge, InteractiveTable, LoadingPlaceholder, Stack, Text, type Column } from '@grafana/ui';
import { ProcessorApi, projectPath } from '../../api/processor';
import { CodeBlock } from '../../components/InstallSnippet/CodeBlock';
import type { AdminProjectJSON, ArtifactJSON, SetupReleaseJSON } from './types';
import { useLoad } from './useLoad';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const kb = bytes / 1024;
  return kb < 1024 ? `${kb.toFixed(kb < 10 ? 1 : 0)} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

export function uploadCommand(project: AdminProjectJSON, release: string): string {
  return [
    `export PULSETRACE_URL=<processor URL> PULSETRACE_TOKEN=<write token> PULSETRACE_PROJECT=${project.id}`,
    `npx @pulsetrace/cli releases new ${release}`,
    'npx @pulsetrace/cli sourcemaps inject dist',
    `npx @pulsetrace/cli sourcemaps upload dist --release ${release}`,
  ].join('\n');
}

function Artifacts({ api, project, version }: { api: ProcessorApi; project: string; version: string }) {
  const files = useLoad(
    () =>
      api.call<{ files: ArtifactJSON[] }>(
        'admin',
        'GET',
        projectPath(project, `/releases/${encodeURIComponent(version)}/sourcemaps`)
      ),
    `${api.dsUid} ${project} ${version}`
  );
  const columns = useMemo<Array<Column<ArtifactJSON>>>(
    () => [
      { id: 'name', header: 'File', cell: ({ row: { original: f } }) => <code>{f.name}</code> },
      {
        id: 'kind',
        header: 'Kind',
        cell: ({ row: { original: f } }) => <Badge color={f.kind === 'sourcemap' ? 'purple' : 'blue'} text={f.kind} />,
      },
      { id: 'debugId', header: 'Debug id', cell: ({ row: { original: f } }) => f.debugId ?? '–' },
      { id: 'bytes', header: 'Size', cell: ({ row: { original: f } }) => formatBytes(f.bytes) },
    ],
    []
  );
  if (files.loading) {
    return <LoadingPlaceholder text="Loading files…" />;
  }
  if (files.error) {
    return (
      <Alert severity="error" title="Files">
        {files.error}
      </Alert>
    );
  }
  const list = files.value?.files ?? [];
  if (list.length === 0) {
    return <Text color="secondary">No files uploaded for {version}: stack traces of this release stay minified.</Text>;
  }
  return <InteractiveTable columns={columns} data={list} getRowId={(f: ArtifactJSON) => f.name} />;
}

export function SourceMapsTab({ api, project }: { api: ProcessorApi; project: AdminProjectJSON }) {
  const releases = useLoad(
    () =>
      api.call<{ releases: SetupReleaseJSON[] }>('admin', 'GET', projectPath(project.id, '/releases'), undefined, {
        limit: 200,
      }),
    `${api.dsUid} ${project.id}`
  );
  const columns = useMemo<Array<Column<SetupReleaseJSON>>>(
    () => [
      {
        id: 'version',
        header: 'Release',
        cell: ({ row: { original: r } }) => <Text weight="medium">{r.version}</Text>,
      },
      {
        id: 'registered',
        header: '',
        cell: ({ row: { original: r } }) =>
          r.registered === false ? (
            <Badge color="orange" text="seen in errors, not registered" />
          ) : r.finalizedAt ? (
            <Badge color="green" text="released" />
          ) : null,
      },
      {
        id: 'createdAt',
        header: 'Created',
        cell: ({ row: { original: r } }) => (r.registered === false ? '–' : dateTimeFormat(r.createdAt)),
      },
      {
        id: 'events',
        header: 'Error events',
        cell: ({ row: { original: r } }) => (r.events ?? 0).toLocaleString('en-US'),
      },
    ],
    []
  );
  const list = releases.value?.releases ?? [];
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">
        Expand a release to see the built files and source maps uploaded for it. Upload from CI with the CLI
        (docs/symbolication.md):
      </Text>
      <CodeBlock label="Upload commands" code={uploadCommand(project, list[0]?.version ?? '1.0.0')} />
      {releases.error && (
        <Alert severity="error" title="Releases">
          {releases.error}
        </Alert>
      )}
      {releases.loading && !releases.value ? (
        <LoadingPlaceholder text="Loading releases…" />
      ) : list.length === 0 ? (
        <Text color="secondary">
          No releases yet: register one with `npx @pulsetrace/cli releases new &lt;version&gt;`, or send events with a
          release.
        </Text>
      ) : (
        <InteractiveTable
          columns={columns}
          data={list}
          getRowId={(r: SetupReleaseJSON) => r.version}
          renderExpandedRow={(r) => <Artifacts api={api} project={project.id} version={r.version} />}
        />
      )}
    </Stack>
  );
}
