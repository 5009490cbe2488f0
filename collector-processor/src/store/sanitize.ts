/**
 * Makes every value of a row valid for its ClickHouse column before the row is written to the WAL
 * and acknowledged. A value ClickHouse cannot parse fails the whole insert, and the batch writer
 * would retry that batch forever (issue #12), so nothing that reaches the WAL may be rejected for
 * its data. Driven by store/columns.ts (checked against the real schema):
 *
 * - integers are rounded and clamped to their type's range (UInt64 to 2^53 - 1, the largest
 *   integer a JS number holds exactly), so JSON never carries `1.5`, `-7` or `1e+30` for them;
 * - floats are finite (NaN and ±Infinity become 0), Float32 clamped to its range;
 * - strings, map keys and values, and array elements are well-formed UTF-16, so JSON.stringify
 *   never writes a lone surrogate escape (`\ud800`), which ClickHouse refuses; a lone surrogate
 *   becomes U+FFFD;
 * - the arrays of a Nested column (`frames.*`) have one length: ClickHouse refuses a row whose
 *   subcolumns differ (an omitted one counts as empty), so shorter ones are padded with defaults;
 * - DateTime64(3) values are "epochSeconds.mmm" with 10-digit seconds (ClickHouse reads fewer or
 *   more digits as a date text and fails); anything else becomes the current time (a far-past
 *   time would be dropped at once by the retention TTL). Event times are already held to a
 *   window around the receive time by pipeline/map/timestamps.ts, so this is a safety net.
 *
 * Values are fixed in place, counted, and otherwise left as they are: a valid row is not copied.
 */
import { COLUMN_TYPES, type ColumnType } from './columns';
import type { RumRows, SignalTable, WalTable } from './rows';
import { SIGNAL_TABLES } from './rows';

/** Returns the value itself when it is valid, else a valid replacement. */
type Fixer = (value: unknown) => unknown;

type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/**
 * A number for any value, never throwing: Number() throws on symbols and on objects without a
 * prototype, and a throw here would lose the whole request.
 */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return Number(v);
  return NaN;
}

/** Text for any value, never throwing (JSON.stringify throws on BigInt and cycles). */
function toText(v: unknown): string {
  if (typeof v === 'symbol' || typeof v === 'function') return '';
  if (typeof v !== 'object') return String(v);
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

function fixString(v: unknown): unknown {
  if (typeof v === 'string') {
    // isWellFormed is a fast scan; only strings with a lone surrogate are copied.
    return (v as unknown as WellFormed).isWellFormed() ? v : (v as unknown as WellFormed).toWellFormed();
  }
  if (v === undefined || v === null) return v;
  return fixString(toText(v));
}

function integerFixer(min: number, max: number): Fixer {
  return (v) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    const n = toNumber(v);
    if (Number.isNaN(n)) return 0;
    return Math.min(max, Math.max(min, Math.round(n)));
  };
}

const FLOAT32_MAX = 3.4028234663852886e38;

function floatFixer(max: number): Fixer {
  return (v) => {
    if (typeof v === 'number' && Number.isFinite(v) && v >= -max && v <= max) return v;
    const n = toNumber(v);
    if (!Number.isFinite(n)) return 0;
    return Math.min(max, Math.max(-max, n));
  };
}

/**
 * Seconds with exactly 10 digits (2001-09-09 to 2286): the DateTime64 text ClickHouse parses as
 * epoch time. Up to 2106-02-07, the last day a weekly partition's Date can hold.
 */
const DATETIME64 = /^\d{10}\.\d{3}$/;
const MAX_SECONDS = 4_294_967_295;
/** Texts of equal length and all digits compare as their numbers do. */
const MAX_TEXT = `${MAX_SECONDS}.999`;

function fixDateTime64(v: unknown): unknown {
  if (typeof v === 'string' && v.length === 14 && v <= MAX_TEXT && DATETIME64.test(v)) return v;
  const seconds = toNumber(v);
  const ms = seconds >= 1e9 && seconds <= MAX_SECONDS ? Math.round(seconds * 1000) : Date.now();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}

function isValidString(v: unknown): boolean {
  return typeof v === 'string' && (v as unknown as WellFormed).isWellFormed();
}

function fixStringMap(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const map = v as Record<string, unknown>;
  let valid = true;
  for (const k in map) {
    if (!isValidString(map[k]) || !isValidString(k)) {
      valid = false;
      break;
    }
  }
  if (valid) return v;
  const out: Record<string, string> = {};
  for (const k in map) {
    const value = map[k];
    if (value === undefined || value === null) continue;
    out[fixString(k) as string] = fixString(value) as string;
  }
  return out;
}

const fixFloat64 = floatFixer(Number.MAX_VALUE);

/** Keys well-formed, values finite numbers (anything else becomes 0, as a Float64 column's). */
function fixNumberMap(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const map = v as Record<string, unknown>;
  let valid = true;
  for (const k in map) {
    if (fixFloat64(map[k]) !== map[k] || !isValidString(k)) {
      valid = false;
      break;
    }
  }
  if (valid) return v;
  const out: Record<string, number> = {};
  for (const k in map) out[fixString(k) as string] = fixFloat64(map[k]) as number;
  return out;
}

function arrayFixer(element: Fixer): Fixer {
  return (v) => {
    if (!Array.isArray(v)) return [];
    for (let i = 0; i < v.length; i++) {
      if (element(v[i]) !== v[i])
        return v.map((e) => (e === undefined || e === null ? element('') : element(e)));
    }
    return v;
  };
}

const INTEGER_RANGES = {
  UInt8: [0, 255],
  UInt16: [0, 65_535],
  UInt32: [0, 4_294_967_295],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
} as const;

function fixerFor(type: ColumnType): Fixer {
  switch (type) {
    case 'String':
    case 'LowCardinality(String)':
      return fixString;
    case 'UInt8':
    case 'UInt16':
    case 'UInt32':
    case 'UInt64': {
      const [min, max] = INTEGER_RANGES[type];
      return integerFixer(min, max);
    }
    case 'Float32':
      return floatFixer(FLOAT32_MAX);
    case 'Float64':
      return floatFixer(Number.MAX_VALUE);
    case 'DateTime64(3)':
      return fixDateTime64;
    case 'Map(LowCardinality(String), String)':
      return fixStringMap;
    case 'Map(LowCardinality(String), Float64)':
      return fixNumberMap;
    case 'Array(String)':
      return arrayFixer(fixString);
    case 'Array(UInt8)':
      return arrayFixer(integerFixer(...INTEGER_RANGES.UInt8));
    case 'Array(UInt32)':
      return arrayFixer(integerFixer(...INTEGER_RANGES.UInt32));
    default:
      throw new Error(`no sanitiser for ClickHouse type ${String(type)}: add one to store/sanitize.ts`);
  }
}

const TABLES = Object.keys(COLUMN_TYPES) as WalTable[];

const FIXERS = new Map<WalTable, Map<string, Fixer>>(
  TABLES.map((table) => [
    table,
    new Map(Object.entries(COLUMN_TYPES[table]).map(([column, type]) => [column, fixerFor(type)])),
  ]),
);

interface NestedColumn {
  name: string;
  /** What a padded element holds: the element type's default. */
  empty: '' | 0;
}

/** Per table, the groups of `name.sub` Array columns that form one Nested structure. */
const NESTED = new Map<WalTable, NestedColumn[][]>(
  TABLES.map((table) => {
    const groups = new Map<string, NestedColumn[]>();
    for (const [name, type] of Object.entries(COLUMN_TYPES[table])) {
      const dot = name.indexOf('.');
      if (dot < 0 || !type.startsWith('Array(')) continue;
      const prefix = name.slice(0, dot);
      if (!groups.has(prefix)) groups.set(prefix, []);
      groups.get(prefix)!.push({ name, empty: type === 'Array(String)' ? '' : 0 });
    }
    return [table, [...groups.values()]];
  }),
);

function lengthOf(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

/** Pads the subcolumns of each Nested group to the longest one; returns how many it padded. */
function equaliseNested(groups: NestedColumn[][], record: Record<string, unknown>): number {
  let changed = 0;
  for (const group of groups) {
    const first = lengthOf(record[group[0].name]);
    let max = first;
    let equal = true;
    for (let i = 1; i < group.length; i++) {
      const n = lengthOf(record[group[i].name]);
      if (n !== first) equal = false;
      if (n > max) max = n;
    }
    if (equal) continue;
    for (const { name, empty } of group) {
      const list = Array.isArray(record[name]) ? (record[name] as unknown[]) : [];
      if (list.length === max) continue;
      record[name] = list.concat(new Array<unknown>(max - list.length).fill(empty));
      changed++;
    }
  }
  return changed;
}

/** The columns of a table as (name, fixer) pairs: a plain loop, no per-key lookup. */
const PLANS = new Map<WalTable, { names: string[]; fixers: Fixer[] }>(
  TABLES.map((table) => {
    const fixers = FIXERS.get(table)!;
    return [table, { names: [...fixers.keys()], fixers: [...fixers.values()] }];
  }),
);

/**
 * Fixes one row in place; returns how many values it changed. Only columns are looked at: a
 * field with no column (the compiler keeps row types and COLUMN_TYPES in step) would be skipped
 * by ClickHouse (input_format_skip_unknown_fields, on by default).
 */
export function sanitizeRow(table: WalTable, row: object): number {
  const plan = PLANS.get(table);
  if (plan === undefined) throw new Error(`no column types for table ${table}`);
  const record = row as Record<string, unknown>;
  const { names, fixers } = plan;
  let changed = 0;
  for (let i = 0; i < names.length; i++) {
    const value = record[names[i]];
    // rowToJsonLine omits these; ClickHouse stores the column's default.
    if (value === '' || value === 0 || value === undefined || value === null) continue;
    const fixed = fixers[i](value);
    if (fixed !== value) {
      record[names[i]] = fixed;
      changed++;
    }
  }
  const nested = NESTED.get(table)!;
  return nested.length === 0 ? changed : changed + equaliseNested(nested, record);
}

/** Fixes every row in place; returns the number of values changed per table (tables with any). */
export function sanitizeRows(rows: RumRows): Partial<Record<SignalTable, number>> {
  const changed: Partial<Record<SignalTable, number>> = {};
  for (const table of SIGNAL_TABLES) {
    let n = 0;
    for (const row of rows[table]) n += sanitizeRow(table, row);
    if (n > 0) changed[table] = n;
  }
  return changed;
}
