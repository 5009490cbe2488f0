/**
 * Data source settings: the processor URL, a default project, and one token per Grafana role.
 * Tokens go to secureJsonData: Grafana encrypts them and only its data proxy reads them back (the
 * routes in plugin.json add them to requests), so no browser ever sees one.
 */
import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Box, Field, FieldSet, Input, SecretInput, Text } from '@grafana/ui';
import { PulseTraceOptions, PulseTraceSecureJsonData, TokenKey } from '../types';

type Props = DataSourcePluginOptionsEditorProps<PulseTraceOptions, PulseTraceSecureJsonData>;

const TOKENS: Array<{ key: TokenKey; label: string; description: string; required?: boolean }> = [
  {
    key: 'readToken',
    label: 'Read token',
    required: true,
    description:
      'Used for every query, by every Grafana user (Viewers included). Use a token with read scope only: whatever this token may do, every Viewer may do.',
  },
  {
    key: 'writeToken',
    label: 'Write token (optional)',
    description:
      'Only Grafana Editors and Admins reach it, for changes such as resolving issues or recording releases from Grafana. Leave empty if Grafana only reads.',
  },
  {
    key: 'adminToken',
    label: 'Admin token (optional)',
    description: 'Only Grafana Admins reach it, for project and token administration. Usually left empty.',
  },
];

/** Validation hint for the URL: the proxy needs an absolute http(s) URL. */
export function urlProblem(url: string | undefined): string | undefined {
  const value = url?.trim() ?? '';
  if (value === '') {
    return "Required: the address of the PulseTrace processor as Grafana's server reaches it.";
  }
  return /^https?:\/\/[^\s/]+/i.test(value)
    ? undefined
    : 'Start with http:// or https://, for example http://pulsetrace-processor:4318.';
}

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;

  const setJson = (key: 'url' | 'defaultProject') => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: event.currentTarget.value } });

  const setToken = (key: TokenKey) => (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: event.currentTarget.value } });

  const resetToken = (key: TokenKey) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  const problem = urlProblem(jsonData.url);
  return (
    <>
      <FieldSet label="Processor">
        <Field
          label="URL"
          description="Where Grafana's server reaches the PulseTrace processor (its query API), e.g. http://pulsetrace-processor:4318."
          invalid={problem !== undefined && (jsonData.url ?? '') !== ''}
          error={problem}
          required
        >
          <Input
            id="pulsetrace-config-url"
            width={60}
            placeholder="http://pulsetrace-processor:4318"
            value={jsonData.url ?? ''}
            onChange={setJson('url')}
          />
        </Field>
        <Field
          label="Default project"
          description="A project id or unique name, used by queries, variables and annotations that do not name a project."
        >
          <Input
            id="pulsetrace-config-default-project"
            width={40}
            placeholder="shop"
            value={jsonData.defaultProject ?? ''}
            onChange={setJson('defaultProject')}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Tokens">
        <Box marginBottom={2}>
          <Text color="secondary" variant="bodySmall">
            One PulseTrace API token per Grafana role: Viewers use the read token, Editors the write token, Admins the
            admin token. Grafana keeps them encrypted and adds them on its server; they never reach a browser.
          </Text>
        </Box>
        {TOKENS.map(({ key, label, description, required }) => (
          <Field key={key} label={label} description={description} required={required}>
            <SecretInput
              id={`pulsetrace-config-${key}`}
              width={60}
              placeholder={`pt_${key.replace('Token', '')}_…`}
              isConfigured={Boolean(secureJsonFields?.[key])}
              value={secureJsonData?.[key] ?? ''}
              onChange={setToken(key)}
              onReset={resetToken(key)}
            />
          </Field>
        ))}
      </FieldSet>
    </>
  );
}
