import type { Project } from '../projects/project-store';
import { ProjectSettingsSchema } from '../projects/settings';
import {
  isStringColumnType,
  never,
  type ColumnSpec,
  type ScrubKind,
  type TableSpec,
} from '../store/column-spec';
import { PAGE_VIEWS, SCHEMA, scrubbedColumnsOf } from '../store/columns';
import { emptyRumRows, SIGNAL_TABLES, WAL_TABLES, type RumRows, type SignalTable } from '../store/rows';
import { toDateTime64 } from '../store/time';
import { scrub, scrubbedColumns, scrubStage, SCRUBBED_COLUMNS } from './index';
import { leaks } from './testkit';

// The scrub stage reads its columns from the schema table (store/columns.ts). These tests walk the
// table itself, so a column added there is covered here without naming it.

const project = { id: 'p', settings: ProjectSettingsSchema.parse({}) } as unknown as Project;
const ctx = { project, receivedAtMs: 0, client: {} };
const EMAIL = 'alice@example.com';

/** A row of the table with neutral values, built from the column types alone. */
function neutralRow(spec: TableSpec): Record<string, unknown> {
  const empty = (c: ColumnSpec): unknown => {
    if (c.type === 'DateTime64(3)') return toDateTime64(Date.now());
    if (c.type.startsWith('Map(')) return {};
    if (c.type.startsWith('Array(')) return [];
    return isStringColumnType(c.type) ? '' : 0;
  };
  return Object.fromEntries(Object.entries(spec).map(([column, c]) => [column, empty(c)]));
}

/** An email in the shape a column of this kind holds. */
function emailShaped(kind: ScrubKind | 'never', type: string): unknown {
  switch (kind) {
    case 'url':
      return `https://shop.example/account?email=${encodeURIComponent(EMAIL)}`;
    case 'json':
      return JSON.stringify({ message: `no account for ${EMAIL}` });
    case 'url[]':
      return [`https://shop.example/u/${EMAIL}/app.js`];
    case 'text[]':
      return [`greet ${EMAIL}`];
    case 'json[]':
      return [JSON.stringify({ pre: [], line: `send("${EMAIL}")`, post: [] })];
    case 'map':
      return { note: `from ${EMAIL}` };
    default:
      if (type.startsWith('Map(')) return { note: EMAIL };
      if (type.startsWith('Array(')) return [EMAIL];
      return `user ${EMAIL}`;
  }
}

async function scrubOne(table: SignalTable, row: Record<string, unknown>, stage = scrub) {
  const rows = emptyRumRows();
  (rows[table] as unknown[]).push(row);
  return ((await stage(rows, ctx)) as RumRows)[table][0] as unknown as Record<string, unknown>;
}

const stringColumns = SIGNAL_TABLES.flatMap((table) =>
  Object.entries(SCHEMA[table])
    .filter(([, c]) => isStringColumnType(c.type))
    .map(([column, c]) => [table, column, typeof c.scrub === 'string' ? c.scrub : 'never'] as const),
);

describe('the scrub stage follows the schema table', () => {
  it.each(stringColumns.filter(([, , kind]) => kind !== 'never'))(
    '%s.%s (%s): an email in it is gone',
    async (table, column, kind) => {
      const row = neutralRow(SCHEMA[table]);
      row[column] = emailShaped(kind, SCHEMA[table][column].type);
      const out = await scrubOne(table, row);
      expect(leaks(JSON.stringify(out[column]), EMAIL)).toBe(false);
    },
  );

  // Proves the list is exactly the table: a column marked never is really left alone.
  it.each(stringColumns.filter(([, , kind]) => kind === 'never'))(
    '%s.%s (never): kept as received',
    async (table, column) => {
      const row = neutralRow(SCHEMA[table]);
      row[column] = emailShaped('never', SCHEMA[table][column].type);
      const out = await scrubOne(table, row);
      expect(out[column]).toEqual(row[column]);
    },
  );

  it('a numbers column drops what its text column lost', async () => {
    const row = neutralRow(SCHEMA.custom_events);
    row.properties = { card: '4111111111111111', qty: '3' };
    row.properties_num = { card: 4111111111111111, qty: 3 };
    expect((await scrubOne('custom_events', row)).properties_num).toEqual({ qty: 3 });
  });

  it('a column added to the table with a policy is scrubbed, with no change to privacy/', async () => {
    const schema = {
      ...SCHEMA,
      page_views: {
        ...PAGE_VIEWS,
        nickname: { type: 'String', scrub: 'text' },
        plan: { type: 'String', scrub: never('test: an enum') },
      },
    } as const satisfies { [T in SignalTable]: TableSpec };
    const stage = scrubStage(scrubbedColumns(schema));
    const row = { ...neutralRow(schema.page_views), nickname: `hi ${EMAIL}`, plan: EMAIL };
    const out = await scrubOne('page_views', row, stage);
    expect(out).toMatchObject({ nickname: 'hi [email]', plan: EMAIL });
  });

  it('gives no scrub kind to a table the stage does not see (WAL-only tables)', () => {
    const walOnly = WAL_TABLES.filter((t) => !(SIGNAL_TABLES as readonly string[]).includes(t));
    expect(walOnly).toEqual(['ingest_batches']);
    for (const t of walOnly) expect(scrubbedColumnsOf(SCHEMA[t])).toEqual([]);
  });

  it('scrubs properties before properties_num, and refuses the other order', () => {
    const order = SCRUBBED_COLUMNS.custom_events.map(([c]) => c);
    expect(order.indexOf('properties')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('properties')).toBeLessThan(order.indexOf('properties_num'));

    const { properties_num, ...rest } = SCHEMA.custom_events;
    const reversed = { ...SCHEMA, custom_events: { properties_num, ...rest } };
    expect(() => scrubbedColumns(reversed)).toThrow(/properties_num: a numbers column must follow/);
  });
});
