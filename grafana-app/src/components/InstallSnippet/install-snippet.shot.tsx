/**
 * The Setup page's install snippet for the seeded project: its real ingest key (admin route) and
 * environment, with the processor's public URL as the app's setting would give it.
 */
import React, { useState } from 'react';
import type { ShotRender } from '../../testing/shot';
import { InstallSnippet } from './InstallSnippet';
import { SnippetKind } from './snippets';

export interface InstallSnippetShotData {
  project: string;
  ingestKey: string;
  environment?: string;
  /** The public URL the app's configuration would hold. */
  publicUrl: string;
}

function Shot({ ingestKey, environment, publicUrl }: InstallSnippetShotData) {
  const [variant, setVariant] = useState<SnippetKind>('npm');
  return (
    <InstallSnippet
      config={{ endpoint: publicUrl, key: ingestKey, environment }}
      variant={variant}
      onVariantChange={setVariant}
      endpointNote={`The processor URL is the app's public URL setting (${publicUrl}).`}
    />
  );
}

const shot: ShotRender<InstallSnippetShotData> = {
  name: 'install-snippet',
  title: 'Install snippet',
  width: 900,
  render: (data) => <Shot {...data} />,
};

export default shot;
