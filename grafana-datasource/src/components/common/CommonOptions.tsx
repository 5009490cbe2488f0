import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { dimensionsOf } from '../../query/catalog';
import { DEFAULT_LIMIT, Dimension, MAX_GROUP_BY, MAX_LIMIT, MIN_LIMIT } from '../../types';
import { MultiEnumField, NumberField, SwitchField } from '../fields/Fields';
import { fieldId, TypeEditorProps } from '../editors/types';

/** Group-by, limit and bots: options every query type shares. */
export function CommonOptions({ query, onChange }: Pick<TypeEditorProps, 'query' | 'onChange'>) {
  return (
    <InlineFieldRow>
      <MultiEnumField
        id={fieldId(query, 'groupBy')}
        label="Group by"
        tooltip={`Up to ${MAX_GROUP_BY} dimensions; a dashboard "group by" variable adds its keys`}
        placeholder="No grouping"
        values={dimensionsOf(query.type)}
        value={query.groupBy}
        onChange={(values) => onChange({ groupBy: values.slice(0, MAX_GROUP_BY) as Dimension[] })}
      />
      <NumberField
        id={fieldId(query, 'limit')}
        label="Limit"
        tooltip={`Most rows (tables, top lists); empty = the processor's default (${DEFAULT_LIMIT})`}
        placeholder={String(DEFAULT_LIMIT)}
        min={MIN_LIMIT}
        max={MAX_LIMIT}
        value={query.limit}
        onChange={(limit) => onChange({ limit })}
      />
      <SwitchField
        id={fieldId(query, 'includeBots')}
        label="Include bots"
        tooltip="Bots and headless browsers are left out unless this is on"
        value={query.includeBots}
        onChange={(includeBots) => onChange({ includeBots })}
      />
    </InlineFieldRow>
  );
}
