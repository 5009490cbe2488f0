/**
 * Per-event cost of custom events with numeric properties on the ingest hot path (issue #13:
 * numbers are also kept typed in properties_num, scrubbed against their text, sanitised as
 * Float64): purchase events through decode, map, the scrub stage, the sanitiser and JSONEachRow
 * serialisation, with their numbers sent as OTLP numbers and, for reference, as strings. To see
 * what a change costs, run it on both trees in turn (docs/benchmarks.md: HEAD copied with
 * `git archive`), since the two inputs differ in decoding and stringifying too.
 *
 *   node --import tsx bench/ingest/custom-event-numbers.ts [-- --rounds 30 --events 2000]
 */
import { decodeOtlp } from '../../collector-processor/src/otlp';
import { mapResource } from '../../collector-processor/src/pipeline/map';
import { scrub } from '../../collector-processor/src/privacy';
import type { Project } from '../../collector-processor/src/projects/project-store';
import { defaultSettings } from '../../collector-processor/src/projects/settings';
import { rowToJsonLine } from '../../collector-processor/src/store/row-json';
import { sanitizeRows } from '../../collector-processor/src/store/sanitize';
import { numberArg } from '../cli';

const ROUNDS = numberArg('rounds', 20);
const EVENTS = numberArg('events', 2000);

type Value = { stringValue: string } | { doubleValue: number } | { intValue: number };

/** One OTLP/JSON logs request of purchase events: 3 numeric and 3 string properties each. */
function request(numbers: boolean): Buffer {
  const num = (n: number, int = false): Value =>
    numbers ? (int ? { intValue: n } : { doubleValue: n }) : { stringValue: String(n) };
  const records = Array.from({ length: EVENTS }, (_, i) => ({
    timeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`,
    eventName: 'pulsetrace.event',
    attributes: [
      { key: 'pulsetrace.event.name', value: { stringValue: 'purchase' } },
      { key: 'browser.document.url.full', value: { stringValue: `https://shop.example/checkout/${i}` } },
    ],
    body: {
      kvlistValue: {
        values: [
          { key: 'revenue', value: num(19.99 + i) },
          { key: 'items', value: num(1 + (i % 5), true) },
          { key: 'discount', value: num(i % 3) },
          { key: 'currency', value: { stringValue: 'EUR' } },
          { key: 'plan', value: { stringValue: i % 2 ? 'pro' : 'free' } },
          { key: 'coupon', value: { stringValue: `SPRING${i % 7}` } },
        ],
      },
    },
  }));
  const body = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeLogs: [{ logRecords: records }],
      },
    ],
  };
  return Buffer.from(JSON.stringify(body));
}

const project = { id: 'pbench', settings: { scrubbing: defaultSettings().scrubbing } } as unknown as Project;

async function ingestOnce(body: Buffer): Promise<number> {
  const start = process.hrtime.bigint();
  for (const resource of decodeOtlp('logs', body, 'json').resources) {
    const { rows } = mapResource(resource, {
      projectId: 'pbench',
      retentionDays: 30,
      receivedAtMs: Date.now(),
    });
    const clean = await scrub(rows, { project, receivedAtMs: Date.now(), client: {} });
    sanitizeRows(clean);
    let bytes = 0;
    for (const row of clean.custom_events) bytes += rowToJsonLine(row).length;
    if (bytes === 0) throw new Error('nothing serialised');
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const typed = request(true);
  const text = request(false);
  // Medians of per-round times: on a shared machine one slow round would move a sum.
  const times = { typed: [] as number[], text: [] as number[] };
  for (let round = 0; round < ROUNDS + 3; round++) {
    const a = await ingestOnce(typed);
    const b = await ingestOnce(text);
    if (round < 3) continue; // warm-up
    times.typed.push(a);
    times.text.push(b);
  }
  const perEvent = (ms: number) => (ms * 1000) / EVENTS;
  const [t, s] = [perEvent(median(times.typed)), perEvent(median(times.text))];
  console.log(
    `${ROUNDS} rounds of ${EVENTS} events, medians: numbers typed ${t.toFixed(2)} µs/event, as strings ` +
      `${s.toFixed(2)} µs/event (${t >= s ? '+' : ''}${(t - s).toFixed(2)} µs, ${((100 * (t - s)) / s).toFixed(1)}%) ` +
      'for decode + map + scrub + sanitise + serialise',
  );
}

void main();
