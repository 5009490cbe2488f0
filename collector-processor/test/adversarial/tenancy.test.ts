/**
 * Issue #12, tenancy: what a public ingest key can do to its own and other projects, tried on a
 * real processor (embedded chDB). Origin allowlists apply however the key arrives; CORS answers
 * per key where the key is known; a rate-limited project in a multi-project request costs the
 * other projects nothing.
 */
import type { RunningProcessor } from '../../src/processor';
import { createProject, startTestProcessor, until } from '../helpers/processor';

jest.setTimeout(60_000);

const ALLOWED = 'https://shop.example';
const FOREIGN = 'https://evil.example';

let processor: RunningProcessor;

beforeAll(async () => {
  processor = await startTestProcessor();
});
afterAll(() => processor.stop());

interface ResourceEvents {
  /** Carried in the `pulsetrace.project.key` resource attribute when set. */
  key?: string;
  /** The resource's service.name, used to find its rows. */
  marker: string;
  events: number;
}

/** OTLP/JSON logs: one resource per entry, each with `events` custom events. */
function logsBody(resources: ResourceEvents[]): string {
  const nanos = `${BigInt(Date.now()) * 1_000_000n}`;
  return JSON.stringify({
    resourceLogs: resources.map(({ key, marker, events }) => ({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: marker } },
          ...(key ? [{ key: 'pulsetrace.project.key', value: { stringValue: key } }] : []),
        ],
      },
      scopeLogs: [
        {
          scope: { name: 'pulsetrace-browser' },
          logRecords: Array.from({ length: events }, () => ({ timeUnixNano: nanos, eventName: 'signup' })),
        },
      ],
    })),
  });
}

function postLogs(body: string, headers: Record<string, string> = {}, query = ''): Promise<Response> {
  return fetch(`${processor.url}/v1/logs${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function stored(projectId: string, marker: string): Promise<number> {
  const result = await processor.store.client.query({
    query:
      'SELECT count() AS n FROM custom_events WHERE project_id = {p:String} AND service_name = {m:String}',
    query_params: { p: projectId, m: marker },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row.n);
}

/**
 * The WAL is stored in order: once a later, allowed request of the project is queryable, an
 * earlier one that had been accepted would be too. So "nothing stored" is checked, not waited for.
 */
async function afterNextStored(project: { id: string; ingestKey: string }, marker: string) {
  const res = await postLogs(logsBody([{ marker, events: 1 }]), { 'x-pulsetrace-key': project.ingestKey });
  expect(res.status).toBe(200);
  await until(async () => (await stored(project.id, marker)) === 1, 10_000, `${marker} stored`);
}

let sequence = 0;
const marker = (name: string) => `${name}-${++sequence}`;

describe('origin allowlist applies to every way a key arrives', () => {
  it('a key only in the resource attribute from a foreign origin stores nothing and answers like the header key', async () => {
    const project = await createProject(processor.url, { name: 'shop', allowedOrigins: [ALLOWED] });
    const viaHeader = marker('via-header');
    const viaResource = marker('via-resource');

    const headerRes = await postLogs(logsBody([{ marker: viaHeader, events: 1 }]), {
      'x-pulsetrace-key': project.ingestKey,
      origin: FOREIGN,
    });
    const resourceRes = await postLogs(
      logsBody([{ key: project.ingestKey, marker: viaResource, events: 3 }]),
      {
        origin: FOREIGN,
      },
    );
    expect(headerRes.status).toBe(403);
    expect(resourceRes.status).toBe(headerRes.status);
    const status = (await resourceRes.json()) as { code: number; message: string };
    expect(status.code).toBe(((await headerRes.json()) as { code: number }).code);
    expect(status.message).toContain(FOREIGN);

    // From the allowed origin the same resource-attribute request is accepted.
    const allowed = marker('allowed');
    const allowedRes = await postLogs(logsBody([{ key: project.ingestKey, marker: allowed, events: 2 }]), {
      origin: ALLOWED,
    });
    expect(allowedRes.status).toBe(200);

    await afterNextStored(project, marker('after'));
    expect(await stored(project.id, allowed)).toBe(2);
    expect(await stored(project.id, viaResource)).toBe(0);
    expect(await stored(project.id, viaHeader)).toBe(0);
  });

  it('in a multi-project request only the projects that allow the origin are stored; the rest are counted as rejected', async () => {
    const allowing = await createProject(processor.url, { name: 'allowing', allowedOrigins: [ALLOWED] });
    const refusing = await createProject(processor.url, {
      name: 'refusing',
      allowedOrigins: ['https://other.example'],
    });
    const kept = marker('kept');
    const refused = marker('refused');
    const res = await postLogs(
      logsBody([
        { key: allowing.ingestKey, marker: kept, events: 2 },
        { key: refusing.ingestKey, marker: refused, events: 3 },
      ]),
      { origin: ALLOWED },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      partialSuccess?: { rejectedLogRecords?: string; errorMessage?: string };
    };
    expect(Number(body.partialSuccess?.rejectedLogRecords)).toBe(3);
    expect(body.partialSuccess?.errorMessage).toContain(ALLOWED);

    await until(async () => (await stored(allowing.id, kept)) === 2, 10_000, 'allowed project stored');
    await afterNextStored(refusing, marker('refusing-after'));
    expect(await stored(refusing.id, refused)).toBe(0);
  });
});

describe('CORS is answered per key where the key is known', () => {
  let strict: { id: string; ingestKey: string };
  let open: { id: string; ingestKey: string };
  beforeAll(async () => {
    strict = await createProject(processor.url, { name: 'strict', allowedOrigins: [ALLOWED] });
    open = await createProject(processor.url, { name: 'open-to-evil', allowedOrigins: [FOREIGN] });
  });

  const preflight = (query: string) =>
    fetch(`${processor.url}/v1/logs${query}`, {
      method: 'OPTIONS',
      headers: {
        origin: FOREIGN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it("a preflight with ?key= of a project that doesn't allow the origin is refused, though another project allows it", async () => {
    const refused = await preflight(`?key=${strict.ingestKey}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await preflight(`?key=${open.ingestKey}`);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(FOREIGN);
    // Without a key (it travels in a header the preflight does not carry) any project's allowlist
    // answers; the POST itself is then checked against the key's project.
    expect((await preflight('')).status).toBe(204);
  });

  it('a POST refused for its origin stays readable, so the SDK drops the batch instead of retrying', async () => {
    // Enforcement is the 403 (and the per-key preflight); withholding the CORS grant here would
    // only turn the refusal into a network error that the SDK retries.
    const res = await postLogs(logsBody([{ marker: marker('cors-post'), events: 1 }]), {
      'x-pulsetrace-key': strict.ingestKey,
      origin: FOREIGN,
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(FOREIGN);
  });
});

describe('rate limits admit every project before charging any', () => {
  it('when the second project is limited the first is charged nothing, so the retry succeeds', async () => {
    // One record per second, a burst of two: a single double charge is visible.
    const first = await createProject(processor.url, { name: 'first', rateLimitPerSecond: 1 });
    const second = await createProject(processor.url, { name: 'second', rateLimitPerSecond: 1 });
    const drain = await postLogs(logsBody([{ key: second.ingestKey, marker: marker('drain'), events: 2 }]));
    expect(drain.status).toBe(200);

    const firstMarker = marker('first');
    const secondMarker = marker('second');
    const body = logsBody([
      { key: first.ingestKey, marker: firstMarker, events: 2 },
      { key: second.ingestKey, marker: secondMarker, events: 1 },
    ]);
    const limited = await postLogs(body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');

    // After Retry-After the second project has a token again; the first still has its full burst
    // only if the refused request took nothing from it (else it would hold ~1 of the 2 it needs).
    await new Promise((r) => setTimeout(r, 1_100));
    const retried = await postLogs(body);
    expect(retried.status).toBe(200);
    await until(async () => (await stored(second.id, secondMarker)) === 1, 10_000, 'second project stored');
    expect(await stored(first.id, firstMarker)).toBe(2);
  });
});
