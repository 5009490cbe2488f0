/**
 * The scrub stage: PII is replaced with typed placeholders before rows reach the WAL, so nothing
 * sensitive is ever written to disk or ClickHouse. Runs after symbolicate (source context lines
 * are scrubbed too) and before fingerprint (issues group on what is stored). docs/privacy.md.
 *
 * Which columns, and how, comes from the schema table (store/columns.ts): each column there has a
 * scrub kind or `never` with a reason, so a new column cannot be left out of this list silently.
 */
import type { Stage } from '../pipeline/stages';
import { defaultSettings } from '../projects/settings';
import type { ScrubKind, TableSpec } from '../store/column-spec';
import { SCHEMA, scrubbedColumnsOf } from '../store/columns';
import { SIGNAL_TABLES, type RumRows, type SignalTable } from '../store/rows';
import { scrubberFor, type Scrubber } from './scrubber';

export { PLACEHOLDER } from './detectors';
export { scrubberFor, Scrubber } from './scrubber';

/** How a column is scrubbed; `[]` suffix: every element of an array column. */
type Kind = ScrubKind;

type ColumnsByTable = Record<SignalTable, [string, Kind][]>;

/** The string map whose values a `numbers` column copies as numbers. */
const NUMBER_TEXT: Record<string, string> = { properties_num: 'properties' };

/**
 * A `numbers` column is judged by the scrubbed copy of its text column, so that one must be
 * scrubbed first: refuse a table that lists them the other way round (fails at start-up).
 */
function checkedOrder(table: string, columns: [string, Kind][]): [string, Kind][] {
  const seen = new Set<string>();
  for (const [column, kind] of columns) {
    const text = NUMBER_TEXT[column];
    if (kind === 'numbers' && !(text && seen.has(text)))
      throw new Error(`${table}.${column}: a numbers column must follow its text column (${text ?? 'none'})`);
    seen.add(column);
  }
  return columns;
}

/** Per signal table, the (column, kind) pairs to scrub, in the schema table's order. */
export function scrubbedColumns(schema: { readonly [T in SignalTable]: TableSpec }): ColumnsByTable {
  return Object.fromEntries(
    SIGNAL_TABLES.map((t) => [t, checkedOrder(t, scrubbedColumnsOf(schema[t]))]),
  ) as ColumnsByTable;
}

function each(list: string[], f: (s: string) => string): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const clean = f(list[i]);
    if (clean !== list[i]) (out ??= list.slice())[i] = clean;
  }
  return out ?? list;
}

function scrubValue(s: Scrubber, kind: Kind, v: unknown): unknown {
  switch (kind) {
    case 'text':
      return s.text(v as string);
    case 'patterns':
      return s.patterns(v as string);
    case 'url':
      return s.url(v as string);
    case 'json':
      return s.json(v as string);
    case 'auto':
      return v ? s.auto(v as string) : v;
    case 'map':
      return s.map(v as Record<string, string>);
    case 'numbers':
      return v; // by its text column, in scrubRow
    case 'url[]':
      return each(v as string[], (x) => s.url(x));
    case 'text[]':
      return each(v as string[], (x) => s.text(x));
    case 'json[]':
      return each(v as string[], (x) => s.json(x));
  }
}

/**
 * A number has no placeholder: an entry is dropped when its text in the string map was scrubbed
 * (a card number or a `password` sent as a number), judged by that map's scrubbed copy so the
 * detectors run once per value. When the text map is unchanged, so are the numbers.
 */
function scrubNumbers(
  numbers: Record<string, number>,
  text: Record<string, string> | undefined,
  scrubbed: Record<string, string> | undefined,
): Record<string, number> {
  if (scrubbed === text) return numbers;
  let out: Record<string, number> | undefined;
  for (const k in numbers) {
    if (scrubbed?.[k] === String(numbers[k])) continue;
    out ??= { ...numbers };
    delete out[k];
  }
  return out ?? numbers;
}

/** A scrubbed copy of the row, or the row itself when nothing in it changed. */
export function scrubRow<T extends object>(row: T, columns: readonly [string, Kind][], s: Scrubber): T {
  let out: Record<string, unknown> | undefined;
  for (const [column, kind] of columns) {
    const v = (row as Record<string, unknown>)[column];
    if (v === undefined || v === null || v === '') continue;
    const textColumn = NUMBER_TEXT[column];
    const clean =
      kind === 'numbers' && textColumn
        ? scrubNumbers(
            v as Record<string, number>,
            (row as Record<string, never>)[textColumn],
            ((out ?? row) as Record<string, never>)[textColumn],
          )
        : scrubValue(s, kind, v);
    if (clean !== v) (out ??= { ...row } as Record<string, unknown>)[column] = clean;
  }
  return (out as T | undefined) ?? row;
}

const DEFAULTS = defaultSettings().scrubbing;

/** Per signal table, every column the scrub stage scrubs and how: read from store/columns.ts. */
export const SCRUBBED_COLUMNS: Readonly<ColumnsByTable> = scrubbedColumns(SCHEMA);

/** A scrub stage over the given columns; `scrub` below is the one over the schema table. */
export function scrubStage(columnsByTable: Readonly<ColumnsByTable>): Stage {
  return (rows, { project }) => {
    // Projects always carry settings; a hand-built one in a test may not, and gets the defaults.
    const s = scrubberFor(project.settings?.scrubbing ?? DEFAULTS);
    let out: RumRows | undefined;
    for (const table of SIGNAL_TABLES) {
      const columns = columnsByTable[table];
      const list = rows[table] as object[];
      let cleanList: object[] | undefined;
      for (let i = 0; i < list.length; i++) {
        const clean = scrubRow(list[i], columns, s);
        if (clean !== list[i]) (cleanList ??= list.slice())[i] = clean;
      }
      if (cleanList) (out ??= { ...rows })[table] = cleanList as never;
    }
    return out ?? rows;
  };
}

export const scrub: Stage = scrubStage(SCRUBBED_COLUMNS);
