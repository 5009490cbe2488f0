/**
 * Grafana's ad-hoc filters (dashboard filter bar) to the processor's filters and exclusions. The
 * processor matches exact values, so only "=" / "!=" (and their multi-value forms "=|" / "!=|")
 * can be applied; other operators are left out and said so in a notice on the panel.
 */
import { AdHocVariableFilter } from '@grafana/data';
import { FILTER_KEYS, FilterKey } from '../types';

export type ResolvedFilters = Partial<Record<FilterKey, string[]>>;

export interface AdHocResult {
  filters: ResolvedFilters;
  exclude: ResolvedFilters;
  notices: string[];
  /** Set when an ad-hoc filter and the query's own filter on the same key share no value. */
  conflict?: string;
}

const INCLUDE = new Set(['=', '=|']);
const EXCLUDE = new Set(['!=', '!=|']);

function valuesOf(filter: AdHocVariableFilter): string[] {
  const values = filter.values && filter.values.length > 0 ? filter.values : [filter.value];
  return values.filter((v) => typeof v === 'string' && v !== '');
}

/** Query filters AND ad-hoc filters: per key, the values both allow; exclusions add up. */
export function applyAdHocFilters(
  filters: ResolvedFilters,
  exclude: ResolvedFilters,
  adhoc: AdHocVariableFilter[] = []
): AdHocResult {
  const out: AdHocResult = { filters: { ...filters }, exclude: { ...exclude }, notices: [] };
  for (const filter of adhoc) {
    const key = FILTER_KEYS.find((k) => k === filter.key);
    const values = valuesOf(filter);
    if (!key) {
      out.notices.push(
        `The ad-hoc filter on "${filter.key}" was not applied: PulseTrace filters by ${FILTER_KEYS.join(', ')}.`
      );
      continue;
    }
    if (values.length === 0) {
      continue;
    }
    if (INCLUDE.has(filter.operator)) {
      const current = out.filters[key];
      const allowed = current ? current.filter((v) => values.includes(v)) : values;
      if (allowed.length === 0) {
        out.conflict = `The ad-hoc filter ${key} = ${values.join(', ')} and this query's ${key} filter (${current!.join(
          ', '
        )}) have no value in common, so there is nothing to show.`;
      }
      out.filters[key] = allowed;
    } else if (EXCLUDE.has(filter.operator)) {
      out.exclude[key] = [...new Set([...(out.exclude[key] ?? []), ...values])];
    } else {
      out.notices.push(
        `The ad-hoc filter ${filter.key} ${filter.operator} ${values.join(', ')} was not applied: PulseTrace supports = and != only.`
      );
    }
  }
  return out;
}
