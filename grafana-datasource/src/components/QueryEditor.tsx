/**
 * The query editor: project, query type, the type's options, filters, group-by / limit / bots.
 * It reads the saved query through migrateQuery first, so an old or malformed query shows as the
 * nearest valid one (with a note saying what could not be kept) instead of breaking the panel.
 */
import React, { useMemo, useRef } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Alert, ErrorBoundaryAlert, InlineFieldRow, Stack, Text } from '@grafana/ui';
import type { DataSource } from '../datasource';
import { TYPE_INFO } from '../query/catalog';
import { changeType, migrateQueryWithNotes } from '../query/migrate';
import { PulseTraceOptions, PulseTraceQuery } from '../types';
import { CommonOptions } from './common/CommonOptions';
import { FiltersEditor } from './common/FiltersEditor';
import { ProjectField } from './common/ProjectField';
import { valuesLoader } from './common/suggestions';
import { TypeField } from './common/TypeField';
import { TYPE_EDITORS } from './editors';
import { fieldId, TypeEditorProps } from './editors/types';

type Props = QueryEditorProps<DataSource, PulseTraceQuery, PulseTraceOptions>;

export function QueryEditor({ query: saved, onChange, onRunQuery, datasource, range }: Props) {
  const { query, notes } = useMemo(() => migrateQueryWithNotes(saved), [saved]);
  // Grafana's Combobox can report one pick several times in a row: the same query is run once.
  const lastApplied = useRef({ key: '', at: 0 });
  const apply = (next: PulseTraceQuery) => {
    const key = JSON.stringify(next);
    const now = Date.now();
    if (key === lastApplied.current.key && now - lastApplied.current.at < 250) {
      return;
    }
    lastApplied.current = { key, at: now };
    onChange(next);
    onRunQuery();
  };
  const patch = (changes: Partial<PulseTraceQuery>) => apply({ ...query, ...changes });
  const suggest: TypeEditorProps['suggest'] = (kind, extra) =>
    valuesLoader(datasource, query.project, range, kind, extra);
  const TypeEditor = TYPE_EDITORS[query.type];
  return (
    <Stack direction="column" gap={0.5}>
      {notes.length > 0 && (
        <Alert severity="warning" title="Parts of this saved query could not be kept">
          {notes.map((note) => (
            <div key={note}>{note}</div>
          ))}
        </Alert>
      )}
      <InlineFieldRow>
        <ProjectField
          id={fieldId(query, 'project')}
          datasource={datasource}
          value={query.project}
          onChange={(project) => patch({ project })}
        />
        <TypeField id={fieldId(query, 'type')} value={query.type} onChange={(type) => apply(changeType(query, type))} />
      </InlineFieldRow>
      <Text color="secondary" variant="bodySmall">
        {TYPE_INFO[query.type].description}
      </Text>
      <ErrorBoundaryAlert title="These options could not be shown" style="alertbox">
        {TypeEditor && <TypeEditor query={query} onChange={patch} suggest={suggest} />}
        <FiltersEditor query={query} onChange={patch} suggest={suggest} />
        <CommonOptions query={query} onChange={patch} />
      </ErrorBoundaryAlert>
    </Stack>
  );
}
