import React from 'react';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';
import { QUERY_GROUPS, TYPE_INFO } from '../../query/catalog';
import { QUERY_TYPES, QueryType } from '../../types';
import { LABEL_WIDTH } from '../fields/Fields';

/** Every query type, grouped as in the catalog (Web vitals, Web analytics, Errors & issues…). */
export const TYPE_OPTIONS: Array<ComboboxOption<QueryType>> = QUERY_GROUPS.flatMap((group) =>
  QUERY_TYPES.filter((type) => TYPE_INFO[type].group === group).map((type) => ({
    value: type,
    label: TYPE_INFO[type].label,
    description: TYPE_INFO[type].description,
    group,
  }))
);

export function TypeField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: QueryType;
  onChange: (type: QueryType) => void;
}) {
  return (
    <InlineField label="Query" labelWidth={LABEL_WIDTH} htmlFor={id}>
      <Combobox id={id} width={30} options={TYPE_OPTIONS} value={value} onChange={(option) => onChange(option.value)} />
    </InlineField>
  );
}
