import { fakeTemplateSrv } from '../testing/grafana';
import { templateInterpolator } from './interpolate';
import { migrateQuery } from './migrate';
import { BuildContext, buildQueryBody } from './request';

const FROM = 1_763_600_000_000;
const TO = FROM + 6 * 3600_000;

function ctx(extra: Partial<BuildContext> = {}): BuildContext {
  return {
    from: FROM,
    to: TO,
    intervalMs: 60_000,
    maxDataPoints: 800,
    defaultProject: 'shop',
    interpolate: templateInterpolator(),
    ...extra,
  };
}

beforeEach(() =>
  fakeTemplateSrv({
    project: 'blog',
    env: 'production',
    releases: ['1.2.0', '1.3.0'],
    all: ['*'],
    empty: [],
    vital: 'INP',
    issue: 'abc123',
    methods: ['GET', 'POST'],
  })
);

describe('buildQueryBody', () => {
  it('sends the range, interval and the type options only', () => {
    const query = migrateQuery({
      refId: 'A',
      type: 'web_vitals',
      metric: 'CLS',
      percentiles: [50, 95],
      issueId: 'stale',
    });
    expect(buildQueryBody(query, ctx())).toEqual({
      ok: true,
      notices: [],
      body: {
        refId: 'A',
        type: 'web_vitals',
        project: 'shop',
        from: FROM,
        to: TO,
        intervalMs: 60_000,
        maxDataPoints: 800,
        metric: 'CLS',
        percentiles: [50, 95],
        view: 'timeseries',
      },
    });
  });

  it.each([
    ['an interval under a second', { intervalMs: 20 }, { intervalMs: 1000 }],
    ['an interval over 31 days', { intervalMs: 40 * 86400_000 }, { intervalMs: 31 * 86400_000 }],
    ['too many data points', { maxDataPoints: 50_000 }, { maxDataPoints: 11_000 }],
    ['fractional times', { from: FROM + 0.4, to: TO + 0.6 }, { from: FROM, to: TO + 1 }],
  ])('keeps %s within the processor bounds', (_name, extra, expected) => {
    const built = buildQueryBody(migrateQuery({ type: 'releases' }), ctx(extra));
    expect(built.ok && built.body).toMatchObject(expected);
  });

  it('sends web_vitals’ navigationType filter and group-by, and a dashboard group-by key only where it applies', () => {
    const vitals = migrateQuery({
      type: 'web_vitals',
      filters: { navigationType: ['soft-navigation'] },
      groupBy: ['navigationType'],
    });
    expect(buildQueryBody(vitals, ctx({ groupByKeys: ['route'] }))).toMatchObject({
      ok: true,
      body: { filters: { navigationType: ['soft-navigation'] }, groupBy: ['navigationType', 'route'] },
    });
    const errors = migrateQuery({ type: 'errors' });
    const built = buildQueryBody(errors, ctx({ groupByKeys: ['navigationType', 'route'] }));
    expect(built.ok && built.body.groupBy).toEqual(['route']);
  });

  it('replaces variables in every string and list field, multi-value variables as several values', () => {
    const query = migrateQuery({
      type: 'web_vitals',
      project: '$project',
      metric: '$vital',
      filters: { environment: ['$env'], release: ['$releases', '0.9.0'] },
      exclude: { country: ['${env}-x'] },
    });
    const built = buildQueryBody(query, ctx());
    expect(built.ok && built.body).toMatchObject({
      project: 'blog',
      metric: 'INP',
      filters: { environment: ['production'], release: ['1.2.0', '1.3.0', '0.9.0'] },
      exclude: { country: ['production-x'] },
    });
  });

  it('uses the first value of a multi-value variable in a single-value field', () => {
    const query = migrateQuery({ type: 'release_comparison', baseRelease: '$releases', targetRelease: '2.0.0' });
    const built = buildQueryBody(query, ctx());
    expect(built.ok && built.body).toMatchObject({ baseRelease: '1.2.0', targetRelease: '2.0.0' });
  });

  it('leaves out a filter whose variable is "All" (*) or empty', () => {
    const query = migrateQuery({
      type: 'errors',
      filters: { release: ['$all'], environment: ['$empty'], os: ['iOS'] },
      methods: [],
    });
    const built = buildQueryBody(query, ctx());
    expect(built.ok && built.body.filters).toEqual({ os: ['iOS'] });
  });

  it('expands list options and removes duplicates', () => {
    const query = migrateQuery({ type: 'http', methods: ['$methods', 'GET'] });
    const built = buildQueryBody(query, ctx());
    expect(built.ok && built.body.methods).toEqual(['GET', 'POST']);
  });

  it('applies ad-hoc filters: = and =| as filters (AND with the query), != and !=| as exclusions', () => {
    const query = migrateQuery({
      type: 'sessions',
      filters: { release: ['1.2.0', '1.3.0'] },
      exclude: { os: ['Linux'] },
    });
    const built = buildQueryBody(
      query,
      ctx({
        adhocFilters: [
          { key: 'release', operator: '=', value: '1.3.0' },
          { key: 'country', operator: '=|', value: 'DE', values: ['DE', 'FR'] },
          { key: 'os', operator: '!=', value: 'Windows' },
          { key: 'browser', operator: '!=|', value: 'Safari', values: ['Safari', 'Edge'] },
        ],
      })
    );
    expect(built).toEqual({
      ok: true,
      notices: [],
      body: expect.objectContaining({
        filters: { release: ['1.3.0'], country: ['DE', 'FR'] },
        exclude: { os: ['Linux', 'Windows'], browser: ['Safari', 'Edge'] },
      }),
    });
  });

  it('ignores ad-hoc operators and keys the processor cannot apply, with a notice', () => {
    const built = buildQueryBody(
      migrateQuery({ type: 'sessions' }),
      ctx({
        adhocFilters: [
          { key: 'route', operator: '=~', value: '/shop.*' },
          { key: 'planet', operator: '=', value: 'mars' },
        ],
      })
    );
    expect(built.ok && built.body.filters).toBeUndefined();
    expect(built.ok && built.notices).toEqual([
      'The ad-hoc filter route =~ /shop.* was not applied: PulseTrace supports = and != only.',
      expect.stringContaining('The ad-hoc filter on "planet" was not applied'),
    ]);
  });

  it('says so when an ad-hoc filter and the query filter exclude each other', () => {
    const query = migrateQuery({ refId: 'B', type: 'sessions', filters: { release: ['1.2.0'] } });
    const built = buildQueryBody(query, ctx({ adhocFilters: [{ key: 'release', operator: '=', value: '2.0.0' }] }));
    expect(built).toEqual({ ok: false, refId: 'B', message: expect.stringMatching(/have no value in common/) });
  });

  it('adds a dashboard group-by variable to the group-by, up to three dimensions', () => {
    const query = migrateQuery({ type: 'web_vitals', groupBy: ['browser', 'os'] });
    const built = buildQueryBody(query, ctx({ groupByKeys: ['country', 'planet', 'device'] }));
    expect(built.ok && built.body.groupBy).toEqual(['browser', 'os', 'country']);
  });

  it('sends a custom-event measure with its property and aggregation; the processor picks sum when unset', () => {
    const p95 = buildQueryBody(
      migrateQuery({ type: 'custom_events', view: 'measure', propertyKey: 'revenue', aggregation: 'p95' }),
      ctx()
    );
    expect(p95.ok && [p95.body.view, p95.body.propertyKey, p95.body.aggregation]).toEqual([
      'measure',
      'revenue',
      'p95',
    ]);
    const plain = buildQueryBody(
      migrateQuery({ type: 'custom_events', view: 'measure_timeseries', propertyKey: 'items' }),
      ctx()
    );
    expect(plain.ok && 'aggregation' in plain.body).toBe(false);
    const unknown = buildQueryBody(
      migrateQuery({ type: 'custom_events', view: 'measure', propertyKey: 'revenue', aggregation: 'median' }),
      ctx()
    );
    expect(unknown.ok && 'aggregation' in unknown.body).toBe(false);
  });

  it('sends limit and includeBots only when set', () => {
    const plain = buildQueryBody(migrateQuery({ type: 'issues' }), ctx());
    const set = buildQueryBody(migrateQuery({ type: 'issues', limit: 5, includeBots: true }), ctx());
    expect(plain.ok && [plain.body.limit, plain.body.includeBots]).toEqual([undefined, undefined]);
    expect(set.ok && [set.body.limit, set.body.includeBots]).toEqual([5, true]);
  });

  it.each([
    [{ type: 'web_vitals', project: '' }, undefined, /Choose a project/],
    [{ type: 'issue_detail' }, 'shop', /Issue detail needs an issue id/],
    [{ type: 'release_comparison', baseRelease: '1.0' }, 'shop', /needs a target release/],
    [{ type: 'session_timeline', sessionId: '$nothing' }, 'shop', undefined],
    [{ type: 'custom_events', view: 'properties' }, 'shop', /needs a property key/],
    [{ type: 'custom_events', view: 'measure', aggregation: 'p95' }, 'shop', /needs a property key/],
    [{ type: 'custom_events', view: 'measure_timeseries' }, 'shop', /needs a property key/],
  ])('explains a query that cannot run yet: %j', (raw, defaultProject, message) => {
    const built = buildQueryBody(migrateQuery(raw), ctx({ defaultProject }));
    if (message) {
      expect(built).toEqual({ ok: false, refId: 'A', message: expect.stringMatching(message) });
    } else {
      // An unknown variable stays as typed; the processor answers for it.
      expect(built.ok && built.body.sessionId).toBe('$nothing');
    }
  });
});
