/**
 * Cross-browser grouping, measured: the grouping corpus (fixtures/grouping-corpus: a minified
 * two-release shop app, 18 scenarios over 16 faults, esbuild and terser builds, captured from real
 * Chromium and Firefox ESR as the SDK sent them) goes through a real processor with the releases'
 * source maps uploaded, one project per minifier, and the stored fingerprints are scored pairwise
 * against the ground truth (pairs within one project). docs/grouping.md ("Cross-browser
 * grouping") reports the figures; GROUPING_CORPUS_REPORT=1 prints them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Grouping } from '../src/fingerprint';
import type { RunningProcessor } from '../src/processor';
import { pairwiseScores, type PairwiseScores } from './fixtures/grouping-corpus/pairwise';
import {
  BUILDS_DIR,
  MINIFIERS,
  RELEASES,
  SCENARIOS,
  trueIssue,
  type Corpus,
  type CorpusError,
  type Minifier,
} from './fixtures/grouping-corpus/scenarios';
import corpusJson from './fixtures/grouping-corpus/corpus.json';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);
const corpus = corpusJson as Corpus;

interface Event extends CorpusError {
  id: string;
  truth: string;
  predicted: string;
  grouping: Grouping;
  functions: string[];
  files: string[];
}

const anyValue = (v: string | boolean) => (typeof v === 'boolean' ? { boolValue: v } : { stringValue: v });
const attrs = (o: Record<string, string | boolean>) =>
  Object.entries(o).map(([key, value]) => ({ key, value: anyValue(value) }));

/**
 * One minifier's part of the corpus as the SDK sent it: one resource per (browser, release), each
 * error an `exception` span.
 */
function otlpTraces(errors: CorpusError[], minifier: Minifier) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const byResource = new Map<string, { error: CorpusError; index: number }[]>();
  errors.forEach((error, index) => {
    if (error.minifier !== minifier) return;
    const key = `${error.browser}|${error.release}`;
    byResource.set(key, [...(byResource.get(key) ?? []), { error, index }]);
  });
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
          spans: list.map(({ error, index }) => ({
            traceId: index.toString(16).padStart(32, '0'),
            spanId: (index + 1).toString(16).padStart(16, '0'),
            name: 'exception',
            kind: 1,
            startTimeUnixNano: String(now + BigInt(index)),
            endTimeUnixNano: String(now + BigInt(index)),
            attributes: attrs({
              ...error.attributes,
              'session.id': `corpus-session-${index}`,
              'test.case': String(index),
            }),
          })),
        },
      ],
    })),
  };
}

async function uploadRelease(
  processor: RunningProcessor,
  projectId: string,
  minifier: Minifier,
  release: string,
) {
  const assets = path.join(BUILDS_DIR, minifier, release, 'assets');
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

let processor: RunningProcessor;
let events: Event[];

beforeAll(async () => {
  processor = await startTestProcessor();
  // A shop keeps its minifier: one project per build pipeline. test.case is the corpus index.
  const projects: string[] = [];
  for (const minifier of MINIFIERS) {
    const project = await createProject(processor.url);
    projects.push(project.id);
    for (const release of RELEASES) await uploadRelease(processor, project.id, minifier, release);
    const res = await fetch(`${processor.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulsetrace-key': project.ingestKey },
      body: JSON.stringify(otlpTraces(corpus.errors, minifier)),
    });
    expect(res.status).toBe(200);
  }
  await processor.drained();
  const result = await processor.store.client.query({
    query: `SELECT attributes['test.case'] AS test_case, fingerprint, grouping, symbolication,
              frames.function AS functions, frames.filename AS files
            FROM errors WHERE project_id IN {p:Array(String)}`,
    query_params: { p: projects },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{
    test_case: string;
    fingerprint: string;
    grouping: string;
    functions: string[];
    files: string[];
  }>();
  const byCase = new Map(rows.map((r) => [r.test_case, r]));
  events = corpus.errors.map((error, index) => {
    const row = byCase.get(String(index));
    if (!row)
      throw new Error(`error ${index} (${error.browser} ${error.release} ${error.scenario}) not stored`);
    return {
      ...error,
      id: `${error.scenario}/${error.browser}/${error.minifier}/${error.release}`,
      truth: trueIssue(error.fault, error.release),
      predicted: row.fingerprint,
      grouping: JSON.parse(row.grouping) as Grouping,
      functions: row.functions,
      files: row.files,
    };
  });
});
afterAll(() => processor?.stop());

const fmt = (s: PairwiseScores) =>
  `${String(s.pairs).padStart(5)} pairs ${String(s.truePairs).padStart(4)} same-fault ` +
  `precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`;

/** Pairs within one project (minifier), optionally narrowed. */
const scored = (narrow: (a: Event, b: Event) => boolean = () => true) =>
  pairwiseScores(events, (a, b) => a.minifier === b.minifier && narrow(a, b));

/** Scores overall, per minifier, per engine pair and per release pair. */
function scoreTable(): { name: string; scores: PairwiseScores }[] {
  const engines = (a: Event, b: Event) => [a.browser, b.browser].sort().join('–');
  return [
    { name: 'all pairs', scores: scored() },
    ...MINIFIERS.map((m) => ({ name: `${m} builds`, scores: scored((a) => a.minifier === m) })),
    { name: 'chromium–chromium', scores: scored((a, b) => engines(a, b) === 'chromium–chromium') },
    { name: 'firefox–firefox', scores: scored((a, b) => engines(a, b) === 'firefox–firefox') },
    { name: 'chromium–firefox', scores: scored((a, b) => engines(a, b) === 'chromium–firefox') },
    { name: 'same release', scores: scored((a, b) => a.release === b.release) },
    { name: 'across releases', scores: scored((a, b) => a.release !== b.release) },
  ];
}

/** Per minifier and fault: its events' fingerprints, and for each the components that made it. */
function faultTable(): string {
  const lines: string[] = [];
  for (const minifier of MINIFIERS) lines.push(`${minifier} builds:`, faultLines(minifier), '');
  return lines.join('\n');
}

function faultLines(minifier: Minifier): string {
  const lines: string[] = [];
  const project = events.filter((e) => e.minifier === minifier);
  for (const truth of [...new Set(project.map((e) => e.truth))]) {
    const mine = project.filter((e) => e.truth === truth);
    const fingerprints = [...new Set(mine.map((e) => e.predicted))];
    const shared = project.filter((e) => e.truth !== truth && fingerprints.includes(e.predicted));
    const verdict =
      (fingerprints.length === 1 ? 'one issue' : `SPLIT into ${fingerprints.length}`) +
      (shared.length ? `, MERGED with ${[...new Set(shared.map((e) => e.truth))].join(', ')}` : '');
    lines.push(`  ${truth} (${mine.length} events): ${verdict}`);
    if (fingerprints.length === 1 && !shared.length) continue;
    for (const fp of fingerprints) {
      const group = mine.filter((e) => e.predicted === fp);
      const g = group[0].grouping;
      lines.push(`    ${fp.slice(0, 8)} ${g.method} ${JSON.stringify(g.components)}`);
      lines.push(`      ${group.map((e) => `${e.scenario}/${e.browser}/${e.release}`).join(' ')}`);
    }
  }
  return lines.join('\n');
}

function report(): string {
  return [
    `grouping corpus: ${events.length} events, ${new Set(events.map((e) => e.truth)).size} true issues`,
    ...scoreTable().map(({ name, scores }) => `${name.padEnd(18)} ${fmt(scores)}`),
    '',
    faultTable(),
  ].join('\n');
}

describe('pairwiseScores', () => {
  it('scores a small clustering by hand', () => {
    // Truth {a1,a2,a3} {b1}; predicted {a1,a2} {a3,b1}: 6 pairs, 3 same-fault, 2 grouped, 1 right.
    const items = [
      { truth: 'a', predicted: 'x' },
      { truth: 'a', predicted: 'x' },
      { truth: 'a', predicted: 'y' },
      { truth: 'b', predicted: 'y' },
    ];
    expect(pairwiseScores(items)).toEqual({
      pairs: 6,
      truePairs: 3,
      groupedPairs: 2,
      correctPairs: 1,
      precision: 0.5,
      recall: 1 / 3,
      f1: 0.4,
    });
    expect(pairwiseScores(items, (a, b) => a.predicted === 'x' && b.predicted === 'x').f1).toBe(1);
  });
});

describe('cross-browser grouping corpus', () => {
  it('covers both engines, both releases and every scenario, symbolicated', () => {
    expect(events).toHaveLength(SCENARIOS.length * 2 * MINIFIERS.length * RELEASES.length);
    expect(new Set(events.map((e) => e.fault)).size).toBeGreaterThanOrEqual(12);
    // Every frame of the app's own bundles was mapped back to app/src (the SDK's are not ours).
    for (const e of events)
      for (const file of e.files) expect(file).not.toMatch(/^https:\/\/shop\.example\/assets\//);
  });

  it('groups with precision 1.0 and F1 >= 0.97 against the ground truth', () => {
    if (process.env.GROUPING_CORPUS_REPORT) console.log(report());
    const all = scored();
    if (all.precision !== 1 || all.f1 < 0.97) throw new Error(`grouping below target\n${report()}`);
  });
});
