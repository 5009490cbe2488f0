import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { TextField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function SessionTimelineEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <TextField
        id={fieldId(query, 'sessionId')}
        label="Session id"
        tooltip="From the Sessions table, or a variable such as $session (data links can set it)"
        placeholder="Required"
        value={query.sessionId}
        onChange={(sessionId) => onChange({ sessionId })}
      />
    </InlineFieldRow>
  );
}
