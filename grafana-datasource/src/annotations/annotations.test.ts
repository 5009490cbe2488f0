import { DataFrame } from '@grafana/data';
import { lastValueFrom, toArray } from 'rxjs';
import { frameJSON, FROM, makeDataSource, makeRequest, TO } from '../testing/datasource';
import { Answer, fakeBackend, fakeTemplateSrv } from '../testing/grafana';
import { alertEvents, deployEvents, releaseEvents, toEpochMs } from './events';
import { ALERTS_LATER, INSIGHTS_LATER } from './run';
import { annotationSupport } from './support';
import { migrateAnnotationTarget } from './target';

const iso = (ms: number) => new Date(ms).toISOString();
const H = 3600_000;

/** The annotation frame as plain rows, to compare with what the test seeded. */
function rows(frame: DataFrame) {
  const field = (name: string) => frame.fields.find((f) => f.name === name)!.values;
  return field('time').map((time: number, i: number) => ({
    time,
    timeEnd: field('timeEnd')[i],
    title: field('title')[i],
    tags: field('tags')[i],
  }));
}

async function annotate(target: Record<string, unknown>, route: (url: string, data: unknown) => Answer) {
  const backend = fakeBackend((r) => route(r.url, r.data));
  const query = annotationSupport.prepareQuery!({ enable: true, name: 'x', iconColor: 'red', target: target as never });
  const [packet] = await lastValueFrom(
    makeDataSource()
      .query(makeRequest([query!]))
      .pipe(toArray())
  );
  return { packet, backend };
}

beforeEach(() => fakeTemplateSrv({ env: 'production', rule: ['lcp-p75', 'new-issue'] }));

describe('toEpochMs', () => {
  it.each([
    [1_763_780_000_123, 1_763_780_000_123],
    [1_763_780_000.123, 1_763_780_000_123],
    ['1763780000.123', 1_763_780_000_123],
    ['2025-11-22T03:33:20.123Z', 1_763_782_400_123],
    [null, undefined],
    ['soon', undefined],
  ])('reads %p', (value, expected) => expect(toEpochMs(value)).toBe(expected));
});

describe('annotations', () => {
  const releases = [
    { version: '1.3.0', createdAt: iso(TO + H), deploys: 1 },
    { version: '1.2.0', createdAt: iso(FROM + 2 * H), ref: 'abc', deploys: 2 },
    { version: '1.1.0', createdAt: iso(FROM - 48 * H), deploys: 1 },
    { version: '1.0.0', createdAt: iso(FROM - 96 * H), deploys: 0 },
  ];
  const deploys: Record<string, unknown[]> = {
    '1.2.0': [
      {
        release: '1.2.0',
        environment: 'production',
        startedAt: iso(FROM + 3 * H),
        finishedAt: iso(FROM + 3 * H + 600_000),
      },
      { release: '1.2.0', environment: 'staging', startedAt: null, finishedAt: iso(FROM + 2.5 * H) },
    ],
    '1.1.0': [{ release: '1.1.0', environment: 'production', startedAt: null, finishedAt: iso(FROM + H) }],
  };
  const api = (url: string): Answer => {
    const release = /releases\/([^/]+)\/deploys/.exec(url);
    if (release) {
      return { status: 200, data: { deploys: deploys[decodeURIComponent(release[1])] ?? [] } };
    }
    return /releases$/.test(url) ? { status: 200, data: { releases } } : { status: 404, data: { error: 'no' } };
  };

  it('marks releases created in the range', async () => {
    const { packet } = await annotate({ annotation: 'releases' }, api);
    expect(rows(packet.data[0])).toEqual([
      { time: FROM + 2 * H, timeEnd: null, title: 'Release 1.2.0', tags: ['release', '1.2.0'] },
    ]);
  });

  it('marks deploys in the range, as regions when they have a start, filtered by environment', async () => {
    const { packet, backend } = await annotate(
      { annotation: 'deploys', project: 'shop', filters: { environment: ['$env'] } },
      api
    );
    expect(rows(packet.data[0])).toEqual([
      { time: FROM + H, timeEnd: null, title: 'Deployed 1.1.0 to production', tags: ['deploy', 'production', '1.1.0'] },
      {
        time: FROM + 3 * H,
        timeEnd: FROM + 3 * H + 600_000,
        title: 'Deployed 1.2.0 to production',
        tags: ['deploy', 'production', '1.2.0'],
      },
    ]);
    // Releases created after the range or never deployed are not asked for deploys.
    expect(backend.paths().filter((p) => p.includes('deploys'))).toEqual([
      'read /api/v1/projects/shop/releases/1.2.0/deploys',
      'read /api/v1/projects/shop/releases/1.1.0/deploys',
    ]);
  });

  it('marks issues first seen in the range, from an issues query sorted newest', async () => {
    const issues = frameJSON(
      [
        { name: 'id', type: 'string' },
        { name: 'title', type: 'string' },
        { name: 'type', type: 'string' },
        { name: 'first_seen', type: 'time' },
      ],
      [
        ['i1', 'i2'],
        ['TypeError: x is undefined', 'ChunkLoadError'],
        ['TypeError', 'ChunkLoadError'],
        [FROM + 5 * H, FROM - H],
      ]
    );
    const { packet, backend } = await annotate(
      { annotation: 'new_issues', filters: { environment: ['$env'] } },
      () => ({
        status: 200,
        data: { results: { annotations: { status: 200, frames: [issues] } } },
      })
    );
    expect(backend.requests[0].data).toMatchObject({
      type: 'issues',
      sort: 'newest',
      project: 'shop',
      from: FROM,
      to: TO,
      filters: { environment: ['production'] },
    });
    expect(rows(packet.data[0])).toEqual([
      {
        time: FROM + 5 * H,
        timeEnd: null,
        title: 'New issue: TypeError: x is undefined',
        tags: ['issue', 'TypeError'],
      },
    ]);
  });

  it('marks insights as regions from change point to resolution, from the insights list frame', async () => {
    const insights = frameJSON(
      [
        { name: 'id', type: 'string' },
        { name: 'kind', type: 'string' },
        { name: 'title', type: 'string' },
        { name: 'severity', type: 'string' },
        { name: 'status', type: 'string' },
        { name: 'started_at', type: 'time' },
        { name: 'resolved_at', type: 'time' },
        { name: 'top_hypothesis', type: 'string' },
      ],
      [
        ['a', 'b', 'c'],
        ['release_regression', 'anomaly', 'anomaly'],
        ['Errors up in Safari', 'LCP p75 up on /checkout', 'Resolved before the range'],
        ['critical', 'medium', 'low'],
        ['resolved', 'open', 'resolved'],
        [FROM + H, FROM + 4 * H, FROM - 5 * H],
        [FROM + 2 * H, null, FROM - 4 * H],
        ['TypeError in checkout.js', null, null],
      ]
    );
    const { packet, backend } = await annotate({ annotation: 'insights' }, () => ({
      status: 200,
      data: { results: { annotations: { status: 200, frames: [insights] } } },
    }));
    expect(backend.requests[0].data).toMatchObject({
      type: 'insights',
      project: 'shop',
      from: FROM,
      to: TO,
      statuses: ['open', 'acknowledged', 'resolved'],
    });
    expect(rows(packet.data[0])).toEqual([
      {
        time: FROM + H,
        timeEnd: FROM + 2 * H,
        title: 'Insight: Errors up in Safari',
        tags: ['insight', 'release_regression', 'critical', 'resolved'],
      },
      {
        time: FROM + 4 * H,
        timeEnd: null,
        title: 'Insight: LCP p75 up on /checkout',
        tags: ['insight', 'anomaly', 'medium', 'open'],
      },
    ]);
    const text = packet.data[0].fields.find((f: { name: string }) => f.name === 'text')!.values;
    expect(text[0]).toBe('Likely cause: TypeError in checkout.js\ninsight a');
  });

  it('says insights arrive later when the processor is older than the insights type', async () => {
    const { packet } = await annotate({ annotation: 'insights' }, () => ({
      status: 400,
      data: { error: 'invalid query: type: type must be one of web_vitals, errors' },
    }));
    expect(packet.errors).toEqual([{ refId: 'A', message: INSIGHTS_LATER }]);
  });

  /** The alerts timeline frame (the processor's TIMELINE_FIELDS), one row per state change. */
  const alertTimeline = (rows: Array<Record<string, unknown>>) => {
    const fields: Array<[string, 'time' | 'string' | 'other' | 'number' | 'boolean']> = [
      ['time', 'time'],
      ['time_end', 'time'],
      ['rule_id', 'string'],
      ['rule_name', 'string'],
      ['kind', 'string'],
      ['state', 'string'],
      ['severity', 'string'],
      ['fingerprint', 'string'],
      ['labels', 'other'],
      ['value', 'number'],
      ['starts_at', 'time'],
      ['summary', 'string'],
      ['silenced', 'boolean'],
    ];
    return frameJSON(
      fields.map(([name, type]) => ({ name, type })),
      fields.map(([name]) => rows.map((r) => r[name] ?? null))
    );
  };
  const change = (over: Record<string, unknown>) => ({
    rule_id: 'lcp-p75',
    rule_name: 'LCP p75 over 2.5 s',
    kind: 'threshold',
    severity: 'high',
    fingerprint: 'f1',
    labels: { route: '/checkout' },
    value: 3100,
    summary: 'p75 LCP on /checkout is 3.1 s',
    silenced: false,
    ...over,
  });

  it('marks alert state changes: firing as points, resolves as regions from firing to resolution', async () => {
    const timeline = alertTimeline([
      change({ time: FROM + H, state: 'firing', starts_at: FROM + H }),
      change({ time: FROM + 3 * H, time_end: FROM + 3 * H, state: 'resolved', starts_at: FROM + H }),
      // An event alert fires once: time_end = starts_at = time, a point.
      change({
        time: FROM + 2 * H,
        time_end: FROM + 2 * H,
        starts_at: FROM + 2 * H,
        rule_id: 'new-issue',
        rule_name: 'New issue',
        kind: 'event',
        state: 'firing',
        severity: 'critical',
        summary: 'New issue: TypeError: x is undefined',
        silenced: true,
      }),
      // Outside the range (the processor would not send it; the frame is not trusted to be clipped).
      change({ time: TO + H, state: 'firing', starts_at: TO + H }),
    ]);
    const { packet, backend } = await annotate(
      { annotation: 'alerts', severities: ['high', 'critical'], ruleIds: ['$rule'] },
      () => ({ status: 200, data: { results: { annotations: { status: 200, frames: [timeline] } } } })
    );
    expect(backend.requests[0].data).toMatchObject({
      type: 'alerts',
      view: 'timeline',
      project: 'shop',
      from: FROM,
      to: TO,
      states: ['firing', 'resolved'],
      severities: ['high', 'critical'],
      ruleIds: ['lcp-p75', 'new-issue'],
    });
    expect(rows(packet.data[0])).toEqual([
      {
        time: FROM + H,
        timeEnd: null,
        title: 'Firing: LCP p75 over 2.5 s',
        tags: ['alert', 'LCP p75 over 2.5 s', 'firing', 'high'],
      },
      {
        time: FROM + H,
        timeEnd: FROM + 3 * H,
        title: 'Resolved: LCP p75 over 2.5 s',
        tags: ['alert', 'LCP p75 over 2.5 s', 'resolved', 'high'],
      },
      {
        time: FROM + 2 * H,
        timeEnd: null,
        title: 'Firing: New issue',
        tags: ['alert', 'New issue', 'firing', 'critical', 'silenced'],
      },
    ]);
    const text = packet.data[0].fields.find((f: { name: string }) => f.name === 'text')!.values;
    expect(text).toEqual([
      'p75 LCP on /checkout is 3.1 s',
      'p75 LCP on /checkout is 3.1 s',
      'New issue: TypeError: x is undefined',
    ]);
  });

  it('asks for the alert states the annotation chose, and no other filter when none is chosen', async () => {
    const { backend } = await annotate({ annotation: 'alerts', states: ['pending', 'cancelled'] }, () => ({
      status: 200,
      data: { results: { annotations: { status: 200, frames: [alertTimeline([])] } } },
    }));
    const body = backend.requests[0].data as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'alerts', states: ['pending', 'cancelled'] });
    expect(body).not.toHaveProperty('severities');
    expect(body).not.toHaveProperty('ruleIds');
  });

  it('names a rule by its id when the row has no name', () => {
    const frame = alertTimeline([change({ time: FROM, state: 'pending', rule_name: '', starts_at: FROM })]);
    expect(alertEvents([frame], { from: FROM, to: TO })).toEqual([
      {
        time: FROM,
        title: 'Pending: lcp-p75',
        text: 'p75 LCP on /checkout is 3.1 s',
        tags: ['alert', 'lcp-p75', 'pending', 'high'],
      },
    ]);
  });

  it('says alert annotations arrive later when the processor is older than the alerts type', async () => {
    const { packet } = await annotate({ annotation: 'alerts' }, () => ({
      status: 400,
      data: { error: 'invalid query: type: type must be one of web_vitals, errors' },
    }));
    expect(packet.errors).toEqual([{ refId: 'A', message: ALERTS_LATER }]);
  });

  it('keeps an alert annotation’s filters whatever type it was saved with', () => {
    expect(
      migrateAnnotationTarget({
        annotation: 'alerts',
        type: 'web_vitals',
        states: ['firing'],
        severities: ['info', 'x'],
      })
    ).toMatchObject({ annotation: 'alerts', type: 'alerts', states: ['firing'], severities: ['info'] });
    expect(migrateAnnotationTarget({ annotation: 'releases', states: ['firing'] })).not.toHaveProperty('states');
  });

  it('prepares old or empty saved annotations as release annotations', () => {
    const prepared = annotationSupport.prepareAnnotation!({
      name: 'x',
      enable: true,
      iconColor: 'red',
      target: 'junk',
    } as never);
    expect(prepared.target).toMatchObject({ annotation: 'releases', type: 'web_vitals' });
  });

  it('leaves out deploys without a readable time', () => {
    expect(releaseEvents([], { from: 0, to: 1 })).toEqual([]);
    expect(deployEvents([{ release: 'r', environment: 'e', finishedAt: 'never' }], { from: 0, to: 1 })).toEqual([]);
  });
});
