/**
 * Filters and exclusions as rows: key, = or !=, values (suggested from the values endpoint for
 * keys that have one; any typed value or $variable is accepted).
 */
import React, { useState } from 'react';
import {
  Button,
  Combobox,
  IconButton,
  InlineField,
  InlineFieldRow,
  MultiCombobox,
  RadioButtonGroup,
} from '@grafana/ui';
import { FILTER_VALUES, filterKeysOf, labelOf } from '../../query/catalog';
import { FilterOp, FilterRow, nextFreeKey, removeRow, rowsOf, setRow } from '../../query/filterRows';
import { FilterKey, PulseTraceQuery, QueryType } from '../../types';
import { FILTER_VALUE_KINDS } from '../../api/client';
import { Loader, LABEL_WIDTH } from '../fields/Fields';
import { TypeEditorProps, fieldId } from '../editors/types';
import { variableOptions } from './suggestions';

const keyOptions = (type: QueryType) => filterKeysOf(type).map((key) => ({ value: key, label: labelOf(key) }));
const OP_OPTIONS = [
  { value: '=' as FilterOp, label: '=', description: 'is one of' },
  { value: '!=' as FilterOp, label: '!=', description: 'is none of' },
];

interface RowProps {
  id: string;
  type: QueryType;
  row: FilterRow;
  load: Loader;
  onChange: (row: FilterRow) => void;
  onRemove: () => void;
}

function FilterRowEditor({ id, type, row, load, onChange, onRemove }: RowProps) {
  return (
    <InlineFieldRow>
      <InlineField label="Filter" labelWidth={LABEL_WIDTH} htmlFor={`${id}-key`}>
        <Combobox
          id={`${id}-key`}
          width={16}
          options={keyOptions(type)}
          value={row.key}
          onChange={(o) => onChange({ ...row, key: o.value })}
        />
      </InlineField>
      <RadioButtonGroup
        aria-label={`${row.key} operator`}
        options={OP_OPTIONS}
        value={row.op}
        onChange={(op) => onChange({ ...row, op })}
      />
      <InlineField label="Values" htmlFor={`${id}-values`}>
        <MultiCombobox
          id={`${id}-values`}
          width="auto"
          minWidth={30}
          createCustomValue
          placeholder="Type or pick values"
          options={load}
          value={row.values.map((v) => ({ value: v, label: v }))}
          onChange={(selected) => onChange({ ...row, values: selected.map((o) => o.value) })}
        />
      </InlineField>
      <IconButton name="trash-alt" tooltip={`Remove the ${row.key} filter`} onClick={onRemove} />
    </InlineFieldRow>
  );
}

export function FiltersEditor({ query, onChange, suggest }: TypeEditorProps) {
  // A row being added has no values yet: it lives here until it has one.
  const [pending, setPending] = useState<FilterRow | null>(null);
  const loaderFor = (key: FilterKey): Loader => {
    const fixed = FILTER_VALUES[key];
    if (fixed) {
      // A fixed set of values (navigationType): those, then the dashboard's variables.
      return async (search) => [
        ...fixed.filter((v) => v.includes(search.toLowerCase())).map((v) => ({ value: v, label: labelOf(v) })),
        ...variableOptions(search),
      ];
    }
    const kind = FILTER_VALUE_KINDS[key];
    return kind ? suggest(kind) : async (search) => variableOptions(search);
  };
  const apply = (maps: Pick<PulseTraceQuery, 'filters' | 'exclude'>) => onChange(maps);
  return (
    <>
      {rowsOf(query).map((row) => (
        <FilterRowEditor
          key={`${row.op}${row.key}`}
          id={fieldId(query, `filter-${row.op === '=' ? 'in' : 'out'}-${row.key}`)}
          type={query.type}
          row={row}
          load={loaderFor(row.key)}
          onChange={(next) => apply(setRow(query, row, next))}
          onRemove={() => apply(removeRow(query, row.key, row.op))}
        />
      ))}
      {pending && (
        <FilterRowEditor
          id={fieldId(query, 'filter-new')}
          type={query.type}
          row={pending}
          load={loaderFor(pending.key)}
          onChange={(next) => {
            if (next.values.length > 0) {
              setPending(null);
              apply(setRow(query, undefined, next));
            } else {
              setPending(next);
            }
          }}
          onRemove={() => setPending(null)}
        />
      )}
      <InlineFieldRow>
        <Button
          variant="secondary"
          size="sm"
          icon="plus"
          disabled={pending !== null}
          onClick={() => setPending({ key: nextFreeKey(query), op: '=', values: [] })}
        >
          Add filter
        </Button>
      </InlineFieldRow>
    </>
  );
}
