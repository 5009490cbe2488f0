/** Editor of a template variable query: what to list, for which project, optionally filtered. */
import React, { useMemo } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineFieldRow, Stack } from '@grafana/ui';
import { ProjectField } from '../components/common/ProjectField';
import { EnumField, NumberField, TextField } from '../components/fields/Fields';
import type { DataSource } from '../datasource';
import { PulseTraceOptions, PulseTraceQuery } from '../types';
import { MAX_VARIABLE_VALUES, migrateVariableQuery, PulseTraceVariableQuery, VARIABLE_KINDS } from './variableQuery';

type Props = QueryEditorProps<DataSource, PulseTraceQuery, PulseTraceOptions, PulseTraceVariableQuery>;

export function VariableQueryEditor({ query: saved, onChange, datasource }: Props) {
  const query = useMemo(() => migrateVariableQuery(saved), [saved]);
  const patch = (changes: Partial<PulseTraceVariableQuery>) => onChange({ ...query, ...changes });
  return (
    <Stack direction="column" gap={0.5}>
      <InlineFieldRow>
        <EnumField
          id="pulsetrace-variable-kind"
          label="Values"
          fixed
          values={VARIABLE_KINDS}
          value={query.kind}
          onChange={(kind) => patch({ kind: kind as PulseTraceVariableQuery['kind'] })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        {query.kind !== 'projects' && (
          <ProjectField
            id="pulsetrace-variable-project"
            datasource={datasource}
            value={query.project}
            onChange={(project) => patch({ project })}
          />
        )}
        <TextField
          id="pulsetrace-variable-search"
          label="Containing"
          tooltip="Only values containing this text (case-insensitive)"
          value={query.search}
          onChange={(search) => patch({ search })}
        />
        <NumberField
          id="pulsetrace-variable-limit"
          label="Limit"
          placeholder="100"
          min={1}
          max={MAX_VARIABLE_VALUES}
          value={query.limit}
          onChange={(limit) => patch({ limit })}
        />
      </InlineFieldRow>
    </Stack>
  );
}
