import { join } from 'node:path';
import { defaultSettings } from '../src/projects/settings';
import { Scrubber } from '../src/privacy';
import { inputOf, leaks, loadCorpus, measure, type CorpusEntry as Entry } from '../src/privacy/testkit';
import { looksLikeUrl } from '../src/privacy/url';
import type { RunningProcessor } from '../src/processor';
import { SIGNAL_TABLES, type SignalTable } from '../src/store/rows';
import { startTestProcessor } from './helpers/processor';

/**
 * The checked-in PII corpus (fixtures/pii-corpus.json): measured (recall, precision; definitions in
 * src/privacy/testkit.ts and docs/privacy.md), then sent end to end through a real processor.
 */
const corpus = loadCorpus(join(__dirname, 'fixtures/pii-corpus.json'));

describe('PII corpus', () => {
  it('is large enough, has negatives, and every sensitive substring occurs in its entry', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((e) => e.sensitive.length === 0).length).toBeGreaterThanOrEqual(50);
    expect(corpus.filter((e) => e.key !== undefined).length).toBeGreaterThanOrEqual(30);
    for (const e of corpus) for (const s of e.sensitive) expect(inputOf(e)).toContain(s);
  });

  it('default rules: recall 1.0, precision ≥ 0.95', () => {
    const m = measure(corpus, new Scrubber(defaultSettings().scrubbing));
    console.log(
      `PII corpus: ${corpus.length} entries; recall ${m.recall.toFixed(4)} (${m.removed}/${m.total} sensitive ` +
        `substrings removed); precision ${m.precision.toFixed(4)} (${m.changed - m.falsePositives.length}/${m.changed} ` +
        `changed entries held PII)` +
        (m.falsePositives.length ? `\nfalse positives:\n  ${m.falsePositives.join('\n  ')}` : ''),
    );
    expect(m.misses).toEqual([]);
    expect(m.recall).toBe(1);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
  });
});

// ---- End to end: every entry through OTLP into a real processor on embedded chDB.

type Attrs = Record<string, string | number>;
const anyValue = (v: string | number) =>
  typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
const kvs = (a: Attrs) => Object.entries(a).map(([key, v]) => ({ key, value: anyValue(v) }));
const NOW_MS = Date.now();
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const RESOURCE = {
  attributes: kvs({ 'service.name': 'pii-shop', 'telemetry.sdk.name': 'pulsetrace-browser' }),
};
const SCOPE = { name: 'pulsetrace-browser', version: '0.1.0' };

function log(eventName: string, attributes: Attrs, body?: Attrs) {
  return {
    timeUnixNano: nanos(NOW_MS),
    eventName,
    attributes: kvs(attributes),
    ...(body ? { body: { kvlistValue: { values: kvs(body) } } } : {}),
  };
}

/** A query value as a browser serialises it (`'` too is escaped in the query of an http URL). */
const q = (v: string) => encodeURIComponent(v).replace(/'/g, '%27');

/** The page URL an entry travels in: itself if it is one, else carried in a query parameter. */
function urlFor(i: number, e: Entry): string {
  if (e.key !== undefined) return `https://shop.example/kv/${i}?${q(e.key)}=${q(e.value!)}`;
  return looksLikeUrl(e.text!) ? e.text! : `https://shop.example/corpus/${i}?note=${q(e.text!)}`;
}

/** A stack frame file name: the entry itself when it is a path or URL, else the URL above. */
function fileFor(i: number, e: Entry): string {
  const t = e.text ?? '';
  return /^(\/|[A-Za-z]:\\|[a-z-]+:\/\/)\S*$/.test(t) ? t : urlFor(i, e);
}

function records(i: number, e: Entry) {
  const tag = { 'corpus.index': String(i) };
  const url = urlFor(i, e);
  const message = e.text ?? `corpus entry ${i}`;
  const kv: Attrs = e.key !== undefined ? { [e.key]: e.value! } : {};
  const crumbs = [
    { category: 'console', timestamp: NOW_MS, level: 'warning', message },
    { category: 'http', timestamp: NOW_MS, data: { url, method: 'GET', status_code: 500, ...kv } },
  ];
  const logs = [
    log('exception', {
      ...tag,
      ...kv,
      'exception.type': 'Error',
      'exception.message': message,
      'exception.stacktrace': `Error: ${message}\n    at handler (${fileFor(i, e)}:10:5)\n    at main (https://shop.example/app.js:1:${i})`,
      'pulsetrace.exception.causes': JSON.stringify([{ type: 'Error', message, stacktrace: '' }]),
      'pulsetrace.breadcrumbs': JSON.stringify(crumbs),
      'browser.document.url.full': url,
    }),
    log('browser.navigation', {
      ...tag,
      'url.full': url,
      'pulsetrace.page.title': message,
      'pulsetrace.page.referrer': url,
    }),
    log(
      'pulsetrace.event',
      { ...tag, 'pulsetrace.event.name': 'corpus', 'browser.document.url.full': url },
      e.key !== undefined ? kv : { note: message },
    ),
  ];
  if (e.key !== undefined) {
    logs.push(
      log(
        'browser.web_vital',
        {
          ...tag,
          'browser.web_vital.name': 'lcp',
          'browser.web_vital.value': 1200.5,
          'browser.document.url.full': url,
        },
        kv,
      ),
    );
    return { logs, spans: [] };
  }
  logs.push(
    log('browser.resource_timing', { ...tag, 'url.full': url, 'browser.document.url.full': url }),
    log('pulsetrace.long_task', {
      ...tag,
      'pulsetrace.long_task.kind': 'longtask',
      'pulsetrace.long_task.duration': 80,
      'pulsetrace.long_task.script_url': url,
      'pulsetrace.long_task.invoker': message,
    }),
  );
  const id = (i + 1).toString(16);
  const span = {
    traceId: id.padStart(32, '0'),
    spanId: id.padStart(16, '0'),
    name: 'GET',
    kind: 3,
    startTimeUnixNano: nanos(NOW_MS),
    endTimeUnixNano: nanos(NOW_MS + 20),
    attributes: kvs({ ...tag, 'http.request.method': 'GET', 'url.full': url }),
    status: { code: 0 },
  };
  return { logs, spans: [span] };
}

/** Every string in a stored row as [column, value]; JSON-valued strings (breadcrumbs, causes) also decoded. */
function strings(v: unknown, column: string, out: [string, string][]): [string, string][] {
  if (typeof v === 'string') {
    out.push([column, v]);
    if (/^[[{]/.test(v)) {
      try {
        strings(JSON.parse(v), column, out);
      } catch {
        /* text that starts with a bracket */
      }
    }
  } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, column || k, out);
  return out;
}

describe('end to end: nothing sensitive in the corpus reaches ClickHouse', () => {
  let processor: RunningProcessor;
  let projectId: string;
  const stored = new Map<SignalTable, Record<string, unknown>[]>();

  beforeAll(async () => {
    processor = await startTestProcessor();
    const project = await processor.projects.create({ name: 'pii', rateLimitPerSecond: 1_000_000 });
    projectId = project.id;
    const headers = { 'content-type': 'application/json', 'x-pulsetrace-key': project.ingestKeys[0].key };
    for (let start = 0; start < corpus.length; start += 40) {
      const batch = corpus.slice(start, start + 40).map((e, j) => records(start + j, e));
      const logs = {
        resourceLogs: [
          { resource: RESOURCE, scopeLogs: [{ scope: SCOPE, logRecords: batch.flatMap((b) => b.logs) }] },
        ],
      };
      const traces = {
        resourceSpans: [
          { resource: RESOURCE, scopeSpans: [{ scope: SCOPE, spans: batch.flatMap((b) => b.spans) }] },
        ],
      };
      for (const [signal, body] of [
        ['logs', logs],
        ['traces', traces],
      ] as const) {
        const res = await fetch(`${processor.url}/v1/${signal}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        });
        expect([signal, res.status, await res.text()]).toEqual([signal, 200, '{}']);
      }
    }
    await processor.drained();
    for (const table of SIGNAL_TABLES) {
      const result = await processor.store.client.query({
        query: `SELECT * FROM ${table} WHERE project_id = {p:String}`,
        query_params: { p: projectId },
        format: 'JSONEachRow',
      });
      stored.set(table, await result.json<Record<string, unknown>>());
    }
  }, 120_000);
  afterAll(() => processor?.stop());

  const byIndex = (table: SignalTable, i: number) =>
    stored.get(table)!.find((r) => (r.attributes as Record<string, string>)['corpus.index'] === String(i));

  it('stores a row for every record sent', () => {
    const texts = corpus.filter((e) => e.key === undefined).length;
    const keys = corpus.length - texts;
    const counts = Object.fromEntries(SIGNAL_TABLES.map((t) => [t, stored.get(t)!.length]));
    expect(counts).toEqual({
      page_views: corpus.length,
      web_vitals: keys,
      errors: corpus.length,
      custom_events: corpus.length,
      http_requests: texts,
      long_tasks: texts,
      resources: texts,
    });
  });

  it('no sensitive substring is in any string column of any row', () => {
    // Short values ("737") also occur by chance in hex ids and other entries: those are looked
    // for only in the rows of their own entry, outside id columns.
    const columns = new Map<string, string[]>();
    const own = new Map<string, string[]>();
    for (const t of SIGNAL_TABLES)
      for (const row of stored.get(t)!)
        for (const [c, v] of strings(row, '', [])) {
          const column = `${t}.${c}`;
          (columns.get(column) ?? columns.set(column, []).get(column)!).push(v);
          const index = (row.attributes as Record<string, string>)['corpus.index'];
          if (!/(^|_)(id|hash)$|fingerprint/.test(c))
            (own.get(index) ?? own.set(index, []).get(index)!).push(v);
        }
    const haystacks = [...columns].map(([c, vs]) => [c, vs.join('\u0000')] as const);
    const found = corpus.flatMap((e, i) =>
      e.sensitive.flatMap((s) => {
        if (s.length < 8)
          return leaks((own.get(String(i)) ?? []).join('\u0000'), s) ? [`${e.kind}: ${s} in entry ${i}`] : [];
        const where = haystacks.filter(([, h]) => leaks(h, s)).map(([c]) => c);
        return where.length ? [`${e.kind}: ${s} in ${where.join(', ')}`] : [];
      }),
    );
    expect(found).toEqual([]);
  });

  it('negatives are stored unchanged', () => {
    const changed: string[] = [];
    corpus.forEach((e, i) => {
      if (e.sensitive.length) return;
      const have = (table: SignalTable, column: string, key?: string) => {
        const v = byIndex(table, i)?.[column] as string | Record<string, string> | undefined;
        return key === undefined ? v : (v as Record<string, string> | undefined)?.[key];
      };
      const checks: [string, unknown, string][] =
        e.key !== undefined
          ? [
              ['properties', have('custom_events', 'properties', e.key), e.value!],
              ['attribution', have('web_vitals', 'attribution', e.key), e.value!],
              ['attributes', have('errors', 'attributes', e.key), e.value!],
            ]
          : [
              ['exception_message', have('errors', 'exception_message'), e.text!],
              ['title', have('page_views', 'title'), e.text!],
              ['properties.note', have('custom_events', 'properties', 'note'), e.text!],
              ['invoker', have('long_tasks', 'invoker'), e.text!],
            ];
      for (const [where, got, want] of checks)
        if (got !== want) changed.push(`${where}: ${JSON.stringify(want)} → ${JSON.stringify(got)}`);
    });
    expect(changed).toEqual([]);
  });
});
