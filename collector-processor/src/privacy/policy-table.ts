/**
 * docs/privacy.md's "which columns" tables, rendered from the schema table (store/columns.ts) so
 * the doc cannot drift from what the scrub stage does. Written by
 * `node --import tsx collector-processor/scripts/write-scrub-table.ts`; policy-table.test.ts fails
 * when the doc is stale.
 */
import { isStringColumnType, type ScrubKind, type TableSpec } from '../store/column-spec';
import { COMMON, SCHEMA } from '../store/columns';
import { WAL_TABLES, type WalTable } from '../store/rows';

export const BEGIN_MARK = '<!-- scrub-policy:begin (generated from src/store/columns.ts; do not edit) -->';
export const END_MARK = '<!-- scrub-policy:end -->';

const KIND_WORDS: Record<ScrubKind, string> = {
  text: 'text',
  patterns: 'value patterns',
  url: 'URL',
  json: 'JSON',
  map: 'map',
  numbers: 'dropped where `properties` is scrubbed',
  auto: 'URL or text',
  'url[]': 'URL, each',
  'text[]': 'text, each',
  'json[]': 'JSON, each',
};

/** Columns every signal table shares are listed once, under `all`. */
function ownColumns(table: WalTable): [string, TableSpec[string]][] {
  const spec = SCHEMA[table];
  const isSignal = table !== 'ingest_batches';
  return Object.entries(spec).filter(([column]) => !(isSignal && column in COMMON));
}

function markdownTable(head: [string, string], rows: [string, string][]): string {
  const width = [0, 1].map((i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: [string, string]) => `| ${r[0].padEnd(width[0])} | ${r[1].padEnd(width[1])} |`;
  const rule = `| ${'-'.repeat(width[0])} | ${'-'.repeat(width[1])} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function scrubPolicyTables(): string {
  const groups: [string, [string, TableSpec[string]][]][] = [
    ['all', Object.entries(COMMON)],
    ...WAL_TABLES.map((t): [string, [string, TableSpec[string]][]] => [t, ownColumns(t)]),
  ];
  const scrubbed: [string, string][] = [];
  const reasons = new Map<string, string[]>();
  for (const [group, columns] of groups) {
    const here: string[] = [];
    for (const [column, c] of columns) {
      if (typeof c.scrub === 'string') here.push(`\`${column}\` (${KIND_WORDS[c.scrub]})`);
      else if (c.scrub && isStringColumnType(c.type)) {
        const name = group === 'all' ? `\`${column}\`` : `\`${group}.${column}\``;
        reasons.set(c.scrub.never, [...(reasons.get(c.scrub.never) ?? []), name]);
      }
    }
    if (here.length) scrubbed.push([group === 'all' ? 'all' : `\`${group}\``, here.join(', ')]);
  }
  return [
    BEGIN_MARK,
    '',
    markdownTable(['Table', 'Scrubbed columns (how)'], scrubbed),
    '',
    'Text columns stored as received (numbers and times are never scrubbed):',
    '',
    markdownTable(
      ['Why', 'Columns (`all`: every signal table)'],
      [...reasons].map(([why, cs]) => [why, cs.join(', ')]),
    ),
    '',
    END_MARK,
  ].join('\n');
}

/** The doc with its generated section replaced by `tables`. */
export function withPolicyTables(doc: string, tables: string): string {
  const begin = doc.indexOf(BEGIN_MARK);
  const end = doc.indexOf(END_MARK);
  if (begin < 0 || end < begin)
    throw new Error(`docs/privacy.md lacks the ${BEGIN_MARK} … ${END_MARK} section`);
  return doc.slice(0, begin) + tables + doc.slice(end + END_MARK.length);
}
