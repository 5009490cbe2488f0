/**
 * A query type's options, read from whatever a saved query holds: only the type's own options,
 * each of the right kind, defaults filled in. Used by migrateQuery and when switching types.
 */
import { PERCENTILES, PulseTraceQuery, QueryType } from '../types';
import { OptionKey, OptionSpec, TYPE_INFO } from './catalog';
import { asBoolean, asInteger, asPercentile, asString, asStringList, hasVariable, matchEnum } from './coerce';

export type TypeOptions = Partial<Pick<PulseTraceQuery, OptionKey>>;

function readOption(spec: OptionSpec, raw: unknown): unknown {
  switch (spec.kind) {
    case 'enum': {
      const s = asString(raw);
      // A variable ($metric) is kept: it is checked by the processor once it has a value.
      return s !== undefined && hasVariable(s) ? s : (matchEnum(raw, spec.values) ?? spec.default);
    }
    case 'enumList': {
      const values = asStringList(raw)
        .map((v) => (hasVariable(v) ? v : matchEnum(v, spec.values)))
        .filter((v): v is string => v !== undefined);
      const distinct = [...new Set(values)];
      return distinct.length > 0 ? distinct : spec.default && [...spec.default];
    }
    case 'percentiles': {
      const values = (Array.isArray(raw) ? raw : [raw])
        .map((v) => asPercentile(v, PERCENTILES))
        .filter((v): v is number => v !== undefined);
      const distinct = [...new Set(values)].sort((a, b) => a - b);
      return distinct.length > 0 ? distinct : [...spec.default];
    }
    case 'text':
      return asString(raw);
    case 'list': {
      const values = asStringList(raw);
      return values.length > 0 ? values : undefined;
    }
    case 'bool':
      return asBoolean(raw);
    case 'integer':
      return asInteger(raw, spec.min, spec.max);
  }
}

/** The options of `type` found in `raw`, valid and with defaults; other options are left out. */
export function normalizeOptions(type: QueryType, raw: Record<string, unknown>): TypeOptions {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(TYPE_INFO[type].options) as Array<[OptionKey, OptionSpec]>) {
    const value = readOption(spec, raw[key]);
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out as TypeOptions;
}

/** What each required option is called in "X needs …" sentences. */
const OPTION_NAMES: Partial<Record<OptionKey, string>> = {
  metric: 'a metric',
  dimension: 'a dimension',
  issueId: 'an issue id',
  baseRelease: 'a base release',
  targetRelease: 'a target release',
  sessionId: 'a session id',
  propertyKey: 'a property key for this view',
  attribution: 'an attribution key for this view',
};

/** Required options that are empty, as a sentence for the panel; undefined when complete. */
export function missingOptions(type: QueryType, options: Record<string, unknown>): string | undefined {
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(TYPE_INFO[type].options) as Array<[OptionKey, OptionSpec]>) {
    const needed =
      ('required' in spec && spec.required) ||
      (spec.kind === 'text' &&
        spec.requiredWhen &&
        [spec.requiredWhen.equals].flat().includes(options[spec.requiredWhen.option] as string));
    const value = options[key];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (needed && empty) {
      missing.push(OPTION_NAMES[key] ?? key);
    }
  }
  if (missing.length === 0) {
    return undefined;
  }
  return `${TYPE_INFO[type].label} needs ${missing.join(' and ')}: fill ${missing.length > 1 ? 'them' : 'it'} in the query editor.`;
}
