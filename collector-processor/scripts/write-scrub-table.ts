/**
 * Rewrites the generated scrub-policy section of docs/privacy.md from the schema table
 * (src/store/columns.ts): `node --import tsx collector-processor/scripts/write-scrub-table.ts`.
 * src/privacy/policy-table.test.ts fails when the doc is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scrubPolicyTables, withPolicyTables } from '../src/privacy/policy-table';

export const PRIVACY_DOC = path.resolve(__dirname, '../../docs/privacy.md');

if (require.main === module) {
  const doc = fs.readFileSync(PRIVACY_DOC, 'utf8');
  fs.writeFileSync(PRIVACY_DOC, withPolicyTables(doc, scrubPolicyTables()));
  console.log(`wrote the scrub-policy tables of ${path.relative(process.cwd(), PRIVACY_DOC)}`);
}
