/**
 * Per-stage metrics on a real processor's /metrics (pipeline/registry.ts records them for every
 * stage): rows in, out and dropped, and a duration histogram, by stage. A project sampling at 0.5
 * makes `sample` drop whole sessions; the rows every later stage sees, and ClickHouse finally holds, are
 * the ones sample passed on. Real embedded ClickHouse.
 */
import { createHash } from 'node:crypto';
import { metricSamples } from './helpers/metrics';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { createProject, startTestProcessor } from './helpers/processor';
import { sessionSampleValue } from '../src/pipeline/sample';
import type { RunningProcessor } from '../src/processor';

jest.setTimeout(60_000);

const STAGES = ['sample', 'enrich', 'symbolicate', 'scrub', 'fingerprint'];
const SPANS = 200;

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p?.stop());

/** A metric's value per stage, 0 for a stage without a sample. */
async function byStage(name: string): Promise<Record<string, number>> {
  const samples = await metricSamples(p.url, name);
  return Object.fromEntries(STAGES.map((s) => [s, samples[`stage=${s}`] ?? 0]));
}

it('rows in, out and dropped, and the duration of every stage, after a sampled request', async () => {
  const project = await createProject(p.url, {
    name: 'sampled',
    sampleRate: 0.5,
    rateLimitPerSecond: 1_000_000,
  });
  // 10 sessions of 20 fetch spans: sample keeps or drops each session whole, by its hash.
  const payloads = new TracePayloads({});
  // Random-looking ids, as the SDK makes (sequential ones hash close together under FNV-1a).
  const sessions = Array.from({ length: SPANS / 20 }, (_, i) =>
    createHash('sha256').update(`session ${i}`).digest('hex').slice(0, 32),
  );
  const spans = sessions.flatMap((id) => payloads.fetchSpans(20, Date.now(), { 'session.id': id }).spans);
  const expectedDropped = 20 * sessions.filter((id) => sessionSampleValue(id) >= 0.5).length;
  expect(expectedDropped).toBeGreaterThan(0);
  expect(expectedDropped).toBeLessThan(SPANS);
  const { body, headers } = encodeTraces(spans, 'json');
  const res = await fetch(`${p.url}/v1/traces`, {
    method: 'POST',
    headers: { ...headers, 'x-pulsetrace-key': project.ingestKey },
    body,
  });
  expect(res.status).toBe(200);
  await p.drained();

  const rowsIn = await byStage('pulsetrace_stage_rows_in_total');
  const rowsOut = await byStage('pulsetrace_stage_rows_out_total');
  const dropped = await byStage('pulsetrace_stage_rows_dropped_total');
  const runs = await byStage('pulsetrace_stage_duration_seconds_count');
  const seconds = await byStage('pulsetrace_stage_duration_seconds_sum');

  expect(rowsIn.sample).toBe(SPANS);
  expect(dropped.sample).toBe(expectedDropped);
  expect(rowsOut.sample).toBe(SPANS - dropped.sample);
  // Each later stage gets what the one before passed on, and drops nothing here.
  for (let i = 1; i < STAGES.length; i++) {
    expect(rowsIn[STAGES[i]]).toBe(rowsOut[STAGES[i - 1]]);
    expect(rowsOut[STAGES[i]]).toBe(rowsIn[STAGES[i]]);
    expect(dropped[STAGES[i]]).toBe(0);
  }
  for (const stage of STAGES) {
    expect(runs[stage]).toBe(1);
    expect(seconds[stage]).toBeGreaterThan(0);
  }

  const stored = await p.store.client.query({
    query: 'SELECT count() AS n FROM http_requests WHERE project_id = {project:String}',
    query_params: { project: project.id },
    format: 'JSONEachRow',
  });
  const [{ n }] = await stored.json<{ n: string }>();
  expect(Number(n)).toBe(rowsOut.fingerprint);
});
