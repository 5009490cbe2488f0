import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import {
  sceneGraph,
  SceneObject,
  SceneVariable,
  VizPanel,
  getUrlState,
  syncStateFromSearchParams,
} from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { fakeBackend } from '../../../../grafana-datasource/src/testing/grafana';
import { grafanaServices, SentQuery } from '../../testing/sceneTestKit';
import { sessionScene } from './sessionPage';
import { sessionsPage, sessionsScene, SESSION_LINK } from './sessionsPage';
import { SEARCH, sessionsQuery, sessionSummaryQuery, sessionTimelineQuery } from './queries';

// Rendering Grafana's panels in jsdom is slow on a shared machine.
jest.setTimeout(60_000);

// TextLink's internal links are router links: Grafana renders the app inside its router.
const Router = MemoryRouter as unknown as React.ComponentType<{ children?: React.ReactNode }>;

const T = Date.now() - 3600_000;
type Field = [name: string, type: string, values: unknown[]];
const frame = (fields: Field[]) => [
  { schema: { fields: fields.map(([name, type]) => ({ name, type })) }, data: { values: fields.map(([, , v]) => v) } },
];

function answer(q: SentQuery) {
  switch (q.type) {
    case 'sessions':
      return frame([
        ['session_id', 'string', ['checkout-rich']],
        ['start', 'time', [T]],
        ['page_views', 'number', [3]],
        ['errors', 'number', [1]],
        ['user', 'string', ['u3']],
        ['visitor', 'string', ['v-rich']],
        ['release', 'string', ['1.1.0']],
        ['browser', 'string', ['Chrome']],
        ['os', 'string', ['Windows']],
      ]);
    case 'session_timeline':
      return q.sessionId === 'checkout-rich'
        ? frame([
            ['time', 'time', [T, T + 14_150, T + 15_400]],
            ['kind', 'string', ['page_view', 'http', 'error']],
            ['name', 'string', ['/', 'POST /api/checkout', 'TypeError']],
            ['detail', 'string', ['Shop', '503 https://api.shop.example/api/checkout', 'x is undefined']],
            ['duration_ms', 'number', [950, 1250, null]],
            ['issue_id', 'string', ['', '', 'fp-checkout-total']],
          ])
        : frame([['time', 'time', []]]);
    default:
      return [];
  }
}

/**
 * Grafana's services (sceneTestKit) with a backend that also takes a single query body: the data
 * source posts one query as itself and several as `{ queries }`.
 */
function services(): SentQuery[] {
  grafanaServices(answer);
  const sent: SentQuery[] = [];
  fakeBackend((request) => {
    if (request.url.endsWith('/api/v1/query')) {
      const batch = (request.data as { queries?: SentQuery[] }).queries;
      const queries = batch ?? [request.data as SentQuery];
      sent.push(...queries);
      const results = Object.fromEntries(queries.map((q) => [q.refId, { status: 200, frames: answer(q) }]));
      return { status: 200, data: { results } };
    }
    if (request.url.endsWith('/api/v1/projects')) {
      return { status: 200, data: { projects: [{ id: 'shop', name: 'shop' }] } };
    }
    if (request.url.includes('/values/')) {
      return { status: 200, data: { values: [{ value: '/checkout', count: 1 }] } };
    }
    return { status: 404, data: { error: 'not found' } };
  });
  return sent;
}

const SEARCH_URL = {
  [`var-${SEARCH.user}`]: 'u3',
  [`var-${SEARCH.visitor}`]: 'v-rich',
  [`var-${SEARCH.route}`]: '/checkout',
  [`var-${SEARCH.hadError}`]: 'yes',
  [`var-${SEARCH.sort}`]: 'longest',
  from: 'now-6h',
  to: 'now',
};

function variableValues(scene: SceneObject) {
  return Object.fromEntries(
    Object.values(SEARCH).map((name) => [name, (sceneGraph.lookupVariable(name, scene) as SceneVariable).getValue()])
  );
}

const sessionsPanel = (scene: SceneObject) =>
  sceneGraph.findObject(scene, (o) => o instanceof VizPanel && o.state.title === 'Sessions') as VizPanel;

describe('Sessions search scene', () => {
  it('runs exactly the sessions query of queries.ts', () => {
    const scene = sessionsScene();
    const runner = sessionsPanel(scene).state.$data!.state.$data!;
    expect((runner.state as { queries: unknown[] }).queries).toEqual([sessionsQuery()]);
  });

  it('reads the search from the URL, sends it, and writes the same URL back', async () => {
    const sent = services();
    const scene = sessionsScene();
    syncStateFromSearchParams(scene, new URLSearchParams(SEARCH_URL));
    render(<scene.Component model={scene} />);
    await waitFor(() => expect(sent.some((q) => q.type === 'sessions')).toBe(true));
    const q = sent.filter((s) => s.type === 'sessions').at(-1)!;
    expect(q).toMatchObject({
      project: 'shop',
      filters: { user: ['u3'], route: ['/checkout'] },
      visitor: 'v-rich',
      hadError: 'yes',
      sort: 'longest',
      limit: 100,
    });
    expect(q.to - q.from).toBeCloseTo(6 * 3600_000, -4);

    const url = getUrlState(scene);
    expect(url).toMatchObject(SEARCH_URL);
    const again = sessionsScene();
    syncStateFromSearchParams(again, new URLSearchParams(url as Record<string, string>));
    expect(variableValues(again)).toEqual(variableValues(scene));
    expect(sceneGraph.getTimeRange(again).state.from).toBe('now-6h');
  });

  it('sends no user, visitor or route filter while the search is empty', async () => {
    const sent = services();
    const scene = sessionsScene();
    render(<scene.Component model={scene} />);
    await waitFor(() => expect(sent.some((q) => q.type === 'sessions')).toBe(true));
    const q = sent.find((s) => s.type === 'sessions')!;
    expect(q.filters).toBeUndefined();
    expect(q.visitor).toBeUndefined();
    expect(q).toMatchObject({ hadError: 'any', sort: 'newest' });
  });

  it('links each session id to its timeline, a drilldown of the page', () => {
    expect(SESSION_LINK).toBe(
      `${prefixRoute(ROUTES.Sessions)}/\${__value.raw:percentencode}?var-ds=\${ds}&var-project=\${project}&\${__url_time_range}`
    );
    const overrides = sessionsPanel(sessionsScene()).state.fieldConfig.overrides;
    const session = overrides.find((o) => o.matcher.options === 'Session')!;
    expect(session.properties).toEqual([
      { id: 'links', value: [{ title: 'Open the session timeline', url: SESSION_LINK }] },
    ]);
    const page = sessionsPage();
    const drilldown = page.state.drilldowns![0]!;
    expect(drilldown.routePath).toBe(':sessionId');
    const child = drilldown.getPage({ params: { sessionId: 'a%2Fb' }, isExact: true, path: '', url: '' }, page);
    expect(child.state.url).toBe(prefixRoute(`${ROUTES.Sessions}/a%2Fb`));
    expect(child.state.title).toBe('Session a/b');
  });
});

describe('Session page', () => {
  it('shows who the session was and its timeline, the error linking to its issue', async () => {
    const sent = services();
    const scene = sessionScene('checkout-rich');
    render(
      <Router>
        <scene.Component model={scene} />
      </Router>
    );
    const list = await screen.findByRole('list', { name: 'Session timeline' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('aria-label'))
    ).toEqual(['+0.0 s Page view: /', '+14.2 s HTTP: POST /api/checkout', '+15.4 s Error: TypeError']);
    expect(screen.getByText('User u3 · Visitor v-rich · Release 1.1.0 · Chrome · Windows')).toBeInTheDocument();
    const issue = within(list).getByRole('link', { name: 'TypeError' }).getAttribute('href')!;
    expect(issue).toMatch(
      new RegExp(`^${prefixRoute(`${ROUTES.Issues}/fp-checkout-total`)}\\?var-ds=.+&var-project=shop&from=`)
    );
    // The page runs its two queries of queries.ts, with no environment or release filter.
    const run = sent.filter((q) => q.refId === 'summary' || q.refId === 'timeline');
    expect(run.map((q) => [q.refId, q.type])).toEqual([
      ['summary', 'sessions'],
      ['timeline', 'session_timeline'],
    ]);
    expect(run[0]!.filters).toEqual({ session: ['checkout-rich'] });
    expect(run[1]).toMatchObject({ sessionId: 'checkout-rich', limit: 2000 });
    expect(run[1]!.filters).toBeUndefined();
    const runner = sceneGraph.getData(sceneGraph.findObject(scene, (o) => 'sessionId' in o.state)!);
    expect((runner.state as { queries: unknown[] }).queries).toEqual([
      sessionSummaryQuery('checkout-rich'),
      sessionTimelineQuery('checkout-rich'),
    ]);
  });

  it('says what to do when the session has no events in the range', async () => {
    services();
    const scene = sessionScene('gone');
    render(
      <Router>
        <scene.Component model={scene} />
      </Router>
    );
    expect(await screen.findByText('No events of session gone in this time range')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Search sessions/ })).toHaveAttribute('href', prefixRoute(ROUTES.Sessions));
  });
});
