/**
 * The query API against hostile input: SQL-injection strings in every filter field and every
 * string option of every query type are bound as values (they match nothing and change nothing);
 * names outside the fixed lists are refused; tokens never reach another project's data.
 */
import type { RunningProcessor } from '../src/processor';
import { HANDLERS } from '../src/query/registry';
import { FILTER_KEYS } from '../src/query/schema';
import { commonRow, pageViewOf } from './helpers/rows';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows, postQuery } from './helpers/query';
import { sampleQuery } from './helpers/sample-queries';
import { toDateTime64 } from '../src/store/time';

const INJECTIONS = [
  "' OR 1=1 --",
  "x'; DROP TABLE page_views; --",
  "') UNION ALL SELECT name, 1 FROM system.tables --",
  '{p0:String}',
  "\\' OR ''='",
  '1) OR (1=1',
  '`; SELECT * FROM system.users',
  '%_%',
];

jest.setTimeout(180_000);

let p: RunningProcessor;
let a: string;
let b: string;
const now = Date.now();
const range = { from: now - 3 * 86400_000, to: now + 60_000 };

async function count(table: string, project: string): Promise<number> {
  const r = await p.store.client.query({
    query: `SELECT count() AS n FROM ${table} WHERE project_id = {p:String}`,
    query_params: { p: project },
    format: 'JSONEachRow',
  });
  return Number(((await r.json()) as Array<{ n: string | number }>)[0]!.n);
}

/** Every value in every frame of a response, flattened, to look for project B's rows. */
function allValues(body: unknown): string {
  return JSON.stringify(body);
}

beforeAll(async () => {
  p = await startTestProcessor();
  a = (await createProject(p.url, { name: 'shop' })).id;
  b = (await createProject(p.url, { name: 'secret' })).id;
  const t = toDateTime64(now - 3600_000);
  const rows = (project: string, marker: string) =>
    Array.from({ length: 20 }, (_, i) =>
      pageViewOf(
        commonRow({
          project_id: project,
          timestamp: t,
          received_at: t,
          session_id: `${marker}-s${i % 4}`,
          event_id: `${marker}-e${i}`,
          url: `https://${marker}.example/p${i % 3}`,
          route: `/${marker}`,
          release: `${marker}-1.0`,
          browser_name: 'Chrome',
        }),
      ),
    );
  await insertRows(p, 'page_views', [...rows(a, 'visible'), ...rows(b, 'hidden')]);
});
afterAll(() => p.stop());

describe('query API security', () => {
  it('has every query type registered', () => {
    expect(HANDLERS.length).toBeGreaterThanOrEqual(16);
  });

  // A filter's values reach the SQL as one Array(String) parameter however many there are (a
  // single string is parsed into a one-value array), so each key carries every injection at once.
  it.each(FILTER_KEYS)(
    'filter %s with every injection as its values binds them as values for every query type',
    async (key) => {
      const before = await count('page_views', a);
      const queries = HANDLERS.map((h, i) =>
        sampleQuery(h.type, {
          refId: `Q${i}`,
          project: a,
          ...range,
          filters: { [key]: INJECTIONS },
          exclude: {},
        }),
      );
      const answer = await postQuery(p, { queries });
      expect(answer.status).toBe(200);
      for (const [refId, result] of Object.entries(answer.body.results))
        expect([refId, result.status, result.error]).toEqual([refId, 200, undefined]);
      expect(allValues(answer.body)).not.toContain('hidden');
      expect(await count('page_views', a)).toBe(before);
    },
  );

  it.each(INJECTIONS)('string options and exclusions carry %j as a value', async (injection) => {
    const queries = HANDLERS.map((h, i) => {
      const q = sampleQuery(h.type, { refId: `Q${i}`, project: a, ...range });
      for (const [k, v] of Object.entries(q))
        if (
          typeof v === 'string' &&
          !['type', 'refId', 'project', 'view', 'sort', 'metric', 'dimension', 'per'].includes(k)
        )
          q[k] = injection;
      q.exclude = { route: injection, urlPrefix: injection };
      return q;
    });
    const answer = await postQuery(p, { queries });
    expect(answer.status).toBe(200);
    for (const [refId, result] of Object.entries(answer.body.results))
      expect([refId, result.status, result.error]).toEqual([refId, 200, undefined]);
    expect(allValues(answer.body)).not.toContain('hidden');
  });

  it.each([
    ['a group-by outside the list', { groupBy: ['project_id'] }, /groupBy/],
    ['a filter key outside the list', { filters: { 'project_id = project_id OR 1': 'x' } }, /filters/],
    ['raw SQL', { sql: 'SELECT 1' }, /sql/],
    ['an unknown type', { type: 'DROP TABLE' }, /type must be one of/],
    ['a project injection', { project: "x' OR 1=1 --" }, /no project/],
    ['a refId injection', { refId: "A'); DROP TABLE errors; --".repeat(5) }, /refId/],
  ])('refuses %s', async (_name, patch, message) => {
    const answer = await postQuery(p, {
      ...sampleQuery('web_analytics', { project: a, ...range }),
      ...patch,
    });
    expect([400, 404]).toContain(answer.status);
    expect(JSON.stringify(answer.body)).toMatch(message);
  });

  it('a token for project A never reaches project B, whatever the query', async () => {
    const made = await fetch(`${p.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'viewer of A', scope: 'read', projects: [a] }),
    });
    const { token } = (await made.json()) as { token: string };
    for (const h of HANDLERS) {
      const own = await postQuery(p, sampleQuery(h.type, { project: a, ...range }), token);
      expect([h.type, own.status]).toEqual([h.type, 200]);
      const other = await postQuery(p, sampleQuery(h.type, { project: b, ...range }), token);
      expect([h.type, other.status, other.body.error]).toEqual([
        h.type,
        404,
        `no project ${b} for this token`,
      ]);
      // One forbidden query spoils the whole batch: nothing of A's answer is returned either.
      const mixed = await postQuery(
        p,
        {
          queries: [
            sampleQuery(h.type, { refId: 'A', project: a, ...range }),
            sampleQuery(h.type, { refId: 'B', project: b, ...range }),
          ],
        },
        token,
      );
      expect(mixed.status).toBe(404);
      expect(mixed.body.results).toBeUndefined();
    }
  });

  it('leaves the store writable: queries are read-only per statement, not per session', async () => {
    const answer = await postQuery(p, {
      queries: HANDLERS.map((h, i) => sampleQuery(h.type, { refId: `Q${i}`, project: a, ...range })),
    });
    expect(answer.status).toBe(200);
    const before = await count('custom_events', a);
    await insertRows(p, 'custom_events', [
      { ...commonRow({ project_id: a }), name: 'after-query', properties: {}, properties_num: {} },
    ]);
    expect(await count('custom_events', a)).toBe(before + 1);
    const made = await fetch(`${p.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'after a query', scope: 'read', projects: [a] }),
    });
    expect(made.status).toBe(201);
  });

  it('refuses queries without a token or with an unknown one', async () => {
    const q = sampleQuery('web_analytics', { project: a, ...range });
    const res = await fetch(`${p.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(q),
    });
    expect(res.status).toBe(401);
    expect((await postQuery(p, q, 'pt_read_guess')).status).toBe(401);
  });
});
