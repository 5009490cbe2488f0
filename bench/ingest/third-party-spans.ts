/**
 * Share of mapping time spent rewriting third-party span shapes (user-interaction chains,
 * `Navigation:` spans, Splunk RUM names: collector-processor/src/pipeline/map/third-party-spans.ts),
 * measured in the same process as the mapping it precedes. Two sets of captured real-SDK fixtures:
 * those without user-interaction spans (the shape `bench:ingest` sends, and @pulsetrace/web's), and
 * all of them (Honeycomb, Splunk and OTel user-interaction included). Timings alternate rounds.
 *
 *   node --import tsx bench/ingest/third-party-spans.ts [-- --rounds 15]
 */
import { fixtureBody, loadFixtures, type Fixture } from '../../collector-processor/test/helpers/fixtures';
import { decodeOtlp } from '../../collector-processor/src/otlp';
import { mapResource } from '../../collector-processor/src/pipeline/map';
import { normalizeThirdPartySpans } from '../../collector-processor/src/pipeline/map/third-party-spans';
import type { DecodedResource } from '../../collector-processor/src/pipeline/types';
import { numberArg } from '../cli';

const ROUNDS = numberArg('rounds', 15);
const REPEAT = 20;
const WITH_INTERACTIONS = new Set(['honeycomb', 'splunk', 'faro']);

const decode = (fixtures: Fixture[]): DecodedResource[] =>
  fixtures.flatMap((f) => decodeOtlp(f.signal, fixtureBody(f), f.request.encoding).resources);
const all = loadFixtures();
const sets = {
  'no user-interaction spans': decode(
    all.filter((f) => !WITH_INTERACTIONS.has(f.source) && f.scenario !== 'user-interaction'),
  ),
  'all fixtures': decode(all),
};

const ctx = { projectId: 'pbench', retentionDays: 30, receivedAtMs: Date.now() };
const time = (f: () => void): number => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

for (const [name, resources] of Object.entries(sets)) {
  let map = 0;
  let rewrite = 0;
  for (let round = 0; round < ROUNDS; round++) {
    map += time(() => {
      for (let i = 0; i < REPEAT; i++) for (const r of resources) mapResource(r, ctx);
    });
    rewrite += time(() => {
      for (let i = 0; i < REPEAT; i++) for (const r of resources) normalizeThirdPartySpans(r);
    });
  }
  console.log(
    `${name}: mapResource ${map.toFixed(0)} ms, of which the rewrite ${rewrite.toFixed(0)} ms = ` +
      `${((100 * rewrite) / map).toFixed(2)} %`,
  );
}
