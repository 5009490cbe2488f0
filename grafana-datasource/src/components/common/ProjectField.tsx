import React from 'react';
import { Combobox, InlineField } from '@grafana/ui';
import type { DataSource } from '../../datasource';
import { LABEL_WIDTH } from '../fields/Fields';
import { projectOptions } from './suggestions';

interface Props {
  id: string;
  datasource: DataSource;
  value: string;
  onChange: (project: string) => void;
}

/** A project from GET /projects, a typed id or a $variable; empty = the data source's default project. */
export function ProjectField({ id, datasource, value, onChange }: Props) {
  const placeholder = datasource.defaultProject ? `Default (${datasource.defaultProject})` : 'Choose a project';
  return (
    <InlineField label="Project" labelWidth={LABEL_WIDTH} htmlFor={id} invalid={!value && !datasource.defaultProject}>
      <Combobox
        id={id}
        width={30}
        isClearable
        createCustomValue
        placeholder={placeholder}
        options={(search) => projectOptions(datasource, search)}
        value={value ? { value, label: value } : null}
        onChange={(option) => onChange(option?.value ?? '')}
      />
    </InlineField>
  );
}
