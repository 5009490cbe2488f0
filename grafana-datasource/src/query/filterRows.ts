/**
 * The filters editor shows filters and exclusions as rows "key = values" / "key != values"; these
 * pure functions turn rows back into the query's two maps.
 */
import { ALL_FILTER_KEYS, FILTER_KEYS, FilterKey, FilterMap, PulseTraceQuery } from '../types';

export type FilterOp = '=' | '!=';

export interface FilterRow {
  key: FilterKey;
  op: FilterOp;
  values: string[];
}

type Maps = Pick<PulseTraceQuery, 'filters' | 'exclude'>;

const mapName = (op: FilterOp) => (op === '=' ? 'filters' : 'exclude');

export function rowsOf(query: Maps): FilterRow[] {
  const rows: FilterRow[] = [];
  for (const key of ALL_FILTER_KEYS) {
    if (query.filters[key]) {
      rows.push({ key, op: '=', values: query.filters[key]! });
    }
  }
  for (const key of ALL_FILTER_KEYS) {
    if (query.exclude[key]) {
      rows.push({ key, op: '!=', values: query.exclude[key]! });
    }
  }
  return rows;
}

function without(map: FilterMap, key: FilterKey): FilterMap {
  const next = { ...map };
  delete next[key];
  return next;
}

/** Removes the row `key op`. */
export function removeRow(query: Maps, key: FilterKey, op: FilterOp): Maps {
  const name = mapName(op);
  return { ...query, [name]: without(query[name], key) };
}

/**
 * Replaces the row `previous` (if any) by `row`. A key appears once per operator: a row moved onto
 * a key that already has one merges its values into it. A row without values is removed.
 */
export function setRow(query: Maps, previous: { key: FilterKey; op: FilterOp } | undefined, row: FilterRow): Maps {
  const base = previous ? removeRow(query, previous.key, previous.op) : query;
  if (row.values.length === 0) {
    return base;
  }
  const name = mapName(row.op);
  const merged = [...new Set([...(base[name][row.key] ?? []), ...row.values])];
  return { ...base, [name]: { ...base[name], [row.key]: merged } };
}

/** A key for a new row: the first one the query does not filter on yet. */
export function nextFreeKey(query: Maps): FilterKey {
  return FILTER_KEYS.find((k) => !query.filters[k] && !query.exclude[k]) ?? FILTER_KEYS[0];
}
