import { dateTime } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { FROM, makeDataSource, makeRequest, TO } from '../testing/datasource';
import { fakeBackend, fakeTemplateSrv } from '../testing/grafana';
import { PulseTraceVariableSupport } from './support';
import { migrateVariableQuery } from './variableQuery';

const range = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-24h', to: 'now' } };

beforeEach(() => fakeTemplateSrv({ project: 'blog' }));

describe('migrateVariableQuery', () => {
  it.each([
    [undefined, { refId: 'variable', kind: 'projects', project: '' }],
    ['releases', { refId: 'variable', kind: 'releases', project: '' }],
    ['releases(shop)', { refId: 'variable', kind: 'releases', project: 'shop' }],
    ['eventNames( $project )', { refId: 'variable', kind: 'event_names', project: '$project' }],
    ['what?', { refId: 'variable', kind: 'projects', project: '' }],
    [
      { kind: 'countries', project: 7, search: ' de ', limit: '5000' },
      { refId: 'variable', kind: 'countries', project: '7', search: 'de', limit: 1000 },
    ],
    [{ kind: 'planets' }, { refId: 'variable', kind: 'projects', project: '' }],
  ])('reads %j', (raw, expected) => expect(migrateVariableQuery(raw)).toEqual(expected));
});

describe('variable values', () => {
  it('lists projects the token reaches', async () => {
    fakeBackend(() => ({
      status: 200,
      data: {
        projects: [
          { id: 'shop', name: 'Shop' },
          { id: 'blog', name: 'Blog' },
        ],
      },
    }));
    const values = await makeDataSource().metricFindQuery({ kind: 'projects', search: 'sh' });
    expect(values).toEqual([{ text: 'shop', value: 'shop' }]);
  });

  it('lists values of a kind for the (interpolated) project and time range', async () => {
    const backend = fakeBackend(() => ({
      status: 200,
      data: {
        values: [
          { value: '1.3.0', count: 9 },
          { value: '1.2.0', count: 4 },
        ],
      },
    }));
    const values = await makeDataSource().metricFindQuery(
      { kind: 'releases', project: '$project', search: '1.' },
      { range }
    );
    expect(values).toEqual([
      { text: '1.3.0', value: '1.3.0' },
      { text: '1.2.0', value: '1.2.0' },
    ]);
    expect(backend.requests[0]).toMatchObject({
      url: '/api/datasources/proxy/uid/pt/read/api/v1/projects/blog/values/releases',
      params: { from: FROM, to: TO, search: '1.' },
    });
  });

  it('runs through the custom variable support as a text/value frame', async () => {
    fakeBackend(() => ({ status: 200, data: { values: [{ value: 'DE', count: 3 }] } }));
    const ds = makeDataSource();
    const support = ds.variables as PulseTraceVariableSupport;
    const response = await lastValueFrom(
      support.query(makeRequest([{ refId: 'v', kind: 'countries' } as never]) as never)
    );
    expect(response.data[0].fields.map((f: { name: string; values: unknown[] }) => [f.name, f.values])).toEqual([
      ['text', ['DE']],
      ['value', ['DE']],
    ]);
  });

  it('reports a failure as a sentence', async () => {
    fakeBackend(() => ({ status: 404, data: { error: 'no project nope for this token' } }));
    const support = makeDataSource().variables as PulseTraceVariableSupport;
    const response = await lastValueFrom(
      support.query(makeRequest([{ refId: 'v', kind: 'routes', project: 'nope' } as never]) as never)
    );
    expect(response.errors?.[0].message).toMatch(/^No project nope for this token: check the project id/);
  });

  it('asks for a project when there is neither one nor a default', async () => {
    fakeBackend(() => ({ status: 200, data: { values: [] } }));
    const support = makeDataSource({ url: 'http://p' }).variables as PulseTraceVariableSupport;
    const response = await lastValueFrom(
      support.query(makeRequest([{ refId: 'v', kind: 'routes' } as never]) as never)
    );
    expect(response.errors?.[0].message).toMatch(/^Choose a project for this variable/);
  });
});

describe('ad-hoc filters', () => {
  it('offers the filter keys', async () => {
    const keys = await makeDataSource().getTagKeys();
    expect(keys.map((k) => k.text)).toEqual([
      'release',
      'environment',
      'route',
      'urlPrefix',
      'browser',
      'os',
      'device',
      'country',
      'session',
      'user',
    ]);
  });

  it('suggests values from the project of the dashboard query', async () => {
    const backend = fakeBackend(() => ({ status: 200, data: { values: [{ value: 'Firefox', count: 2 }] } }));
    const values = await makeDataSource().getTagValues({
      key: 'browser',
      filters: [],
      timeRange: range,
      queries: [{ refId: 'A', project: '$project' } as never],
    });
    expect(values).toEqual([{ text: 'Firefox', value: 'Firefox' }]);
    expect(backend.paths()).toEqual(['read /api/v1/projects/blog/values/browsers']);
  });

  it('has no suggestions for free-form keys', async () => {
    const backend = fakeBackend(() => ({ status: 200, data: { values: [] } }));
    expect(await makeDataSource().getTagValues({ key: 'session', filters: [] })).toEqual([]);
    expect(backend.requests).toHaveLength(0);
  });
});
