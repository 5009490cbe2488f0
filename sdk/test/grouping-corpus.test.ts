/**
 * The grouping corpus, live: two of its faults run now in Chromium and Firefox ESR (the committed
 * esbuild build of release 2026.12.1, its maps uploaded), through the SDK and the real processor.
 * What the SDK sends must equal what corpus.json recorded, so the corpus cannot drift from what
 * the browsers and the SDK do (re-run its capture script when this fails after an upgrade), and
 * each fault must land in one issue across both browsers. The full corpus is scored in
 * collector-processor/test/grouping-corpus.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN } from '../../collector-processor/test/helpers/processor';
import {
  captureScenario,
  serveRelease,
} from '../../collector-processor/test/fixtures/grouping-corpus/browser/browser-capture';
import {
  BUILDS_DIR,
  SCENARIOS,
  type Corpus,
  type CorpusError,
} from '../../collector-processor/test/fixtures/grouping-corpus/scenarios';
import corpusJson from '../../collector-processor/test/fixtures/grouping-corpus/corpus.json';
import { BROWSERS } from './helpers/browsers';
import { waitForRows, type ErrorRow } from './helpers/clickhouse';
import { useBrowser, useHarness, type Project } from './helpers/harness';

const h = useHarness();
const corpus = corpusJson as Corpus;
const MINIFIER = 'esbuild';
const RELEASE = '2026.12.1';
/**
 * An Error subclass thrown on a constructor path (Firefox adds the subclass constructor's frame)
 * and an async/await rejection (Firefox adds `async*` callers, Chromium prints none).
 */
const LIVE = SCENARIOS.filter((s) => s.id === 'checkout-session' || s.id === 'submit-order');

let project: Project;
const sent: CorpusError[] = [];

beforeAll(async () => {
  project = await h().project('grouping-corpus-live');
  const assets = path.join(BUILDS_DIR, MINIFIER, RELEASE, 'assets');
  const form = new FormData();
  for (const file of fs.readdirSync(assets))
    form.append('file', new Blob([fs.readFileSync(path.join(assets, file))]), `assets/${file}`);
  const res = await fetch(
    `${h().processor.url}/api/v1/projects/${project.id}/releases/${RELEASE}/sourcemaps`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: form,
    },
  );
  expect(res.status).toBe(201);
  await serveRelease(h(), MINIFIER, RELEASE);
});

describe.each(BROWSERS)('the corpus app in %s', (name) => {
  const browser = useBrowser(name);

  it.each(LIVE)('sends $id ($what) as corpus.json recorded it', async (scenario) => {
    const got = await captureScenario(h(), browser(), project, MINIFIER, RELEASE, scenario);
    sent.push(got);
    const recorded = corpus.errors.find(
      (e) =>
        e.scenario === scenario.id && e.browser === name && e.minifier === MINIFIER && e.release === RELEASE,
    );
    if (!recorded)
      throw new Error(`corpus.json has no ${scenario.id} from ${name}: re-run the capture script`);
    // A difference means the browser or the SDK changed: regenerate with
    // node --import tsx collector-processor/test/fixtures/grouping-corpus/browser/capture.ts
    expect(got.attributes).toEqual(recorded.attributes);
  });
});

describe('grouping what the browsers sent just now', () => {
  it('puts each fault in one issue across Chromium and Firefox, a different one per fault', async () => {
    expect(sent).toHaveLength(LIVE.length * BROWSERS.length);
    const rows = await waitForRows<ErrorRow>(h().processor, {
      table: 'errors',
      projectId: project.id,
      count: sent.length,
    });
    const fingerprints = LIVE.map((scenario) => {
      const type = sent.find((e) => e.scenario === scenario.id)!.attributes['exception.type'];
      const mine = rows.filter((r) => r.exception_type === type);
      expect(mine.map((r) => r.symbolication)).toEqual(BROWSERS.map(() => 'mapped'));
      const distinct = [...new Set(mine.map((r) => r.fingerprint))];
      if (distinct.length !== 1)
        throw new Error(
          `${scenario.id} split by browser:\n${mine.map((r) => `${r.fingerprint} ${r.grouping}`).join('\n')}`,
        );
      return distinct[0];
    });
    expect(new Set(fingerprints).size).toBe(LIVE.length);
  });
});
