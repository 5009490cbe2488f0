import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField, SuggestField, SuggestListField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function CustomEventsEditor({ query, onChange, suggest }: TypeEditorProps) {
  const byProperty = query.view === 'properties';
  return (
    <>
      <InlineFieldRow>
        <EnumField
          id={fieldId(query, 'view')}
          label="View"
          values={['timeseries', 'by_name', 'properties']}
          value={query.view}
          onChange={(view) => onChange({ view })}
        />
        <SuggestListField
          id={fieldId(query, 'names')}
          label="Events"
          placeholder="Any event"
          load={suggest('event_names')}
          value={query.names}
          onChange={(names) => onChange({ names: names.length ? names : undefined })}
        />
      </InlineFieldRow>
      {byProperty && (
        <InlineFieldRow>
          <SuggestField
            id={fieldId(query, 'propertyKey')}
            label="Property"
            tooltip="Counts per value of this property"
            placeholder="Required"
            load={suggest('property_keys', { event: query.names?.[0] })}
            value={query.propertyKey}
            onChange={(propertyKey) => onChange({ propertyKey })}
          />
        </InlineFieldRow>
      )}
    </>
  );
}
