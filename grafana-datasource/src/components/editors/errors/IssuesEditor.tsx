import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { ISSUE_STATUSES } from '../../../types';
import { EnumField, MultiEnumField, TextField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function IssuesEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <MultiEnumField
        id={fieldId(query, 'statuses')}
        label="Status"
        placeholder="Any status"
        values={ISSUE_STATUSES}
        value={query.statuses}
        onChange={(statuses) => onChange({ statuses: statuses.length ? statuses : undefined })}
      />
      <TextField
        id={fieldId(query, 'search')}
        label="Search"
        tooltip="Title or culprit contains this text"
        placeholder="TypeError"
        value={query.search}
        onChange={(search) => onChange({ search })}
      />
      <TextField
        id={fieldId(query, 'assignee')}
        label="Assignee"
        tooltip="Only issues assigned to exactly this person"
        placeholder="Anyone"
        value={query.assignee}
        onChange={(assignee) => onChange({ assignee })}
      />
      <EnumField
        id={fieldId(query, 'sort')}
        label="Sort"
        values={['newest', 'last_seen', 'frequent', 'users']}
        value={query.sort}
        onChange={(sort) => onChange({ sort })}
      />
    </InlineFieldRow>
  );
}
