/**
 * Small inputs shared by the query, variable and annotation editors. Each is a labelled
 * InlineField around one @grafana/ui control; text inputs commit on blur or Enter so a query does
 * not run on every keystroke.
 */
import React, { KeyboardEvent, useState } from 'react';
import {
  Combobox,
  ComboboxOption,
  InlineField,
  InlineSwitch,
  Input,
  MultiCombobox,
  RadioButtonGroup,
  TagsInput,
} from '@grafana/ui';
import { labelOf } from '../../query/catalog';
import { hasVariable } from '../../query/coerce';

export const LABEL_WIDTH = 16;

/** Loads suggestions for what was typed so far. */
export type Loader = (search: string) => Promise<Array<ComboboxOption<string>>>;

interface FieldProps {
  id: string;
  label: string;
  tooltip?: string;
}

const options = (values: readonly string[]): Array<ComboboxOption<string>> =>
  values.map((value) => ({ value, label: labelOf(value) }));

/**
 * One of a few values: radio buttons; a longer list (or a $variable value) gets a combobox,
 * which also takes a typed $variable unless `fixed`.
 */
export function EnumField(
  props: FieldProps & { value?: string; values: readonly string[]; onChange: (v: string) => void; fixed?: boolean }
) {
  const { id, label, tooltip, value, values, onChange, fixed } = props;
  const radios = values.length <= 5 && !(value && hasVariable(value));
  // A radio group is labelled by aria-label: a <label for> cannot point at a group.
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={radios ? undefined : id}>
      {radios ? (
        <RadioButtonGroup id={id} aria-label={label} options={options(values)} value={value} onChange={onChange} />
      ) : (
        <Combobox
          id={id}
          width={24}
          createCustomValue={!fixed}
          options={options(values)}
          value={value ?? null}
          onChange={(o) => onChange(o.value)}
        />
      )}
    </InlineField>
  );
}

/** Several of a fixed list of values. */
export function MultiEnumField(
  props: FieldProps & {
    value?: readonly string[];
    values: readonly string[];
    onChange: (v: string[]) => void;
    placeholder?: string;
  }
) {
  const { id, label, tooltip, value, values, onChange, placeholder } = props;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <MultiCombobox
        id={id}
        width={40}
        placeholder={placeholder}
        options={options(values)}
        value={[...(value ?? [])]}
        onChange={(selected) => onChange(selected.map((o) => o.value))}
      />
    </InlineField>
  );
}

/** Free values suggested by the processor (releases, event names…); anything typed is allowed, $variables too. */
export function SuggestField(
  props: FieldProps & { value?: string; load: Loader; onChange: (v: string | undefined) => void; placeholder?: string }
) {
  const { id, label, tooltip, value, load, onChange, placeholder } = props;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <Combobox
        id={id}
        width={30}
        isClearable
        createCustomValue
        placeholder={placeholder}
        options={load}
        value={value ? { value, label: value } : null}
        onChange={(o) => onChange(o?.value || undefined)}
      />
    </InlineField>
  );
}

/** Several free values with suggestions. */
export function SuggestListField(
  props: FieldProps & { value?: string[]; load: Loader; onChange: (v: string[]) => void; placeholder?: string }
) {
  const { id, label, tooltip, value, load, onChange, placeholder } = props;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <MultiCombobox
        id={id}
        width={40}
        createCustomValue
        placeholder={placeholder}
        options={load}
        value={(value ?? []).map((v) => ({ value: v, label: v }))}
        onChange={(selected) => onChange(selected.map((o) => o.value))}
      />
    </InlineField>
  );
}

/** Free values without suggestions (ids, methods, URL templates): Enter adds one. */
export function ListField(
  props: FieldProps & { value?: string[]; onChange: (v: string[]) => void; placeholder?: string }
) {
  const { id, label, tooltip, value, onChange, placeholder } = props;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <TagsInput id={id} width={40} addOnBlur placeholder={placeholder} tags={value ?? []} onChange={onChange} />
    </InlineField>
  );
}

/** Text committed on blur or Enter. */
export function TextField(
  props: FieldProps & {
    value?: string;
    onChange: (v: string | undefined) => void;
    placeholder?: string;
    width?: number;
  }
) {
  const { id, label, tooltip, value, onChange, placeholder, width } = props;
  const [text, setText] = useState(value ?? '');
  // A new value from outside (another editor, undo) replaces what was typed.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value ?? '');
  }
  const commit = () => {
    const next = text.trim() || undefined;
    if (next !== (value || undefined)) {
      onChange(next);
    }
  };
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <Input
        id={id}
        width={width ?? 30}
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => e.key === 'Enter' && commit()}
      />
    </InlineField>
  );
}

/** A whole number committed on blur or Enter; empty means "the processor's default". */
export function NumberField(
  props: FieldProps & {
    value?: number;
    min: number;
    max: number;
    onChange: (v: number | undefined) => void;
    placeholder?: string;
  }
) {
  const { value, min, max, onChange, ...rest } = props;
  return (
    <TextField
      {...rest}
      width={12}
      value={value === undefined ? '' : String(value)}
      onChange={(text) => {
        const n = text === undefined ? NaN : Number(text);
        onChange(Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : undefined);
      }}
    />
  );
}

export function SwitchField(props: FieldProps & { value: boolean; onChange: (v: boolean) => void }) {
  const { id, label, tooltip, value, onChange } = props;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <InlineSwitch id={id} value={value} onChange={(e) => onChange(e.currentTarget.checked)} />
    </InlineField>
  );
}

/** Three states for a yes/no filter: any, yes, no. */
export function TriStateField(
  props: FieldProps & { value?: boolean; onChange: (v: boolean | undefined) => void; labels: [string, string, string] }
) {
  const { id, label, tooltip, value, onChange, labels } = props;
  const current = value === undefined ? 'any' : value ? 'yes' : 'no';
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <RadioButtonGroup
        id={id}
        aria-label={label}
        options={[
          { value: 'any', label: labels[0] },
          { value: 'yes', label: labels[1] },
          { value: 'no', label: labels[2] },
        ]}
        value={current}
        onChange={(v) => onChange(v === 'any' ? undefined : v === 'yes')}
      />
    </InlineField>
  );
}
