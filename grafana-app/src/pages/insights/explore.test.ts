import { exploreUrl, namedQueries } from './explore';
import { issueHref, releaseHref } from './links';

const panesOf = (url: string) => {
  const params = new URLSearchParams(url.slice(url.indexOf('?') + 1));
  expect(url.startsWith('/explore?')).toBe(true);
  expect(params.get('schemaVersion')).toBe('1');
  return JSON.parse(params.get('panes')!);
};

const baseline = {
  type: 'web_vitals',
  project: 'shop',
  from: 1000,
  to: 2000,
  metric: 'LCP',
  view: 'table',
  percentiles: [75],
  filters: { route: ['/checkout'] },
};
const current = { ...baseline, from: 3000, to: 4000 };

describe('exploreUrl', () => {
  it('named windows open side by side, each over its own range, as saved queries of the data source', () => {
    const panes = panesOf(exploreUrl('pt-uid', { baseline, current }, { from: 0, to: 1 })!);
    expect(Object.keys(panes)).toEqual(['baseline', 'current']);
    expect(panes.baseline.range).toEqual({ from: '1000', to: '2000' });
    expect(panes.current.range).toEqual({ from: '3000', to: '4000' });
    expect(panes.current.datasource).toBe('pt-uid');
    const [q] = panes.current.queries;
    expect(q).toMatchObject({
      refId: 'current',
      type: 'web_vitals',
      project: 'shop',
      metric: 'LCP',
      view: 'table',
      percentiles: [75],
      filters: { route: ['/checkout'] },
      schemaVersion: 1,
      datasource: { type: 'pulsetrace-rum-datasource', uid: 'pt-uid' },
    });
    // The window is the pane's range, not a query option.
    expect(q).not.toHaveProperty('from');
  });

  it('queries over one window share a pane; a query without a window gets the card’s', () => {
    const errors = { type: 'errors', project: 'shop', view: 'table', from: 3000, to: 4000 };
    const bare = { type: 'issues', project: 'shop' };
    const panes = panesOf(exploreUrl('pt', [current, errors, bare], { from: 10, to: 20 })!);
    expect(Object.keys(panes)).toEqual(['q1', 'q3']);
    expect(panes.q1.queries.map((q: { refId: string }) => q.refId)).toEqual(['q1', 'q2']);
    expect(panes.q3.range).toEqual({ from: '10', to: '20' });
  });

  it.each([
    ['no queries', []],
    ['null', null],
    ['bodies without a type', [{ project: 'shop' }]],
  ])('%s: no link', (_what, queries) => {
    expect(exploreUrl('pt', queries as never, { from: 0, to: 1 })).toBeUndefined();
  });

  it('no data source: no link', () => {
    expect(exploreUrl('', [current], { from: 0, to: 1 })).toBeUndefined();
    expect(namedQueries([current])).toHaveLength(1);
  });
});

describe('links', () => {
  const params = 'var-ds=pt&var-project=shop';
  it.each([
    [
      'with the previous release: the comparison',
      { previousRelease: '1.0.0', deploys: [], issues: [] },
      '/a/pulsetrace-app/releases/compare?var-base=1.0.0&var-target=1.1.0&var-ds=pt&var-project=shop',
    ],
    [
      'without: the releases list filtered to it',
      { deploys: [], issues: [] },
      '/a/pulsetrace-app/releases?var-release=1.1.0&var-ds=pt&var-project=shop',
    ],
  ])('release %s', (_what, links, href) => {
    expect(releaseHref('1.1.0', links, params)).toBe(href);
  });

  it('an issue’s detail page', () => {
    expect(issueHref('fp/1', params)).toBe('/a/pulsetrace-app/issues/fp%2F1?var-ds=pt&var-project=shop');
  });
});
