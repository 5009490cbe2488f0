import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { BREAKDOWN_DIMENSIONS } from '../../../types';
import { EnumField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function BreakdownEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'dimension')}
        label="Break down by"
        tooltip="Rows sorted by visitors, at most Limit rows"
        values={BREAKDOWN_DIMENSIONS}
        value={query.dimension}
        onChange={(dimension) => onChange({ dimension })}
      />
    </InlineFieldRow>
  );
}
