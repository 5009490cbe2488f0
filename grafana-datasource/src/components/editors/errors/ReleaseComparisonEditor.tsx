import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { SuggestField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function ReleaseComparisonEditor({ query, onChange, suggest }: TypeEditorProps) {
  const releases = suggest('releases');
  return (
    <InlineFieldRow>
      <SuggestField
        id={fieldId(query, 'baseRelease')}
        label="Base release"
        placeholder="Required"
        load={releases}
        value={query.baseRelease}
        onChange={(baseRelease) => onChange({ baseRelease })}
      />
      <SuggestField
        id={fieldId(query, 'targetRelease')}
        label="Target release"
        placeholder="Required"
        load={releases}
        value={query.targetRelease}
        onChange={(targetRelease) => onChange({ targetRelease })}
      />
    </InlineFieldRow>
  );
}
