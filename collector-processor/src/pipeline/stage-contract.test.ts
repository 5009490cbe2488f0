/**
 * The stage contract (stages.ts): every registered stage leaves the rows it is given untouched and
 * returns copies of what it changes. Each stage runs on deep-frozen rows (a write to a frozen
 * object throws in a module, which is strict code), mapped from the real SDK captures plus rows
 * that make every stage change something: a dropped session, an IP attribute and a user agent to
 * enrich, a minified error whose map was uploaded, PII to scrub, errors to fingerprint. Real
 * embedded ClickHouse for enrich's salts; a real bundle and source map for symbolicate.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { scenarios } from '../../test/helpers/mapped-fixtures';
import { useMigratedStore } from '../../test/helpers/store';
import { decodeOtlp } from '../otlp';
import { ProjectStore, type Project } from '../projects/project-store';
import { emptyRumRows, SIGNAL_TABLES, type ErrorRow, type RumRows } from '../store/rows';
import { createSymbolicator, FsArtifactStore, type Symbolicator } from '../symbolicate';
import { bundleApp, EXPECTED_FUNCTIONS, exceptionLogs, v8Stack, withDebugId } from '../symbolicate/testkit';
import { mapResource } from './map';
import { STAGE_DEFINITIONS, startPipeline, type Pipeline } from './registry';
import { sessionSampleValue } from './sample';
import type { StageContext, StageDefinition } from './stages';

const store = useMigratedStore('stage-contract');
const log = pino({ level: 'silent' });
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const DEBUG_ID = '6f1c0a52-6d1e-4b0c-9a57-0d4f3a2b1c11';
const SCRIPT_URL = 'https://shop.example/assets/app.min.js';
let minifiedError: ErrorRow;

/** A minified bundle's error as the SDK sends it, mapped; its map is stored under its Debug ID. */
async function uploadBundleAndMapItsError(dataDir: string, projectId: string): Promise<ErrorRow> {
  const bundle = withDebugId(await bundleApp('esbuild', 'app.min.js'), DEBUG_ID);
  const map = bundle.files['app.min.js.map'];
  const artifacts = new FsArtifactStore(dataDir);
  const staged = path.join(await artifacts.stagingDir(), 'app.min.js.map');
  fs.writeFileSync(staged, map);
  const sha256 = createHash('sha256').update(map).digest('hex');
  const entry = { name: '~/assets/app.min.js.map', kind: 'sourcemap' as const, debugId: DEBUG_ID };
  await artifacts.put(projectId, '1.0.0', [
    { entry: { ...entry, bytes: map.length, sha256, uploadedAt: new Date().toISOString() }, path: staged },
  ]);
  const body = exceptionLogs({
    message: 'checkout failed',
    stack: v8Stack(bundle, SCRIPT_URL),
    release: '1.0.0',
    debugIds: { [SCRIPT_URL]: DEBUG_ID },
  });
  const [resource] = decodeOtlp('logs', Buffer.from(JSON.stringify(body)), 'json').resources;
  const mapped = mapResource(resource, { projectId, retentionDays: 30, receivedAtMs: Date.now() });
  expect(mapped.rows.errors).toHaveLength(1);
  return mapped.rows.errors[0];
}

/** Every captured scenario's rows in one RumRows, with PII, a forwarded IP and a minified error. */
function realisticRows(projectId: string): RumRows {
  const rows = emptyRumRows();
  for (const s of scenarios.values())
    for (const t of SIGNAL_TABLES) (rows[t] as unknown[]).push(...structuredClone(s.rows[t]));
  for (const t of SIGNAL_TABLES) for (const row of rows[t]) row.project_id = projectId;
  const email = 'jane.doe@example.com';
  expect(rows.page_views.length).toBeGreaterThan(0);
  expect(rows.errors.length).toBeGreaterThan(0);
  rows.page_views[0] = {
    ...rows.page_views[0],
    url: `https://shop.example/account?email=${email}`,
    user_agent: '',
    browser_name: '',
    attributes: { ...rows.page_views[0].attributes, 'client.address': '203.0.113.9' },
  };
  rows.errors[0] = { ...rows.errors[0], exception_message: `no account for ${email}` };
  rows.errors.push(structuredClone(minifiedError));
  return rows;
}

let projects: ProjectStore;
let symbolicator: Symbolicator;
let pipeline: Pipeline;
let project: Project;
let ctx: StageContext;

beforeAll(async () => {
  projects = new ProjectStore(store().client, { rateLimitPerSecond: 1000 });
  // sampleRate < 1 so `sample` drops some sessions; geoRegion so enrich writes more columns.
  project = await projects.create({ name: 'contract', sampleRate: 0.5, settings: { geoRegion: true } });
  ctx = { project, receivedAtMs: Date.now(), client: { ip: '10.0.0.7', userAgent: CHROME } };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-stage-contract-'));
  minifiedError = await uploadBundleAndMapItsError(dataDir, project.id);
  symbolicator = createSymbolicator({ dataDir, cacheBytes: 16 << 20, log });
  pipeline = await startPipeline({ client: store().client, log, symbolicator });
});
afterAll(async () => {
  await pipeline?.close();
  await symbolicator?.close();
});

it('the registry holds every stage, in the documented order', () => {
  expect(STAGE_DEFINITIONS.map((d) => d.name)).toEqual([
    'sample',
    'enrich',
    'symbolicate',
    'scrub',
    'fingerprint',
  ]);
  expect(pipeline.stages.map((s) => s.name)).toEqual(STAGE_DEFINITIONS.map((d) => d.name));
});

it('the realistic rows contain sessions that sample keeps and sessions it drops', () => {
  const rows = realisticRows(project.id);
  const values = rows.page_views.map((r) => sessionSampleValue(r.session_id || r.event_id));
  expect(values.some((v) => v < project.sampleRate)).toBe(true);
  expect(values.some((v) => v >= project.sampleRate)).toBe(true);
});

it('a stage that mutates its input throws on deep-frozen rows (the check below can fail)', () => {
  const rows = deepFreeze(realisticRows(project.id));
  const mutating = (r: RumRows) => {
    r.page_views[0].title = 'changed';
    return r;
  };
  expect(() => mutating(rows)).toThrow(TypeError);
});

it("symbolicate maps this input's minified error back to its source (so it has work to do)", async () => {
  const symbolicate = pipeline.stages.find((s) => s.name === 'symbolicate')!;
  const rows = emptyRumRows();
  rows.errors.push(structuredClone(minifiedError));
  const out = await symbolicate.run(rows, ctx);
  expect(out.errors[0]['frames.function']).toEqual(expect.arrayContaining(EXPECTED_FUNCTIONS));
  expect(minifiedError['frames.function']).not.toEqual(expect.arrayContaining(EXPECTED_FUNCTIONS));
});

describe.each(STAGE_DEFINITIONS.map((d) => [d.name]))('stage %s', (name) => {
  const stageOf = () => pipeline.stages.find((s) => s.name === name)!;

  it('never mutates the rows it is given, and changes something in this input', async () => {
    const input = realisticRows(project.id);
    // The rows this stage gets in the pipeline: what the stages before it made.
    const index = pipeline.stages.findIndex((s) => s.name === name);
    let before = input;
    for (const s of pipeline.stages.slice(0, index)) before = await s.run(before, ctx);
    const expected = await stageOf().run(structuredClone(before), ctx);
    const snapshot = structuredClone(before);

    const out = await stageOf().run(deepFreeze(before), ctx);

    expect(before).toEqual(snapshot);
    expect(out).toEqual(expected);
    // A stage that changed nothing here would prove nothing about copying.
    expect(out).not.toBe(before);
    expect(out).not.toEqual(before);
  });
});

describe('startPipeline', () => {
  const recorder = () => {
    const events: string[] = [];
    const def = (name: StageDefinition<unknown>['name'], fail = false): StageDefinition<unknown> => ({
      name,
      create: () => {
        if (fail) throw new Error(`${name} cannot start`);
        events.push(`create ${name}`);
        return { run: (rows) => rows, close: async () => void events.push(`close ${name}`) };
      },
    });
    return { events, def };
  };
  const deps = () => ({ client: store().client, log, symbolicator });

  it('closes the stages in reverse order, once', async () => {
    const { events, def } = recorder();
    const p = await startPipeline(deps(), [def('sample'), def('enrich'), def('scrub')]);
    await Promise.all([p.close(), p.close()]);
    expect(events).toEqual([
      'create sample',
      'create enrich',
      'create scrub',
      'close scrub',
      'close enrich',
      'close sample',
    ]);
  });

  it('a stage that fails to start closes the ones already created', async () => {
    const { events, def } = recorder();
    await expect(startPipeline(deps(), [def('sample'), def('enrich'), def('scrub', true)])).rejects.toThrow(
      'scrub cannot start',
    );
    expect(events).toEqual(['create sample', 'create enrich', 'close enrich', 'close sample']);
  });
});
