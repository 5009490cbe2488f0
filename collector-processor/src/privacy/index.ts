/**
 * The scrub stage: PII is replaced with typed placeholders before rows reach the WAL, so nothing
 * sensitive is ever written to disk or ClickHouse. Runs after symbolicate (source context lines
 * are scrubbed too) and before fingerprint (issues group on what is stored). docs/privacy.md.
 *
 * Never scrubbed: ids (event, trace, span, session, page view, visitor, user), project and
 * retention, times, release, environment, service and SDK names, browser/OS/device/geo columns,
 * user_agent, exception_type, fingerprint/grouping columns, hosts, numbers.
 */
import type { Stage } from '../pipeline/stages';
import { defaultSettings } from '../projects/settings';
import { SIGNAL_TABLES, type RumRows, type SignalTable } from '../store/rows';
import { scrubberFor, type Scrubber } from './scrubber';

export { PLACEHOLDER } from './detectors';
export { scrubberFor, Scrubber } from './scrubber';

/** How a column is scrubbed; `[]` suffix: every element of an array column. */
type Kind = 'text' | 'patterns' | 'url' | 'json' | 'map' | 'numbers' | 'auto' | 'url[]' | 'text[]' | 'json[]';

const COMMON: [string, Kind][] = [
  ['url', 'url'],
  // Already templated by the mapper (`/users/:id`), but a route may still carry an email.
  ['route', 'patterns'],
  ['attributes', 'map'],
];

/** Per table, the columns that can carry PII besides the common ones. */
export const SCRUBBED_COLUMNS: Record<SignalTable, [string, Kind][]> = {
  page_views: [
    ['title', 'text'],
    ['referrer', 'url'],
    // Copies of page URL parameters: scrubbed like the URL's values.
    ['utm_source', 'text'],
    ['utm_medium', 'text'],
    ['utm_campaign', 'text'],
    ['utm_term', 'text'],
    ['utm_content', 'text'],
  ],
  web_vitals: [['attribution', 'map']],
  errors: [
    ['exception_message', 'text'],
    ['stacktrace', 'text'],
    ['frames.filename', 'url[]'],
    ['frames.abs_path', 'url[]'],
    ['frames.function', 'text[]'],
    ['frames.raw_function', 'text[]'],
    ['frames.context', 'json[]'],
    ['causes', 'json'],
    ['breadcrumbs', 'json'],
  ],
  custom_events: [
    ['name', 'patterns'],
    ['properties', 'map'],
    // The numeric copies of properties: must come after them (scrubRow).
    ['properties_num', 'numbers'],
  ],
  http_requests: [
    ['http_url', 'url'],
    ['url_template', 'patterns'],
    // Falls back to the span's status message, which instrumentations fill with free text.
    ['error_type', 'text'],
  ],
  long_tasks: [
    ['script_url', 'url'],
    ['invoker', 'auto'],
  ],
  resources: [['resource_url', 'url']],
};

const COLUMNS = Object.fromEntries(
  SIGNAL_TABLES.map((t) => [t, [...COMMON, ...SCRUBBED_COLUMNS[t]]]),
) as Record<SignalTable, [string, Kind][]>;

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

/** The string map whose values a `numbers` column copies as numbers. */
const NUMBER_TEXT: Record<string, string> = { properties_num: 'properties' };

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

export const scrub: Stage = (rows, { project }) => {
  // Projects always carry settings; a hand-built one in a test may not, and gets the defaults.
  const s = scrubberFor(project.settings?.scrubbing ?? DEFAULTS);
  let out: RumRows | undefined;
  for (const table of SIGNAL_TABLES) {
    const columns = COLUMNS[table];
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
