import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField, ListField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function ResourcesEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'view')}
        label="View"
        values={['by_type', 'top_urls']}
        value={query.view}
        onChange={(view) => onChange({ view })}
      />
      <ListField
        id={fieldId(query, 'resourceTypes')}
        label="Resource types"
        tooltip="Initiator types as the browser reports them: script, link, img, css, fetch…"
        placeholder="Any type"
        value={query.resourceTypes}
        onChange={(resourceTypes) => onChange({ resourceTypes: resourceTypes.length ? resourceTypes : undefined })}
      />
    </InlineFieldRow>
  );
}
