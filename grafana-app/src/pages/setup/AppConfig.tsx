/**
 * The app's configuration page (Administration → Plugins → PulseTrace → Configuration): the
 * processor's public URL and where the SDK's loader is served, both for the install snippets and
 * the test event. Stored in the app's jsonData; nothing secret (the tokens live on the data source).
 */
import React, { useState } from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, Stack } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { DEFAULT_LOADER_URL } from '../../components/InstallSnippet/snippets';
import type { AppSettings } from './endpoint';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

/** An empty value, or an http(s) URL: what the snippets can use. */
export function urlProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) {
    return undefined;
  }
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'An http:// or https:// URL';
  } catch {
    return 'An http:// or https:// URL, e.g. https://rum.example.com';
  }
}

export function AppConfig({ plugin }: AppConfigProps) {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [publicUrl, setPublicUrl] = useState(jsonData?.publicUrl ?? '');
  const [loaderUrl, setLoaderUrl] = useState(jsonData?.loaderUrl ?? '');
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);
  const problems = { publicUrl: urlProblem(publicUrl), loaderUrl: urlProblem(loaderUrl) };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (problems.publicUrl || problems.loaderUrl) {
      return;
    }
    setSaving(true);
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `/api/plugins/${plugin.meta.id}/settings`,
          method: 'POST',
          data: {
            enabled,
            pinned,
            jsonData: {
              ...jsonData,
              publicUrl: publicUrl.trim() || undefined,
              loaderUrl: loaderUrl.trim() || undefined,
            },
          },
        })
      );
      // The app reads its settings at load: reload so the pages see the new ones.
      window.location.reload();
    } catch (err) {
      setFailure((err as { data?: { message?: string } }).data?.message ?? String(err));
      setSaving(false);
    }
  };

  return (
    <form onSubmit={save} aria-label="PulseTrace app settings">
      <FieldSet label="Install snippets">
        <Field
          label="Processor public URL"
          description="The processor's address as your users' browsers reach it, written into the install snippets and used by the test event. Blank: the data source's URL (the address Grafana's server uses, which browsers may not reach)."
          invalid={Boolean(problems.publicUrl)}
          error={problems.publicUrl}
        >
          <Input
            id="publicUrl"
            value={publicUrl}
            placeholder="https://rum.example.com"
            onChange={(e) => setPublicUrl(e.currentTarget.value)}
            width={60}
          />
        </Field>
        <Field
          label="Loader URL"
          description={`Where loader.min.js is served, with pulsetrace.min.js beside it (sdk/dist). Blank: ${DEFAULT_LOADER_URL}`}
          invalid={Boolean(problems.loaderUrl)}
          error={problems.loaderUrl}
        >
          <Input
            id="loaderUrl"
            value={loaderUrl}
            placeholder={DEFAULT_LOADER_URL}
            onChange={(e) => setLoaderUrl(e.currentTarget.value)}
            width={60}
          />
        </Field>
        {failure && (
          <Alert severity="error" title="Settings not saved">
            {failure}
          </Alert>
        )}
        <Stack>
          <Button type="submit" disabled={saving}>
            Save settings
          </Button>
        </Stack>
      </FieldSet>
    </form>
  );
}
