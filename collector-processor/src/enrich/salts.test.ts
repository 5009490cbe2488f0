/**
 * Visitor salts shared by processor instances through ClickHouse: convergence on the smallest salt,
 * rotation by UTC day, deletion after two days. Real embedded ClickHouse; the days are simulated
 * through the enricher's clock.
 */
import pino from 'pino';
import { customEvent } from '../../test/helpers/rows';
import { startTestProcessor } from '../../test/helpers/processor';
import type { RunningProcessor } from '../processor';
import { emptyRumRows } from '../store/rows';
import { openEnricher, type Enricher } from '.';
import { addDays, utcDay } from './visitor';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const D = Date.parse('2099-03-10T12:00:00Z');
const HOUR = 3_600_000;

let p: RunningProcessor;
let clock = D;
let a: Enricher;
let b: Enricher;
const open = () =>
  openEnricher({
    client: p.store.client,
    log: pino({ level: 'silent' }),
    now: () => clock,
    saltRefreshMs: HOUR,
  });

beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await p?.stop();
});

async function saltsOf(day: string): Promise<string[]> {
  const result = await p.store.client.query({
    query: 'SELECT salt FROM visitor_salts WHERE day = toDate({d:String}) ORDER BY salt',
    query_params: { d: day },
    format: 'JSONEachRow',
  });
  return (await result.json<{ salt: string }>()).map((r) => r.salt);
}

it('instances opened together agree on the smallest salt of the day', async () => {
  // Both read before either inserts, so both insert one; they settle on the same after a refresh.
  [a, b] = await Promise.all([open(), open()]);
  await Promise.all([a.refreshSalts(), b.refreshSalts()]);
  const stored = await saltsOf(utcDay(D));
  expect(stored.length).toBeGreaterThanOrEqual(1);
  expect(a.saltFor(utcDay(D))).toBe(stored[0]);
  expect(b.saltFor(utcDay(D))).toBe(stored[0]);
});

it('a smaller salt inserted by another instance wins after the next refresh', async () => {
  const smallest = '0'.repeat(64);
  await p.store.client.insert({
    table: 'visitor_salts',
    values: [{ day: utcDay(D), salt: smallest, created_at: String(D / 1000) }],
    format: 'JSONEachRow',
  });
  await Promise.all([a.refreshSalts(), b.refreshSalts()]);
  expect([a.saltFor(utcDay(D)), b.saltFor(utcDay(D))]).toEqual([smallest, smallest]);
});

it('hashes stay within a day and rotate with it; near midnight tomorrow is prepared', async () => {
  clock = Date.parse('2099-03-10T23:55:00Z');
  await a.refreshSalts();
  const tomorrow = addDays(utcDay(D), 1);
  expect(a.saltFor(tomorrow)).toBe((await saltsOf(tomorrow))[0]);
  const project = await p.projects.create({ name: 'salts' });
  const hashOn = (ms: number) => {
    const rows = emptyRumRows();
    rows.custom_events.push(customEvent('e1', { project_id: project.id }));
    const out = a.stage(rows, { project, receivedAtMs: ms, client: { ip: '8.8.8.8', userAgent: CHROME } });
    if (out instanceof Promise) throw new Error('enrich is synchronous');
    return out.custom_events[0].visitor_hash;
  };
  expect(hashOn(D)).toMatch(/^[0-9a-f]{16}$/);
  expect(hashOn(D + HOUR)).toBe(hashOn(D));
  expect(hashOn(D + 20 * HOUR)).not.toBe(hashOn(D));
  expect(hashOn(D + 20 * HOUR)).toMatch(/^[0-9a-f]{16}$/);
});

it('salts older than yesterday are deleted, from ClickHouse and from memory', async () => {
  clock = D + 2 * 24 * HOUR;
  await a.refreshSalts();
  expect(await saltsOf(utcDay(D))).toEqual([]);
  expect(await saltsOf(addDays(utcDay(D), 1))).toHaveLength(1); // yesterday: kept
  expect(await saltsOf(utcDay(clock))).toHaveLength(1);
  expect(a.saltFor(utcDay(D))).toBeUndefined();
});

it('a day without a salt in memory gets no hash, and no wait', async () => {
  const project = await p.projects.create({ name: 'no-salt' });
  const rows = emptyRumRows();
  rows.custom_events.push(customEvent('e1', { project_id: project.id }));
  const out = a.stage(rows, { project, receivedAtMs: D + 400 * 24 * HOUR, client: { ip: '8.8.8.8' } });
  if (out instanceof Promise) throw new Error('enrich waited for a salt');
  expect(out.custom_events[0].visitor_hash).toBe('');
});
