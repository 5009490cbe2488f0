import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField, TextField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function SessionsEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'sort')}
        label="Sort"
        values={['newest', 'longest', 'most_errors', 'most_pages']}
        value={query.sort}
        onChange={(sort) => onChange({ sort })}
      />
      <TextField
        id={fieldId(query, 'visitor')}
        label="Visitor"
        tooltip="Only this visitor's sessions (the SDK's visitor id), or a variable such as $visitor"
        placeholder="Any"
        value={query.visitor}
        onChange={(visitor) => onChange({ visitor })}
      />
      <EnumField
        id={fieldId(query, 'hadError')}
        label="Had an error"
        tooltip="yes: only sessions with an error; no: only those without"
        values={['any', 'yes', 'no']}
        value={query.hadError}
        onChange={(hadError) => onChange({ hadError })}
      />
    </InlineFieldRow>
  );
}
