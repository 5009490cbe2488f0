import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { TextField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function IssueDetailEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <TextField
        id={fieldId(query, 'issueId')}
        label="Issue id"
        tooltip="The issue's id (fingerprint); a variable such as $issue works too"
        placeholder="Required"
        value={query.issueId}
        onChange={(issueId) => onChange({ issueId })}
      />
      <TextField
        id={fieldId(query, 'eventId')}
        label="Event id"
        placeholder="Latest event"
        value={query.eventId}
        onChange={(eventId) => onChange({ eventId })}
      />
    </InlineFieldRow>
  );
}
