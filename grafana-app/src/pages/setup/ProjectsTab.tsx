/**
 * Projects: the list (deleted ones too, restorable within their window), create, edit, delete and
 * restore, and the selected project's ingest keys. Every call is on the data source's admin route.
 */
import React, { useMemo, useState } from 'react';
import { Alert, Badge, Box, Button, ConfirmModal, InteractiveTable, Stack, Text, type Column } from '@grafana/ui';
import { ProcessorApi, projectPath } from '../../api/processor';
import { RoleButton } from '../../components/RoleButton/RoleButton';
import { KeysSection } from './KeysSection';
import { ProjectForm } from './ProjectForm';
import type { ProjectBody } from './projectForm';
import type { AdminProjectJSON } from './types';

export interface ProjectsTabProps {
  api: ProcessorApi;
  projects: AdminProjectJSON[];
  selected?: AdminProjectJSON;
  onSelect(id: string | undefined): void;
  /** Re-reads the list after a change. */
  onChanged(): void;
  origin: string;
}

type Editing = { kind: 'new' } | { kind: 'edit'; project: AdminProjectJSON } | undefined;

const percent = (rate?: number) => (rate === undefined ? '–' : `${Math.round(rate * 1000) / 10} %`);

export function ProjectsTab({ api, projects, selected, onSelect, onChanged, origin }: ProjectsTabProps) {
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<AdminProjectJSON>();
  const [failure, setFailure] = useState<string>();

  const act = async (what: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await what();
      onChanged();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };

  const save = async (body: ProjectBody) => {
    if (editing?.kind === 'edit') {
      await api.call('admin', 'PATCH', projectPath(editing.project.id), body);
    } else {
      const made = await api.call<AdminProjectJSON>('admin', 'POST', '/projects', body);
      onSelect(made.id);
    }
    setEditing(undefined);
    onChanged();
  };

  const columns = useMemo<Array<Column<AdminProjectJSON>>>(
    () => [
      {
        id: 'name',
        header: 'Project',
        cell: ({ row: { original: p } }) => (
          <Stack gap={1} alignItems="center">
            <Text weight="medium">{p.name}</Text>
            {p.deletedAt && <Badge color="red" text="deleted" icon="trash-alt" />}
          </Stack>
        ),
      },
      { id: 'id', header: 'Id', cell: ({ row: { original: p } }) => <code>{p.id}</code> },
      { id: 'environment', header: 'Environment', cell: ({ row: { original: p } }) => p.environment ?? '–' },
      {
        id: 'allowedOrigins',
        header: 'Allowed origins',
        cell: ({ row: { original: p } }) =>
          p.allowedOrigins?.length ? (
            p.allowedOrigins.join(', ')
          ) : (
            <Text color="warning">none: browsers are refused</Text>
          ),
      },
      { id: 'sampleRate', header: 'Sessions kept', cell: ({ row: { original: p } }) => percent(p.sampleRate) },
      {
        id: 'rateLimitPerSecond',
        header: 'Rate limit',
        cell: ({ row: { original: p } }) =>
          p.rateLimitPerSecond ? `${p.rateLimitPerSecond.toLocaleString('en-US')}/s` : '–',
      },
      {
        id: 'retentionDays',
        header: 'Retention',
        cell: ({ row: { original: p } }) => (p.retentionDays ? `${p.retentionDays} d` : '–'),
      },
      {
        id: 'actions',
        header: '',
        cell: ({ row: { original: p } }) => (
          <Stack gap={1} justifyContent="flex-end">
            <Button
              size="sm"
              variant="secondary"
              fill="text"
              onClick={() => onSelect(p.id)}
              aria-label={`Keys of ${p.name}`}
            >
              Keys
            </Button>
            {p.deletedAt ? (
              <RoleButton
                action="manageProjects"
                size="sm"
                variant="secondary"
                icon="history"
                onClick={() => act(() => api.call('admin', 'POST', projectPath(p.id, '/restore')))}
                aria-label={`Restore ${p.name}`}
              >
                Restore
              </RoleButton>
            ) : (
              <>
                <RoleButton
                  action="manageProjects"
                  size="sm"
                  variant="secondary"
                  icon="pen"
                  onClick={() => setEditing({ kind: 'edit', project: p })}
                  aria-label={`Edit ${p.name}`}
                >
                  Edit
                </RoleButton>
                <RoleButton
                  action="manageProjects"
                  size="sm"
                  variant="destructive"
                  fill="outline"
                  icon="trash-alt"
                  onClick={() => setDeleting(p)}
                  aria-label={`Delete ${p.name}`}
                >
                  Delete
                </RoleButton>
              </>
            )}
          </Stack>
        ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api]
  );

  return (
    <Stack direction="column" gap={3}>
      <Stack justifyContent="space-between" alignItems="center">
        <Text color="secondary">
          A project is one site or app: its own ingest key, allowed origins, sampling, limits and retention.
        </Text>
        <RoleButton action="manageProjects" icon="plus" onClick={() => setEditing({ kind: 'new' })}>
          New project
        </RoleButton>
      </Stack>
      {editing && (
        <Box borderColor="weak" borderStyle="solid" padding={2} backgroundColor="secondary">
          <Stack direction="column" gap={2}>
            <Text element="h3" variant="h5">
              {editing.kind === 'edit' ? `Edit ${editing.project.name}` : 'New project'}
            </Text>
            <ProjectForm
              key={editing.kind === 'edit' ? editing.project.id : 'new'}
              project={editing.kind === 'edit' ? editing.project : undefined}
              onSubmit={save}
              onCancel={() => setEditing(undefined)}
              suggestedOrigin={origin}
            />
          </Stack>
        </Box>
      )}
      {failure && (
        <Alert severity="error" title="The change was not made" onRemove={() => setFailure(undefined)}>
          {failure}
        </Alert>
      )}
      <InteractiveTable columns={columns} data={projects} getRowId={(p: AdminProjectJSON) => p.id} />
      {selected && (
        <Box borderColor="weak" borderStyle="solid" padding={2}>
          <KeysSection
            project={selected}
            onRotate={async (overlapSeconds) => {
              await api.call('admin', 'POST', projectPath(selected.id, '/keys/rotate'), { overlapSeconds });
              onChanged();
            }}
          />
        </Box>
      )}
      <ConfirmModal
        isOpen={Boolean(deleting)}
        title={`Delete ${deleting?.name}?`}
        body="Ingest stops at once and queries no longer see the project. It can be restored until its restore window ends; after that its data is deleted."
        confirmText="Delete project"
        onConfirm={() => {
          const p = deleting!;
          setDeleting(undefined);
          void act(() => api.call('admin', 'DELETE', projectPath(p.id)));
        }}
        onDismiss={() => setDeleting(undefined)}
      />
    </Stack>
  );
}
