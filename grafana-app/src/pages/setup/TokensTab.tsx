/**
 * API tokens (GET/POST/DELETE /tokens on the admin route): scripts, CI and other Grafanas use
 * them. A new token's secret is shown once, with a copy button; the list never has secrets.
 */
import React, { useMemo, useState } from 'react';
import { dateTimeFormat } from '@grafana/data';
import {
  Alert,
  Badge,
  Box,
  ClipboardButton,
  ConfirmModal,
  Field,
  Input,
  InteractiveTable,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
  Text,
  type Column,
} from '@grafana/ui';
import { ProcessorApi } from '../../api/processor';
import { RoleButton } from '../../components/RoleButton/RoleButton';
import { validateToken, TokenFormValues } from './tokenForm';
import type { AdminProjectJSON, ApiTokenJSON, TokenScope } from './types';
import { useLoad } from './useLoad';

const SCOPES: Array<{ label: string; value: TokenScope; description: string }> = [
  { label: 'Read', value: 'read', description: 'Queries, issues, releases: what Viewers do' },
  { label: 'Write', value: 'write', description: 'Also change issues, register releases, upload source maps (CI)' },
  { label: 'Admin', value: 'admin', description: 'Also projects, keys and erasure' },
];

export interface TokensTabProps {
  api: ProcessorApi;
  projects: AdminProjectJSON[];
}

export function TokensTab({ api, projects }: TokensTabProps) {
  const tokens = useLoad(() => api.call<{ tokens: ApiTokenJSON[] }>('admin', 'GET', '/tokens'), api.dsUid);
  const [form, setForm] = useState<TokenFormValues>({ name: '', scope: 'read', projects: [] });
  const [submitted, setSubmitted] = useState(false);
  const [made, setMade] = useState<ApiTokenJSON>();
  const [revoking, setRevoking] = useState<ApiTokenJSON>();
  const [failure, setFailure] = useState<string>();
  const errors = submitted ? validateToken(form) : {};
  const names = useMemo(() => new Map(projects.map((p) => [p.id, p.name])), [projects]);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (Object.keys(validateToken(form)).length > 0) {
      return;
    }
    try {
      const body = { name: form.name.trim(), scope: form.scope, projects: form.projects.length ? form.projects : '*' };
      setMade(await api.call<ApiTokenJSON>('admin', 'POST', '/tokens', body));
      setForm({ name: '', scope: 'read', projects: [] });
      setSubmitted(false);
      tokens.reload();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };

  const revoke = async (t: ApiTokenJSON) => {
    setRevoking(undefined);
    try {
      await api.call('admin', 'DELETE', `/tokens/${encodeURIComponent(t.id)}`);
      tokens.reload();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };

  const columns = useMemo<Array<Column<ApiTokenJSON>>>(
    () => [
      { id: 'name', header: 'Name', cell: ({ row: { original: t } }) => <Text weight="medium">{t.name}</Text> },
      {
        id: 'scope',
        header: 'Scope',
        cell: ({ row: { original: t } }) => (
          <Badge color={t.scope === 'admin' ? 'orange' : t.scope === 'write' ? 'blue' : 'green'} text={t.scope} />
        ),
      },
      {
        id: 'projects',
        header: 'Projects',
        cell: ({ row: { original: t } }) =>
          t.projects === '*' ? 'all' : t.projects.map((id) => names.get(id) ?? id).join(', '),
      },
      {
        id: 'createdAt',
        header: 'Created',
        cell: ({ row: { original: t } }) => `${dateTimeFormat(t.createdAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}`,
      },
      {
        id: 'state',
        header: '',
        cell: ({ row: { original: t } }) =>
          t.revokedAt ? (
            <Badge color="red" text={`revoked ${dateTimeFormat(t.revokedAt)}`} />
          ) : (
            <RoleButton
              action="manageProjects"
              size="sm"
              variant="destructive"
              fill="outline"
              onClick={() => setRevoking(t)}
              aria-label={`Revoke ${t.name}`}
            >
              Revoke
            </RoleButton>
          ),
      },
    ],
    [names]
  );

  return (
    <Stack direction="column" gap={3}>
      <Box borderColor="weak" borderStyle="solid" padding={2} backgroundColor="secondary">
        <form onSubmit={create} aria-label="New API token" noValidate>
          <Stack gap={2} alignItems="flex-start" wrap="wrap">
            <Field label="Name" invalid={Boolean(errors.name)} error={errors.name} noMargin>
              <Input
                id="token-name"
                value={form.name}
                width={24}
                placeholder="ci-sourcemaps"
                onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              />
            </Field>
            <Field label="Scope" noMargin>
              <RadioButtonGroup options={SCOPES} value={form.scope} onChange={(scope) => setForm({ ...form, scope })} />
            </Field>
            <Field label="Projects" description="None chosen: every project" noMargin>
              <MultiCombobox
                id="token-projects"
                width={40}
                options={projects.filter((p) => !p.deletedAt).map((p) => ({ label: p.name, value: p.id }))}
                value={form.projects}
                onChange={(options) => setForm({ ...form, projects: options.map((o) => o.value) })}
                placeholder="All projects"
              />
            </Field>
            <Box paddingTop={3}>
              <RoleButton action="manageProjects" type="submit" icon="plus">
                Create token
              </RoleButton>
            </Box>
          </Stack>
        </form>
      </Box>
      {made?.token && (
        <Alert
          severity="success"
          title={`Token ${made.name} created: copy it now, it is not shown again`}
          onRemove={() => setMade(undefined)}
        >
          <Stack gap={1} alignItems="center">
            <code aria-label="New token">{made.token}</code>
            <ClipboardButton
              getText={() => made.token!}
              icon="copy"
              size="sm"
              variant="secondary"
              aria-label="Copy new token"
            >
              Copy
            </ClipboardButton>
          </Stack>
        </Alert>
      )}
      {(failure || tokens.error) && (
        <Alert severity="error" title="Tokens">
          {failure ?? tokens.error}
        </Alert>
      )}
      <InteractiveTable columns={columns} data={tokens.value?.tokens ?? []} getRowId={(t: ApiTokenJSON) => t.id} />
      {tokens.value && tokens.value.tokens.length === 0 && <Text color="secondary">No API tokens yet.</Text>}
      <ConfirmModal
        isOpen={Boolean(revoking)}
        title={`Revoke ${revoking?.name}?`}
        body="Everything using this token is refused from now on. This cannot be undone."
        confirmText="Revoke token"
        onConfirm={() => revoke(revoking!)}
        onDismiss={() => setRevoking(undefined)}
      />
    </Stack>
  );
}
