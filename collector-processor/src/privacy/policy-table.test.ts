import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA } from '../store/columns';
import { BEGIN_MARK, END_MARK, scrubPolicyTables, withPolicyTables } from './policy-table';

const DOC = join(__dirname, '../../../docs/privacy.md');

describe('docs/privacy.md scrub-policy tables', () => {
  it('match the schema table (rewrite: node --import tsx collector-processor/scripts/write-scrub-table.ts)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toBe(withPolicyTables(doc, scrubPolicyTables()));
  });

  it('name every text column with its policy', () => {
    const tables = scrubPolicyTables();
    expect(tables.startsWith(BEGIN_MARK) && tables.endsWith(END_MARK)).toBe(true);
    for (const column of ['exception_type', 'user_agent', 'web_vitals.metric_id', 'ingest_batches.batch_id'])
      expect(tables).toContain(`\`${column}\``);
    // Every reason given in the schema table shows up, next to its columns.
    for (const spec of Object.values(SCHEMA))
      for (const c of Object.values(spec))
        if (typeof c.scrub === 'object') expect(tables).toContain(`| ${c.scrub.never} `);
  });
});
