/**
 * Writes docs/openapi.json from the zod schemas (`npm run openapi`). The datasource plugin's
 * contract test reads it, so the plugin and the processor cannot drift apart silently; the
 * processor's openapi.test.ts fails when the file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../src/query/openapi';

export const OPENAPI_FILE = path.resolve(__dirname, '../../docs/openapi.json');

if (require.main === module) {
  fs.writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
