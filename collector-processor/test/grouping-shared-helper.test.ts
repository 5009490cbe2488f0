/**
 * Different faults thrown from one shared helper are different issues; one fault reached by two
 * call paths is one issue; both across Chromium and Firefox and across releases. The stacks are
 * the grouping corpus's (fixtures/grouping-corpus: real Chromium 156 / Firefox ESR 153 captures
 * of the esbuild-minified shop app, both releases) with the app's messages varied: the frames an
 * engine prints for a `throw` do not depend on its message. They go through a real processor
 * with the releases' source maps uploaded, and the stored fingerprints and issues are checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Grouping } from '../src/fingerprint';
import type { RunningProcessor } from '../src/processor';
import corpusJson from './fixtures/grouping-corpus/corpus.json';
import { BUILDS_DIR, RELEASES, type Corpus, type CorpusError } from './fixtures/grouping-corpus/scenarios';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);
const corpus = corpusJson as Corpus;
const MINIFIER = 'esbuild';

interface Sent {
  id: string;
  error: CorpusError;
  type: string;
  message: string;
  stack: string;
}

/** The corpus's captures of one scenario (both browsers, both releases) of the esbuild builds. */
function captures(scenario: string): CorpusError[] {
  const found = corpus.errors.filter((e) => e.scenario === scenario && e.minifier === MINIFIER);
  expect(found).toHaveLength(4);
  return found;
}

/**
 * The captured error thrown as `new <type>(message)` at the same place: Chromium's stack starts
 * with "<type>: <message>" (its `JSON.parse (<anonymous>)` frame goes: the app throws there
 * itself); Firefox's stack does not carry the message.
 */
function rethrown(error: CorpusError, type: string, message: string, tag: string): Sent {
  const stack = String(error.attributes['exception.stacktrace']);
  const frames = stack.split('\n').filter((l) => !/^\s*at JSON\.parse \(<anonymous>\)$/.test(l));
  const lines = error.browser === 'chromium' ? [`${type}: ${message}`, ...frames.slice(1)] : frames;
  return {
    id: `${tag}/${error.scenario}/${error.browser}/${error.release}`,
    error,
    type,
    message,
    stack: lines.join('\n'),
  };
}

const anyValue = (v: string | boolean) => (typeof v === 'boolean' ? { boolValue: v } : { stringValue: v });
const attrs = (o: Record<string, string | boolean>) =>
  Object.entries(o).map(([key, value]) => ({ key, value: anyValue(value) }));

/** One resource per (browser, release), each error an `exception` span as the SDK sends it. */
function otlpTraces(sent: Sent[]) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const byResource = new Map<string, Sent[]>();
  for (const s of sent) {
    const key = `${s.error.browser}|${s.error.release}`;
    byResource.set(key, [...(byResource.get(key) ?? []), s]);
  }
  let n = 0;
  return {
    resourceSpans: [...byResource.values()].map((list) => ({
      resource: {
        attributes: attrs({
          'service.name': 'shop',
          'service.version': list[0].error.release,
          'user_agent.original': list[0].error.userAgent,
        }),
      },
      scopeSpans: [
        {
          scope: { name: 'pulsetrace-browser', version: '0.1.0' },
          spans: list.map((s) => {
            const i = ++n;
            return {
              traceId: i.toString(16).padStart(32, '0'),
              spanId: i.toString(16).padStart(16, '0'),
              name: 'exception',
              kind: 1,
              startTimeUnixNano: String(now + BigInt(i)),
              endTimeUnixNano: String(now + BigInt(i)),
              attributes: attrs({
                ...s.error.attributes,
                'exception.type': s.type,
                'exception.message': s.message,
                'exception.stacktrace': s.stack,
                'session.id': `helper-session-${i}`,
                'test.case': s.id,
              }),
            };
          }),
        },
      ],
    })),
  };
}

async function uploadRelease(processor: RunningProcessor, projectId: string, release: string) {
  const assets = path.join(BUILDS_DIR, MINIFIER, release, 'assets');
  const form = new FormData();
  for (const file of fs.readdirSync(assets))
    form.append('file', new Blob([fs.readFileSync(path.join(assets, file))]), `assets/${file}`);
  const res = await fetch(`${processor.url}/api/v1/projects/${projectId}/releases/${release}/sourcemaps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: form,
  });
  expect(res.status).toBe(201);
}

// `PaymentService.authorize` throws PaymentError (an Error subclass: Firefox prints its
// constructor frame): as captured, and with another message from the same `throw`.
const declined = captures('checkout-session').map((e) =>
  rethrown(e, 'PaymentError', 'Payment failed', 'failed'),
);
const expired = captures('checkout-session').map((e) =>
  rethrown(e, 'PaymentError', `Card ${e.browser === 'chromium' ? 4242 : 5555} expired`, 'expired'),
);
// `parseBody` in the API client, reached from `loadCart` and from `loadProfile`, throwing plain
// Errors: one message (its status code varies) and another.
const paths = [...captures('load-cart-html'), ...captures('load-profile-html')];
const notJson = paths.map((e, i) => rethrown(e, 'Error', `Response ${500 + i} is not JSON`, 'not-json'));
const signedOut = paths.map((e) => rethrown(e, 'Error', 'Signed out: sign in again', 'signed-out'));

let processor: RunningProcessor;
let projectId: string;
let stored: Map<string, { fingerprint: string; grouping: Grouping }>;

beforeAll(async () => {
  processor = await startTestProcessor();
  const project = await createProject(processor.url);
  projectId = project.id;
  for (const release of RELEASES) await uploadRelease(processor, project.id, release);
  const res = await fetch(`${processor.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': project.ingestKey },
    body: JSON.stringify(otlpTraces([...declined, ...expired, ...notJson, ...signedOut])),
  });
  expect(res.status).toBe(200);
  await processor.drained();
  const rows = await (
    await processor.store.client.query({
      query: `SELECT attributes['test.case'] AS id, fingerprint, grouping FROM errors WHERE project_id = {p:String}`,
      query_params: { p: project.id },
      format: 'JSONEachRow',
    })
  ).json<{ id: string; fingerprint: string; grouping: string }>();
  stored = new Map(rows.map((r) => [r.id, { fingerprint: r.fingerprint, grouping: JSON.parse(r.grouping) }]));
});
afterAll(() => processor?.stop());

/** The one fingerprint all of `sent` got (fails when they are split). */
function oneIssue(sent: Sent[]): string {
  const fingerprints = sent.map((s) => {
    const row = stored.get(s.id);
    if (!row) throw new Error(`${s.id} not stored`);
    return row.fingerprint;
  });
  expect(new Set(fingerprints).size).toBe(1);
  return fingerprints[0];
}

describe('errors thrown from one shared helper, in Chromium and Firefox', () => {
  it('all were stored, symbolicated to the app sources', () => {
    expect(stored.size).toBe(declined.length + expired.length + notJson.length + signedOut.length);
    const g = stored.get(declined[0].id)?.grouping;
    expect(g?.method).toBe('frames');
    expect(g?.components[1]).toMatch(/^src\/payments\.js: /);
  });

  it('two different app messages from one throw are two issues', () => {
    expect(oneIssue(declined)).not.toBe(oneIssue(expired));
    expect(stored.get(expired[0].id)?.grouping).toMatchObject({ message: 'Card <num> expired' });
  });

  it('one message reached by two call paths is one issue, and another message from there is another', () => {
    const fingerprint = oneIssue(notJson);
    expect(oneIssue(signedOut)).not.toBe(fingerprint);
    expect(stored.get(notJson[0].id)?.grouping).toMatchObject({
      method: 'frames',
      message: 'Response <num> is not JSON',
    });
  });

  it('makes exactly four issues', async () => {
    const rows = await (
      await processor.store.client.query({
        query: `SELECT DISTINCT fingerprint FROM issues WHERE project_id = {p:String}`,
        query_params: { p: projectId },
        format: 'JSONEachRow',
      })
    ).json<{ fingerprint: string }>();
    expect(rows).toHaveLength(4);
  });
});
