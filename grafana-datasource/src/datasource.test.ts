import { DataQueryResponse, FieldType, LoadingState } from '@grafana/data';
import { lastValueFrom, toArray } from 'rxjs';
import { FROM, frameJSON, makeDataSource, makeRequest, TO } from './testing/datasource';
import { Answer, fakeBackend, fakeTemplateSrv, PROXY } from './testing/grafana';

const vitalsFrame = frameJSON(
  [
    { name: 'time', type: 'time' },
    { name: 'p75', type: 'number' },
  ],
  [
    [FROM, FROM + 60_000],
    [2100, 2300],
  ]
);

async function run(ds = makeDataSource(), targets: Array<Record<string, unknown>>, extra = {}) {
  const packets = await lastValueFrom(ds.query(makeRequest(targets, extra)).pipe(toArray()));
  return packets;
}

/** The processor's answer: results by refId. */
const answer = (results: Record<string, unknown>, status = 200): Answer => ({ status, data: { results } });

beforeEach(() => fakeTemplateSrv({ release: ['1.2.0', '1.3.0'] }));

describe('DataSource.query', () => {
  it('posts one batch through the read route and maps the frames', async () => {
    const backend = fakeBackend(() =>
      answer({ A: { status: 200, frames: [vitalsFrame] }, B: { status: 200, frames: [] } })
    );
    const [packet] = await run(makeDataSource(), [
      { refId: 'A', type: 'web_vitals', metric: 'LCP', filters: { release: ['$release'] } },
      { refId: 'B', type: 'issues', project: 'blog', sort: 'newest' },
    ]);
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]).toMatchObject({ url: `${PROXY}/read/api/v1/query`, method: 'POST', requestId: 'Q1' });
    expect(backend.requests[0].data).toEqual({
      queries: [
        {
          refId: 'A',
          type: 'web_vitals',
          project: 'shop',
          from: FROM,
          to: TO,
          intervalMs: 60_000,
          maxDataPoints: 500,
          filters: { release: ['1.2.0', '1.3.0'] },
          metric: 'LCP',
          percentiles: [75],
          view: 'timeseries',
        },
        {
          refId: 'B',
          type: 'issues',
          project: 'blog',
          from: FROM,
          to: TO,
          intervalMs: 60_000,
          maxDataPoints: 500,
          sort: 'newest',
        },
      ],
    });
    expect(packet.errors).toBeUndefined();
    expect(packet.data).toHaveLength(1);
    const frame = packet.data[0];
    expect(frame.refId).toBe('A');
    expect(frame.fields.map((f: { name: string; type: FieldType }) => [f.name, f.type])).toEqual([
      ['time', FieldType.time],
      ['p75', FieldType.number],
    ]);
    expect(frame.fields[1].values).toEqual([2100, 2300]);
  });

  it('sends a single query as the body itself, hidden queries not at all', async () => {
    const backend = fakeBackend(() => answer({ A: { status: 200, frames: [] } }));
    await run(makeDataSource(), [
      { refId: 'A', type: 'releases' },
      { refId: 'B', type: 'releases', hide: true },
    ]);
    expect(backend.requests[0].data).toMatchObject({ refId: 'A', type: 'releases' });
  });

  it('shows a failed query as its own error and keeps the other query', async () => {
    fakeBackend(() =>
      answer({
        A: { status: 200, frames: [vitalsFrame] },
        B: {
          status: 500,
          frames: [],
          error: 'the query took longer than 30 seconds: narrow the time range or add filters',
        },
      })
    );
    const [packet] = await run(makeDataSource(), [
      { refId: 'A', type: 'web_vitals' },
      { refId: 'B', type: 'sessions' },
    ]);
    expect(packet.data.map((f: { refId: string }) => f.refId)).toEqual(['A']);
    expect(packet.errors).toEqual([
      {
        refId: 'B',
        status: 500,
        message: 'The query failed: the query took longer than 30 seconds: narrow the time range or add filters.',
      },
    ]);
  });

  it('reads per-query errors when every query failed (the processor answers 500 with results)', async () => {
    fakeBackend(() =>
      answer(
        { A: { status: 500, frames: [], error: 'the query failed in ClickHouse; the processor log has the details' } },
        500
      )
    );
    const [packet] = await run(makeDataSource(), [{ refId: 'A', type: 'web_vitals' }]);
    expect(packet.errors).toEqual([
      {
        refId: 'A',
        status: 500,
        message: 'The query failed: the query failed in ClickHouse; the processor log has the details.',
      },
    ]);
  });

  it('puts validation issues on the query they name', async () => {
    fakeBackend(() => ({
      status: 400,
      data: {
        error: 'invalid query: queries.1.from: from must be before to',
        issues: [{ path: 'queries.1.from', message: 'from must be before to' }],
      },
    }));
    const [packet] = await run(makeDataSource(), [
      { refId: 'A', type: 'web_vitals' },
      { refId: 'B', type: 'web_vitals' },
    ]);
    expect(packet.errors).toEqual([
      { refId: 'B', status: 400, message: 'The processor could not run this query: from: from must be before to.' },
    ]);
  });

  it.each<[string, Answer, RegExp]>([
    [
      'a rejected token (Grafana turns 401 into 400)',
      { status: 400, data: 'Authentication to data source failed' },
      /rejected the data source's read token/,
    ],
    [
      'an unknown project',
      { status: 404, data: { error: 'no project nope for this token' } },
      /No project nope for this token: check the project id/,
    ],
    [
      'an unreachable processor',
      { status: 502, data: { message: 'Bad Gateway' } },
      /could not reach the PulseTrace processor/,
    ],
    [
      'a role Grafana refuses',
      { status: 403, data: { message: 'plugin proxy route access denied' } },
      /role may not use the read route/,
    ],
    [
      'a token without the scope',
      { status: 403, data: { error: 'this token may not read project x' } },
      /read token is not allowed to do this: this token may not read project x/,
    ],
  ])('says in a sentence when the whole request fails: %s', async (_name, failure, message) => {
    fakeBackend(() => failure);
    const [packet] = await run(makeDataSource(), [{ refId: 'A', type: 'web_vitals' }]);
    expect(packet.data).toEqual([]);
    expect(packet.errors).toHaveLength(1);
    expect(packet.errors![0].message).toMatch(message);
  });

  it('answers queries that cannot run without asking the processor', async () => {
    const backend = fakeBackend(() => answer({}));
    const [packet] = await run(makeDataSource({ url: 'http://p' }), [{ refId: 'A', type: 'web_vitals' }]);
    expect(backend.requests).toHaveLength(0);
    expect(packet.errors).toEqual([{ refId: 'A', message: expect.stringMatching(/^Choose a project/) }]);
  });

  it('splits more than 20 queries into several requests and joins the answers into one packet', async () => {
    const backend = fakeBackend((request) => {
      const queries = (request.data as { queries: Array<{ refId: string }> }).queries;
      return answer(Object.fromEntries(queries.map((q) => [q.refId, { status: 200, frames: [vitalsFrame] }])));
    });
    const targets = Array.from({ length: 25 }, (_, i) => ({ refId: `Q${i}`, type: 'web_vitals' }));
    const packets: DataQueryResponse[] = await run(makeDataSource(), targets);
    expect(backend.requests.map((r) => (r.data as { queries: unknown[] }).queries.length)).toEqual([20, 5]);
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ key: 'pulsetrace-queries', state: LoadingState.Done });
    expect(packets[0].data).toHaveLength(25);
  });

  it('migrates old saved queries before running them', async () => {
    const backend = fakeBackend(() => answer({ A: { status: 200, frames: [] } }));
    await run(makeDataSource(), [{ refId: 'A', queryType: 'vitals', metric: 'ttfb', projectId: 'docs', env: 'prod' }]);
    expect(backend.requests[0].data).toMatchObject({
      type: 'web_vitals',
      project: 'docs',
      metric: 'TTFB',
      filters: { environment: ['prod'] },
    });
  });

  it('applies the request ad-hoc filters to every query', async () => {
    const backend = fakeBackend(() => answer({ A: { status: 200, frames: [vitalsFrame] } }));
    const [packet] = await run(makeDataSource(), [{ refId: 'A', type: 'web_vitals' }], {
      filters: [
        { key: 'country', operator: '!=', value: 'US' },
        { key: 'route', operator: '=~', value: '/a.*' },
      ],
    });
    expect(backend.requests[0].data).toMatchObject({ exclude: { country: ['US'] } });
    expect(packet.data[0].meta.notices).toEqual([
      {
        severity: 'warning',
        text: 'The ad-hoc filter route =~ /a.* was not applied: PulseTrace supports = and != only.',
      },
    ]);
  });
});

describe('Explore support', () => {
  it('describes a query in one line', () => {
    const ds = makeDataSource();
    const text = ds.getQueryDisplayText({
      refId: 'A',
      type: 'web_vitals',
      metric: 'INP',
      percentiles: [75, 95],
      project: 'shop',
      filters: { release: ['1.2'] },
      exclude: { country: ['US'] },
      groupBy: ['browser'],
    } as never);
    expect(text).toBe(
      'Web vitals · INP p75/p95 · Time series · project shop · release = 1.2 · country != US · by browser'
    );
  });

  it.each([
    [
      { view: 'timeline', ruleIds: ['lcp-p75'], states: ['firing', 'resolved'], severities: ['high'] },
      'Alerts · lcp-p75 · Firing, Resolved · High · Timeline · project shop',
    ],
    // The firing view does not read states: the summary does not claim them.
    [{ view: 'firing', states: ['pending'], severities: ['info'] }, 'Alerts · Info · Firing · project shop'],
  ])('describes an alerts query by its rules, states and severities (%j)', (options, expected) => {
    const text = makeDataSource().getQueryDisplayText({
      refId: 'A',
      type: 'alerts',
      project: 'shop',
      ...options,
    } as never);
    expect(text).toBe(expected);
  });

  it('adds "filter for" and "filter out" values from Explore', () => {
    const ds = makeDataSource();
    const query = ds.getDefaultQuery('explore' as never) as never;
    const filtered = ds.modifyQuery(query, { type: 'ADD_FILTER', options: { key: 'browser', value: 'Chrome' } });
    const out = ds.modifyQuery(filtered, { type: 'ADD_FILTER_OUT', options: { key: 'browser', value: 'Chrome' } });
    expect(filtered.filters).toEqual({ browser: ['Chrome'] });
    expect([out.filters, out.exclude]).toEqual([{}, { browser: ['Chrome'] }]);
    expect(ds.modifyQuery(query, { type: 'ADD_FILTER', options: { key: 'planet', value: 'x' } }).filters).toEqual({});
  });

  it('filters for a navigation type from a web vitals table, not from other types', () => {
    const ds = makeDataSource();
    const soft = { type: 'ADD_FILTER', options: { key: 'navigationType', value: 'soft-navigation' } };
    const vitals = { ...ds.getDefaultQuery('explore' as never), refId: 'A', type: 'web_vitals' } as never;
    expect(ds.modifyQuery(vitals, soft).filters).toEqual({ navigationType: ['soft-navigation'] });
    const errors = { ...ds.getDefaultQuery('explore' as never), refId: 'A', type: 'errors' } as never;
    expect(ds.modifyQuery(errors, soft).filters).toEqual({});
  });
});
