import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField, ListField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function HttpEditor({ query, onChange }: TypeEditorProps) {
  return (
    <>
      <InlineFieldRow>
        <EnumField
          id={fieldId(query, 'view')}
          label="View"
          values={['endpoints', 'status_codes', 'timeseries']}
          value={query.view}
          onChange={(view) => onChange({ view })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <ListField
          id={fieldId(query, 'methods')}
          label="Methods"
          placeholder="Any method"
          value={query.methods}
          onChange={(methods) =>
            onChange({ methods: methods.length ? methods.map((m) => m.toUpperCase()) : undefined })
          }
        />
        <ListField
          id={fieldId(query, 'urlTemplates')}
          label="URL templates"
          tooltip="Normalised URLs as the endpoints view shows them, e.g. /api/orders/:id"
          placeholder="Any endpoint"
          value={query.urlTemplates}
          onChange={(urlTemplates) => onChange({ urlTemplates: urlTemplates.length ? urlTemplates : undefined })}
        />
      </InlineFieldRow>
    </>
  );
}
