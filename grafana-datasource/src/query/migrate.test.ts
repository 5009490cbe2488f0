import { SCHEMA_VERSION } from '../types';
import { changeType, migrateQuery, migrateQueryWithNotes } from './migrate';

const base = {
  refId: 'A',
  schemaVersion: SCHEMA_VERSION,
  project: '',
  filters: {},
  exclude: {},
  groupBy: [],
  includeBots: false,
};
const vitalsDefaults = { type: 'web_vitals' as const, metric: 'LCP', percentiles: [75 as const], view: 'timeseries' };

describe('migrateQuery', () => {
  const cases: Array<[string, unknown, Record<string, unknown>]> = [
    ['undefined (a new query)', undefined, { ...base, ...vitalsDefaults }],
    ['null', null, { ...base, ...vitalsDefaults }],
    ['a string', 'select 1', { ...base, ...vitalsDefaults }],
    ['an array', [1, 2], { ...base, ...vitalsDefaults }],
    ['only a refId', { refId: 'B' }, { ...base, ...vitalsDefaults, refId: 'B' }],
    ['an unknown type', { refId: 'A', type: 'forecasts' }, { ...base, ...vitalsDefaults }],
    [
      'a type in camelCase',
      { type: 'webAnalytics' },
      { ...base, type: 'web_analytics', metrics: ['page_views', 'visitors'], view: 'timeseries' },
    ],
    [
      'a current query, unchanged',
      {
        ...base,
        type: 'issues',
        project: 'shop',
        statuses: ['unresolved'],
        search: 'TypeError',
        sort: 'newest',
        limit: 20,
      },
      {
        ...base,
        type: 'issues',
        project: 'shop',
        statuses: ['unresolved'],
        search: 'TypeError',
        sort: 'newest',
        limit: 20,
      },
    ],
    [
      'wrong field types',
      {
        type: 'web_vitals',
        project: 42,
        metric: 'inp',
        percentiles: ['p95', '50', 'p42', null],
        view: 7,
        groupBy: 'browser',
        includeBots: 'true',
        limit: '250',
        filters: { release: '1.2.0', country: ['DE', 3, '', 'DE'] },
        exclude: 'nope',
      },
      {
        ...base,
        type: 'web_vitals',
        project: '42',
        metric: 'INP',
        percentiles: [50, 95],
        view: 'timeseries',
        groupBy: ['browser'],
        includeBots: true,
        limit: 250,
        filters: { release: ['1.2.0'], country: ['DE', '3'] },
      },
    ],
    [
      'out-of-range and unknown values',
      {
        type: 'http',
        view: 'pie',
        limit: 10_000_000,
        groupBy: ['url', 'planet', 'os', 'device', 'country'],
        methods: 'GET',
      },
      { ...base, type: 'http', view: 'endpoints', limit: 10_000, groupBy: ['url', 'os', 'device'], methods: ['GET'] },
    ],
    [
      'options of another type are dropped',
      { type: 'sessions', metric: 'LCP', issueId: 'abc', sort: 'frequent' },
      { ...base, type: 'sessions', sort: 'newest' },
    ],
    [
      'template variables in enum options are kept',
      { type: 'web_vitals', metric: '$vital', project: '$project' },
      { ...base, ...vitalsDefaults, metric: '$vital', project: '$project' },
    ],
    [
      'a v0 vitals query',
      {
        refId: 'C',
        queryType: 'vitals',
        metric: 'lcp',
        projectId: 'shop',
        env: 'prod',
        release: '2.0',
        percentile: 'p90',
        bots: true,
      },
      {
        ...base,
        ...vitalsDefaults,
        refId: 'C',
        project: 'shop',
        percentiles: [90],
        includeBots: true,
        filters: { environment: ['prod'], release: ['2.0'] },
      },
    ],
    [
      'a v0 page views query',
      { queryType: 'pageviews', metric: 'views', projectId: 'blog', max: 5 },
      { ...base, type: 'web_analytics', project: 'blog', metrics: ['page_views'], view: 'timeseries', limit: 5 },
    ],
    [
      'a v0 events query',
      { queryType: 'events', metric: 'signup' },
      { ...base, type: 'custom_events', view: 'timeseries', names: ['signup'] },
    ],
    ['a v0 query of an unknown kind', { queryType: 'heatmap' }, { ...base, ...vitalsDefaults }],
    [
      'an annotation query',
      { annotation: 'Deploys', project: 'shop', filters: { environment: 'prod' } },
      { ...base, ...vitalsDefaults, annotation: 'deploys', project: 'shop', filters: { environment: ['prod'] } },
    ],
    [
      "Grafana's own fields",
      { refId: 'Z', hide: true, datasource: { type: 'pulsetrace-rum-datasource', uid: 'x' }, key: 'k', type: 'live' },
      {
        ...base,
        refId: 'Z',
        type: 'live',
        hide: true,
        datasource: { type: 'pulsetrace-rum-datasource', uid: 'x' },
        key: 'k',
      },
    ],
  ];

  it.each(cases)('reads %s', (_name, raw, expected) => {
    expect(migrateQuery(raw)).toEqual(expected);
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [
      0,
      true,
      Symbol('s'),
      () => 1,
      { type: null, filters: null, groupBy: null, percentiles: {}, metrics: 5 },
      { type: ['web_vitals'], filters: { release: { a: 1 } }, limit: NaN },
      { schemaVersion: 'one', queryType: 5 },
      Object.create(null),
    ];
    for (const raw of odd) {
      const query = migrateQuery(raw);
      expect(query.schemaVersion).toBe(SCHEMA_VERSION);
      expect(typeof query.type).toBe('string');
    }
  });

  it('is idempotent', () => {
    const once = migrateQuery({ queryType: 'vitals', metric: 'cls', projectId: 'shop', env: 'prod' });
    expect(migrateQuery(once)).toEqual(once);
  });

  it.each([
    [{ type: 'heatmap' }, /does not know the query type "heatmap"/],
    [{ queryType: 'heatmap' }, /old query type "heatmap" no longer exists/],
    ['text', /could not be read/],
    [{ schemaVersion: 99 }, /newer version of the PulseTrace plugin/],
    [{ filters: { planet: 'mars' } }, /filter on "planet" was removed/],
    [{ groupBy: ['url', 'os', 'device', 'country'] }, /at most 3 dimensions; country removed/],
  ])('explains what it could not keep: %j', (raw, note) => {
    expect(migrateQueryWithNotes(raw).notes.join(' ')).toMatch(note);
  });

  it('keeps web_vitals’ own filter key and dimension (navigationType), drops them on other types', () => {
    const saved = {
      filters: { navigationType: ['soft-navigation'] },
      exclude: { navigationType: 'reload' },
      groupBy: ['navigationType', 'route'],
    };
    expect(migrateQueryWithNotes({ ...saved, type: 'web_vitals' })).toEqual({
      query: { ...base, ...vitalsDefaults, ...saved, exclude: { navigationType: ['reload'] } },
      notes: [],
    });
    const errors = migrateQueryWithNotes({ ...saved, type: 'errors' });
    expect(errors.query).toMatchObject({ filters: {}, exclude: {}, groupBy: ['route'] });
    expect(errors.notes).toEqual([
      expect.stringMatching(/^The filter on "navigationType" was removed/),
      expect.stringMatching(/^The exclusion on "navigationType" was removed/),
      expect.stringMatching(/^Grouping by "navigationType" was removed/),
    ]);
  });

  it('has nothing to explain for a current query', () => {
    expect(migrateQueryWithNotes({ ...base, ...vitalsDefaults }).notes).toEqual([]);
  });
});

describe('changeType', () => {
  it('drops navigationType when the new type does not take it', () => {
    const vitals = migrateQuery({ filters: { navigationType: ['reload'], os: ['iOS'] }, groupBy: ['navigationType'] });
    expect(changeType(vitals, 'errors')).toMatchObject({ filters: { os: ['iOS'] }, groupBy: [] });
  });

  it('keeps the shared parts and starts from the new type defaults', () => {
    const vitals = migrateQuery({ refId: 'B', project: 'shop', metric: 'CLS', filters: { release: '1' }, limit: 7 });
    expect(changeType(vitals, 'error_rate')).toEqual({
      ...base,
      refId: 'B',
      project: 'shop',
      filters: { release: ['1'] },
      limit: 7,
      type: 'error_rate',
      view: 'timeseries',
      per: 'page_view',
    });
  });
});
