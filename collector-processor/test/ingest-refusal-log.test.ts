/**
 * Refused ingest is logged at info with project and reason (not only counted), rate-limited per
 * (project, status, reason), through the real processor's OTLP and Faro routes.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../src/config/config';
import { startProcessor, type RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, tempDataDir, until } from './helpers/processor';

jest.setTimeout(120_000);

const lines: Array<Record<string, unknown>> = [];
let p: RunningProcessor;
let project: { id: string; ingestKey: string };
const refusals = () => lines.filter((l) => String(l.msg).startsWith('ingest request'));

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    PULSETRACE_PORT: '0',
    PULSETRACE_HOST: '127.0.0.1',
    PULSETRACE_DATA_DIR: tempDataDir(),
    PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  p = await startProcessor(config, pino({ level: 'info' }, stream));
  project = await createProject(p.url, { name: 'refusals', allowedOrigins: ['https://shop.example'] });
});
afterAll(() => p.stop());

const post = (path: string, headers: Record<string, string>, body = '{}') =>
  fetch(`${p.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

it('an unknown key: one info line per 10 s naming a key prefix (never the key), the reason and the route', async () => {
  const unknownKey = 'pt_unknown_key_0123456789abcdef';
  for (let i = 0; i < 5; i++)
    expect(
      (await post('/v1/traces', { 'x-pulsetrace-key': unknownKey, origin: 'https://shop.example' })).status,
    ).toBe(401);
  await until(() => refusals().length > 0, 5000, 'a refusal line');
  await new Promise((r) => setTimeout(r, 100));
  expect(refusals()).toEqual([
    expect.objectContaining({
      level: 30,
      msg: 'ingest request refused',
      status: 401,
      reason: 'unknown or expired ingest key',
      project: 'pt_un…',
      route: '/v1/traces',
      origin: 'https://shop.example',
    }),
  ]);
  expect(JSON.stringify(lines)).not.toContain(unknownKey);
});

it('a known key names its project: origin refused (403), wrong content type (415), and Faro shares the log', async () => {
  lines.length = 0;
  const key = { 'x-pulsetrace-key': project.ingestKey };
  expect((await post('/v1/logs', { ...key, origin: 'https://evil.example' })).status).toBe(403);
  expect((await post('/v1/logs', { ...key, 'content-type': 'text/plain' }, 'hello')).status).toBe(415);
  expect((await post(`/collect/${project.ingestKey}`, { origin: 'https://other.example' })).status).toBe(403);
  await until(() => refusals().length >= 3, 5000, 'three refusal lines');
  const seen = refusals().map((l) => [l.status, l.project, l.route, String(l.reason)]);
  expect(seen).toEqual([
    [403, project.id, '/v1/logs', 'origin https://evil.example is not allowed for this project'],
    [415, project.id, '/v1/logs', expect.stringMatching(/content-type|content type/i)],
    [403, project.id, '/collect/:ingestKey', expect.stringMatching(/origin https:\/\/other.example/)],
  ]);
  expect(JSON.stringify(lines)).not.toContain(project.ingestKey);
});
