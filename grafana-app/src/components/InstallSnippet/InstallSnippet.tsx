/**
 * The copy-paste install of the browser SDK for one project: npm, the loader tag or the inline
 * snippet (snippets.ts builds the text), each with its copy button. The variant is controlled by
 * the caller, so the Setup page keeps it in the URL.
 */
import React from 'react';
import { Alert, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { CodeBlock } from './CodeBlock';
import { allSnippets, Snippet, SnippetConfig, SnippetKind } from './snippets';

export interface InstallSnippetProps {
  config: SnippetConfig;
  variant: SnippetKind;
  onVariantChange(variant: SnippetKind): void;
  /** Where `config.endpoint` comes from, said under the code (the app's public URL or the data source's). */
  endpointNote?: string;
}

export function InstallSnippet({ config, variant, onVariantChange, endpointNote }: InstallSnippetProps) {
  const snippets = allSnippets(config);
  const snippet = snippets.find((s) => s.kind === variant) ?? snippets[0]!;
  return (
    <Stack direction="column" gap={2}>
      <RadioButtonGroup<SnippetKind>
        aria-label="Install with"
        options={snippets.map((s) => ({ label: s.label, value: s.kind, description: s.description }))}
        value={snippet.kind}
        onChange={onVariantChange}
      />
      <Text color="secondary">{snippet.description}</Text>
      {snippet.command && <CodeBlock label="Install command" code={snippet.command} />}
      <CodeBlock label={snippetTitle(snippet)} code={snippet.code} />
      {!config.key && (
        <Alert severity="warning" title="This project has no ingest key">
          Rotate its key on the Projects tab, then come back.
        </Alert>
      )}
      {endpointNote && (
        <Text color="secondary" variant="bodySmall">
          {endpointNote}
        </Text>
      )}
    </Stack>
  );
}

function snippetTitle(snippet: Snippet) {
  return snippet.kind === 'npm' ? 'Initialisation code' : `${snippet.label} HTML`;
}
