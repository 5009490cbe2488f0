/**
 * Enrichment end to end on a real processor and embedded ClickHouse: geo, user agent, bot flag and
 * visitor hash on stored rows, the client IP stored nowhere, bots kept but out of the
 * pre-aggregated tables (migration 0006), the browser IP forwarded by our collector config, and
 * a user-provided GeoIP database. Salt sharing between instances: src/enrich/salts.test.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openEnricher, type Enricher } from '../src/enrich';
import { writeMmdb } from '../src/enrich/testkit';
import { utcDay, visitorHash } from '../src/enrich/visitor';
import type { RunningProcessor } from '../src/processor';
import { loadMigrations } from '../src/store/migrations';
import { emptyRumRows, SIGNAL_TABLES } from '../src/store/rows';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { OTELCOL_BUILD_TIMEOUT_MS, startOtelcol, type RunningOtelcol } from './helpers/otelcol';
import { startTestProcessor, until } from './helpers/processor';
import { customEvent } from './helpers/rows';

jest.setTimeout(120_000);

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const log = pino({ level: 'silent' });

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_TRUST_PROXY: 'true' });
});
afterAll(() => p?.stop());

async function query<T>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await p.store.client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

const attrs = (o: Record<string, string | number>) =>
  Object.entries(o).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v },
  }));

/** OTLP JSON logs: one LCP vital and one exception, in the given session. */
function vitalAndError(session: string, resource: Record<string, string> = {}): string {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  const page = { 'browser.document.url.full': 'https://shop.example/cart', 'session.id': session };
  const logRecords = [
    {
      timeUnixNano: now,
      eventName: 'browser.web_vital',
      attributes: attrs({
        ...page,
        'browser.web_vital.name': 'lcp',
        'browser.web_vital.value': 1234,
        'browser.web_vital.rating': 'good',
      }),
    },
    {
      timeUnixNano: now,
      eventName: 'exception',
      attributes: attrs({ ...page, 'exception.type': 'TypeError', 'exception.message': 'x is undefined' }),
    },
  ];
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: attrs({ 'service.name': 'shop', ...resource }) },
        scopeLogs: [{ scope: { name: 't' }, logRecords }],
      },
    ],
  });
}

/** The salt every instance uses today: the smallest stored for the day. */
async function todaysSalt(): Promise<string> {
  const [{ salt }] = await query<{ salt: string }>(
    'SELECT min(salt) AS salt FROM visitor_salts WHERE day = toDate({d:String})',
    { d: utcDay(Date.now()) },
  );
  return salt;
}

let nextSpan = 1n;
/** What one browser (IP + User-Agent header, no user_agent attribute) sends: logs and 3 fetch spans. */
async function browse(key: string, ip: string, userAgent: string, session: string): Promise<void> {
  const headers = { 'x-pulsetrace-key': key, 'x-forwarded-for': ip, 'user-agent': userAgent };
  const logs = await fetch(`${p.url}/v1/logs`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: vitalAndError(session),
  });
  expect(logs.status).toBe(200);
  const spans = new TracePayloads({ 'service.name': 'shop' }, nextSpan).fetchSpans(3).spans;
  nextSpan += 100n;
  const { body, headers: h } = encodeTraces(spans, 'json');
  const traces = await fetch(`${p.url}/v1/traces`, { method: 'POST', headers: { ...headers, ...h }, body });
  expect(traces.status).toBe(200);
}

interface Enriched {
  country: string;
  browser_name: string;
  os_name: string;
  device_type: string;
  is_bot: number;
  visitor_hash: string;
  user_agent: string;
  session_id: string;
}

describe('ingest → enrich → ClickHouse', () => {
  let projectId: string;
  const rows: Record<string, Enriched[]> = {};

  beforeAll(async () => {
    const project = await p.projects.create({ name: 'enrich-e2e' });
    projectId = project.id;
    const key = project.ingestKeys[0].key;
    await browse(key, '8.8.8.8', CHROME, 'human-session');
    await browse(key, '2001:4860:4860::8844', GOOGLEBOT, 'bot-session');
    await p.drained();
    for (const table of ['web_vitals', 'errors', 'http_requests']) {
      rows[table] = await query<Enriched>(
        `SELECT country, browser_name, os_name, device_type, is_bot, visitor_hash, user_agent, session_id
         FROM ${table} WHERE project_id = {p:String}`,
        { p: projectId },
      );
    }
  });

  it.each(['web_vitals', 'errors', 'http_requests'])(
    '%s rows carry geo, browser, device, bot flag',
    (table) => {
      const human = rows[table].filter((r) => r.user_agent === CHROME);
      const bot = rows[table].filter((r) => r.user_agent === GOOGLEBOT);
      expect(human.length).toBeGreaterThan(0);
      expect(bot.length).toBe(human.length); // bots are flagged, never dropped
      for (const r of human)
        expect(r).toMatchObject({
          country: 'US',
          browser_name: 'Google Chrome',
          os_name: 'Windows',
          device_type: 'desktop',
          is_bot: 0,
        });
      for (const r of bot) expect(r).toMatchObject({ country: 'US', is_bot: 1 });
    },
  );

  it("visitor_hash is today's salted hash of project, IP and user agent, one per visitor", async () => {
    const salt = await todaysSalt();
    const all = Object.values(rows).flat();
    const byUa = (ua: string) => new Set(all.filter((r) => r.user_agent === ua).map((r) => r.visitor_hash));
    expect(byUa(CHROME)).toEqual(new Set([visitorHash(salt, projectId, '8.8.8.8', CHROME)]));
    expect(byUa(GOOGLEBOT)).toEqual(
      new Set([visitorHash(salt, projectId, '2001:4860:4860::8844', GOOGLEBOT)]),
    );
  });

  it('the client IP is stored in no column of any signal table', async () => {
    for (const table of SIGNAL_TABLES) {
      const stored = JSON.stringify(
        await query(`SELECT * FROM ${table} WHERE project_id = {p:String}`, { p: projectId }),
      );
      expect(stored).not.toContain('8.8.8.8');
      expect(stored.toLowerCase()).not.toContain('2001:4860:4860::8844');
    }
  });

  it('bots are left out of the pre-aggregated tables', async () => {
    const [vitals] = await query<{ n: string }>(
      'SELECT sum(samples) AS n FROM web_vitals_1m WHERE project_id = {p:String}',
      {
        p: projectId,
      },
    );
    const [http] = await query<{ n: string }>(
      'SELECT sum(requests) AS n FROM http_requests_1m WHERE project_id = {p:String}',
      {
        p: projectId,
      },
    );
    const sessions = await query<{ session_id: string }>(
      'SELECT DISTINCT session_id FROM sessions WHERE project_id = {p:String}',
      { p: projectId },
    );
    const humans = (table: string) => rows[table].filter((r) => r.is_bot === 0).length;
    expect(Number(vitals.n)).toBe(humans('web_vitals'));
    expect(Number(http.n)).toBe(humans('http_requests'));
    expect(sessions.map((s) => s.session_id)).toEqual(['human-session']);
  });
});

describe('behind the OpenTelemetry Collector (otelcol/config.yaml)', () => {
  let collector: RunningOtelcol;
  beforeAll(async () => {
    collector = await startOtelcol({ processorUrl: p.url, set: { 'processors.batch.timeout': '100ms' } });
  }, OTELCOL_BUILD_TIMEOUT_MS);
  afterAll(() => collector?.stop());

  /** POST from a chosen loopback address: the collector sees it as the browser's. */
  const postFrom = (localAddress: string, url: string, body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', localAddress, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });

  it("the browser's address is hashed, the collector's own user agent ignored, neither stored", async () => {
    const project = await p.projects.create({ name: 'via-collector' });
    const headers = {
      'content-type': 'application/json',
      'x-pulsetrace-key': project.ingestKeys[0].key,
      'user-agent': CHROME,
    };
    const withUa = vitalAndError('with-ua', { 'user_agent.original': CHROME });
    expect(await postFrom('127.0.0.2', `${collector.url}/v1/logs`, withUa, headers)).toBe(200);
    expect(await postFrom('127.0.0.2', `${collector.url}/v1/logs`, vitalAndError('no-ua'), headers)).toBe(
      200,
    );
    const select = `SELECT session_id, user_agent, browser_name, is_bot, visitor_hash, attributes
      FROM web_vitals WHERE project_id = {p:String} ORDER BY session_id`;
    let rows: { user_agent: string; is_bot: number; visitor_hash: string }[] = [];
    await until(
      async () => (rows = await query(select, { p: project.id })).length === 2,
      30_000,
      'rows via otelcol',
    );
    const salt = await todaysSalt();
    // The processor sees the collector at 127.0.0.1; the hash is of the browser's 127.0.0.2.
    expect(rows).toMatchObject([
      {
        session_id: 'no-ua',
        user_agent: '',
        is_bot: 0,
        visitor_hash: visitorHash(salt, project.id, '127.0.0.2', ''),
      },
      {
        session_id: 'with-ua',
        user_agent: CHROME,
        browser_name: 'Google Chrome',
        is_bot: 0,
        visitor_hash: visitorHash(salt, project.id, '127.0.0.2', CHROME),
      },
    ]);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('127.0.0.2');
    expect(stored).not.toContain('client.address');
  });
});

describe('migration 0006', () => {
  it('runs again without error and leaves every view excluding bots', async () => {
    const [m] = loadMigrations().filter((x) => x.version === 6);
    for (const statement of m.statements) await p.store.client.command({ query: statement });
    const views = await query<{ name: string; q: string }>(
      `SELECT name, create_table_query AS q FROM system.tables
       WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
    );
    const names = [
      'sessions_from_page_views_mv',
      'sessions_from_errors_mv',
      'web_vitals_1m_mv',
      'http_requests_1m_mv',
    ];
    for (const name of names) expect(views.find((v) => v.name === name)?.q).toMatch(/is_bot = 0/);
  });
});

describe('a user-provided GeoIP database with regions', () => {
  let enricher: Enricher;
  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-enrich-')), 'city.mmdb');
    const record = { country: { iso_code: 'US' }, subdivisions: [{ iso_code: 'CA' }] };
    fs.writeFileSync(file, writeMmdb([{ cidr: '8.8.8.0/24', record }]));
    enricher = await openEnricher({ client: p.store.client, geoipMmdb: file, log });
  });
  afterAll(() => enricher?.close());

  it.each([
    [true, 'US-CA'],
    [false, ''],
  ])('geoRegion %p → region %p', async (geoRegion, region) => {
    const project = await p.projects.create({ name: `geo-${geoRegion}`, settings: { geoRegion } });
    const rows = emptyRumRows();
    rows.custom_events.push(customEvent('e1', { project_id: project.id }));
    const ctx = { project, receivedAtMs: Date.now(), client: { ip: '::ffff:8.8.8.8', userAgent: CHROME } };
    const out = await enricher.stage(rows, ctx);
    expect(out.custom_events[0]).toMatchObject({ country: 'US', region });
  });
});
