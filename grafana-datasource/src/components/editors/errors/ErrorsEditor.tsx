import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField, ListField, TriStateField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function ErrorsEditor({ query, onChange }: TypeEditorProps) {
  return (
    <>
      <InlineFieldRow>
        <EnumField
          id={fieldId(query, 'view')}
          label="View"
          values={['timeseries', 'table']}
          value={query.view}
          onChange={(view) => onChange({ view })}
        />
        <TriStateField
          id={fieldId(query, 'handled')}
          label="Handled"
          labels={['Any', 'Handled', 'Unhandled']}
          value={query.handled}
          onChange={(handled) => onChange({ handled })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <ListField
          id={fieldId(query, 'issueIds')}
          label="Issues"
          tooltip="Issue ids (fingerprints); Enter adds one"
          placeholder="Any issue"
          value={query.issueIds}
          onChange={(issueIds) => onChange({ issueIds: issueIds.length ? issueIds : undefined })}
        />
        <ListField
          id={fieldId(query, 'exceptionTypes')}
          label="Exception types"
          placeholder="TypeError, ChunkLoadError…"
          value={query.exceptionTypes}
          onChange={(exceptionTypes) =>
            onChange({ exceptionTypes: exceptionTypes.length ? exceptionTypes : undefined })
          }
        />
      </InlineFieldRow>
    </>
  );
}
