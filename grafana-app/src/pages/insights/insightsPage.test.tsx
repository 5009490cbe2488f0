import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { config } from '@grafana/runtime';
import { getUrlState, SceneFlexItem, SceneFlexLayout, syncStateFromSearchParams } from '@grafana/scenes';
import { deniedReason } from '../../auth/roles';
import { pageScene } from '../../scenes/layout';
import { Answer, grafanaServices, SentQuery } from '../../testing/sceneTestKit';
import { overviewScene } from '../overview/overviewPage';
import { OpenInsights } from '../overview/OpenInsights';
import { InsightDetailScene } from './InsightDetailScene';
import { insightDetailScene, insightsScene } from './insightsPage';
import { insightDetailQuery, insightListQuery } from './queries';

jest.setTimeout(90_000);
const slow = { timeout: 30_000 };
const T = Date.UTC(2026, 11, 1, 10);

function signInAs(role: string) {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: role as never } };
}

type Frame = ReturnType<Answer>[number] & { schema: { name?: string } };
const frame = (
  name: string | undefined,
  columns: Record<string, unknown[]>,
  types: Record<string, string> = {}
): Frame => ({
  schema: {
    name,
    fields: Object.keys(columns).map((n) => ({
      name: n,
      type: types[n] ?? (typeof columns[n]![0] === 'number' ? 'number' : 'string'),
    })),
  },
  data: { values: Object.values(columns) },
});

const CARDS = {
  id: ['a', 'b'],
  kind: ['release_regression', 'anomaly'],
  title: ['LCP p75 up on /checkout in 1.1.0', 'Errors up in Safari'],
  severity: ['high', 'critical'],
  status: ['open', 'open'],
  started_at: [T, T - 3_600_000],
  resolved_at: [null, null],
  metric: ['web_vital.LCP.p75', 'error_rate'],
  release: ['1.1.0', null],
  affected_sessions: [120, 40],
  affected_users: [80, 30],
  top_hypothesis: ['route /checkout', 'browser Safari'],
};

let status = 'open';
const current = { type: 'web_vitals', project: 'shop', from: T, to: T + 3_600_000, metric: 'LCP', view: 'table' };

function answer(q: SentQuery): Frame[] {
  if (q.type !== 'insights') {
    return [];
  }
  if (q.view !== 'detail') {
    return [frame(undefined, CARDS, { started_at: 'time', resolved_at: 'time' })];
  }
  return [
    frame('summary', {
      ...Object.fromEntries(Object.entries(CARDS).map(([k, v]) => [k, [v[0]]])),
      status: [status],
      detected_at: [T + 60_000],
      updated_at: [T + 60_000],
      summary: ['LCP p75 on /checkout rose 28 % after 1.1.0.'],
      next_step: ['Look at the hero image of /checkout in 1.1.0'],
    }),
    frame('deltas', { metric: ['LCP p75'], value: [3200], baseline: [2500], low: [3000], high: [3400], unit: ['ms'] }),
    frame(
      'hypotheses',
      {
        rank: [1],
        title: ['route /checkout explains 91 %'],
        score: [0.91],
        evidence: [[{ segment: '/checkout', explanatory_power: 0.91 }]],
        queries: [{ baseline: { ...current, from: T - 7_200_000, to: T }, current }],
      },
      { evidence: 'other', queries: 'other' }
    ),
    frame('feedback', { time: [], actor: [], action: [], verdict: [], comment: [] }),
  ];
}

function services() {
  const posted: Array<{ url: string; data: unknown }> = [];
  const { sent } = grafanaServices(answer as Answer, (request) => {
    if (request.method === 'POST' && request.url.includes('/insights/')) {
      posted.push({ url: request.url, data: request.data });
      status = 'acknowledged';
      return { status: 200, data: { id: 'a', status } };
    }
    return undefined;
  });
  return { sent, posted };
}

beforeEach(() => {
  status = 'open';
  signInAs('Editor');
});

describe('Insights list scene', () => {
  it('lists the cards of the open filter, each linking to its detail, from exactly the page’s query', async () => {
    const { sent } = services();
    const scene = insightsScene();
    render(<scene.Component model={scene} />);
    const link = await screen.findByRole('link', { name: /Errors up in Safari/ }, slow);
    expect(link.getAttribute('href')).toMatch(/^\/a\/pulsetrace-app\/insights\/b\?var-ds=.*&var-project=shop/);
    expect(screen.getByText('LCP p75 up on /checkout in 1.1.0')).toBeInTheDocument();
    expect(screen.getByText(/120 sessions · 80 users affected/)).toBeInTheDocument();
    const q = sent.find((s) => s.refId === 'insights')!;
    // Open by default; severity and kind at All send no filter.
    expect(q).toMatchObject({ type: 'insights', view: 'list', statuses: ['open'], project: 'shop' });
    expect(q).not.toHaveProperty('severities');
    expect(q).not.toHaveProperty('kinds');
  });

  it('keeps its filters in the URL: a scene built from the URL sends the same query', async () => {
    const { sent } = services();
    const scene = insightsScene();
    syncStateFromSearchParams(
      scene,
      new URLSearchParams('var-status=resolved&var-severity=critical&var-severity=high')
    );
    render(<scene.Component model={scene} />);
    await waitFor(() => expect(sent.some((s) => s.refId === 'insights')).toBe(true), slow);
    expect(sent.find((s) => s.refId === 'insights')).toMatchObject({
      statuses: ['resolved'],
      severities: ['critical', 'high'],
    });
    expect(getUrlState(scene)).toMatchObject({ 'var-status': ['resolved'], 'var-severity': ['critical', 'high'] });
    expect(insightListQuery().statuses).toEqual(['$status']);
  });
});

function detailIn(root: ReturnType<typeof insightDetailScene>) {
  return ((root.state.body as SceneFlexLayout).state.children[0] as SceneFlexItem).state.body as InsightDetailScene;
}

describe('Insight detail scene', () => {
  it('shows deltas with intervals, the summary, next step and hypotheses with a Show me link into Explore', async () => {
    services();
    const root = insightDetailScene('a');
    expect(detailIn(root).runner.state.queries).toEqual([insightDetailQuery('a')]);
    render(<root.Component model={root} />);
    expect(await screen.findByText('route /checkout explains 91 %', {}, slow)).toBeInTheDocument();
    expect(screen.getByText('3,200 ms vs 2,500 ms')).toBeInTheDocument();
    expect(screen.getByText('+28 %')).toBeInTheDocument();
    expect(screen.getByText('95 % CI +20 % … +36 %')).toBeInTheDocument();
    expect(screen.getByText(/Look at the hero image/)).toBeInTheDocument();
    const show = screen.getByRole('link', { name: /Show me/ });
    const panes = JSON.parse(new URLSearchParams(show.getAttribute('href')!.split('?')[1]).get('panes')!);
    expect(Object.keys(panes)).toEqual(['baseline', 'current']);
    expect(panes.current.range).toEqual({ from: String(T), to: String(T + 3_600_000) });
    const release = screen.getByRole('link', { name: '1.1.0' });
    expect(release.getAttribute('href')).toMatch(/^\/a\/pulsetrace-app\/releases\?var-release=1.1.0&var-ds=/);
  });

  it('an Editor acknowledges: POST on the write route, then the card is read again with its new status', async () => {
    const { sent, posted } = services();
    const root = insightDetailScene('a');
    render(<root.Component model={root} />);
    const button = await screen.findByRole('button', { name: /Acknowledge/ }, slow);
    const before = sent.filter((s) => s.refId === 'insight').length;
    await act(async () => fireEvent.click(button));
    await waitFor(() => expect(posted).toHaveLength(1), slow);
    expect(posted[0]!.url).toMatch(/\/write\/api\/v1\/projects\/shop\/insights\/a\/acknowledge$/);
    await waitFor(() => expect(sent.filter((s) => s.refId === 'insight').length).toBe(before + 1), slow);
    // Acknowledged: no Acknowledge any more, Resolve and Not useful stay.
    await waitFor(() => expect(screen.queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument(), slow);
    expect(screen.getByRole('button', { name: /Resolve/ })).toBeEnabled();
  });

  it('a Viewer sees the actions disabled, with who can', async () => {
    signInAs('Viewer');
    services();
    const root = insightDetailScene('a');
    render(<root.Component model={root} />);
    expect(await screen.findByRole('button', { name: /Acknowledge/ }, slow)).toBeDisabled();
    expect(screen.getAllByLabelText(deniedReason('changeInsights'))).toHaveLength(3);
  });
});

describe('Overview insight row', () => {
  it('shows the top open insights, most severe first, once (not for the previous period)', async () => {
    const { sent } = services();
    const scene = overviewScene();
    render(<scene.Component model={scene} />);
    const list = await screen.findByRole('list', { name: 'Insights' }, slow);
    const titles = within(list)
      .getAllByRole('heading')
      .map((h) => h.textContent);
    expect(titles).toEqual(['Errors up in Safari', 'LCP p75 up on /checkout in 1.1.0']);
    expect(screen.getByRole('link', { name: 'All insights' }).getAttribute('href')).toMatch(
      /^\/a\/pulsetrace-app\/insights\?/
    );
    expect(sent.filter((s) => s.refId === 'openInsights')).toHaveLength(1);
    expect(sent.find((s) => s.refId === 'openInsights')).toMatchObject({ view: 'list', statuses: ['open'] });
  });

  it('says "No open insights" and what the engine watches when there are none', async () => {
    grafanaServices(() => []);
    // The row alone in a page's scene (variables, range): the Overview's other panels are tested there.
    const scene = pageScene(new OpenInsights());
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('No open insights', {}, slow)).toBeInTheDocument();
    expect(screen.getByText(/watches error rates/)).toBeInTheDocument();
  });
});
