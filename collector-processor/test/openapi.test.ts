/**
 * GET /api/openapi.json is generated from the same zod schemas the routes validate with: a JSON
 * Schema validator (ajv, draft 2020-12 as OpenAPI 3.1 uses) accepts and refuses the same queries.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import type { RunningProcessor } from '../src/processor';
import { openApiDocument } from '../src/query/openapi';
import { OPENAPI_FILE } from '../scripts/write-openapi';
import { HANDLERS, querySchema } from '../src/query/registry';
import { startTestProcessor } from './helpers/processor';
import { sampleQuery } from './helpers/sample-queries';

// Starting embedded ClickHouse can take a while on a loaded machine.
jest.setTimeout(120_000);

let p: RunningProcessor;
let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  p = await startTestProcessor();
  const res = await fetch(`${p.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
});
afterAll(() => p.stop());

const base = { project: 'p1', from: 1_700_000_000_000, to: 1_700_086_400_000 };

describe('OpenAPI document', () => {
  // Every route has its operation: test/openapi-routes.test.ts compares the app with the document.
  it('is OpenAPI 3.1 with the query, ingest, project and issue paths, served without a token', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/query',
        '/api/v1/projects/{id}/values/{kind}',
        '/api/v1/projects',
        '/api/v1/tokens',
        '/v1/traces',
        '/collect/{ingestKey}',
        '/api/v1/projects/{id}/issues/{issueId}',
      ]),
    );
    for (const h of HANDLERS) expect(doc.paths['/api/v1/query'].post.description).toContain(`\`${h.type}\``);
  });

  it('accepts exactly what the route accepts, for every query type', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(doc.components.schemas.Query);
    const zod = querySchema();
    const cases: Array<[string, Record<string, unknown>]> = HANDLERS.flatMap((h) => [
      [`${h.type} valid`, sampleQuery(h.type, base)],
      [
        `${h.type} with filters and group-by`,
        {
          ...sampleQuery(h.type, base),
          filters: { browser: ['Chrome', 'Firefox'], route: '/' },
          groupBy: ['country'],
        },
      ],
      [`${h.type} unknown field`, { ...sampleQuery(h.type, base), sql: 'SELECT 1' }],
      [`${h.type} bad group-by`, { ...sampleQuery(h.type, base), groupBy: ['project_id'] }],
      [`${h.type} no project`, { ...sampleQuery(h.type, base), project: undefined }],
    ]);
    cases.push(['unknown type', { ...base, type: 'nope' }]);
    for (const [name, q] of cases) {
      const body = JSON.parse(JSON.stringify(q));
      expect([name, validate(body)]).toEqual([name, zod.safeParse(body).success]);
    }
    expect(
      cases.filter(([n]) => n.endsWith(' valid')).every(([, q]) => validate(JSON.parse(JSON.stringify(q)))),
    ).toBe(true);
  });

  it('is what docs/openapi.json holds (the datasource plugin checks its catalog against that file)', () => {
    const stale = 'docs/openapi.json is stale: run `npm run openapi` and commit it';
    expect([stale, JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'))]).toEqual([stale, doc]);
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
