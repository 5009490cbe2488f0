/**
 * The Insights page and the Overview's insight row against a real processor: cards written as the
 * engine writes them (helpers/seed-insights.ts) on the seeded shop, every query of
 * src/pages/insights/queries.ts through the data source's request builder, a hypothesis's "Show
 * me" queries (as the Explore link carries them) answering the card's numbers, and one card
 * acknowledged on the write route, as the page does it.
 */
import type { DataFrameJSON } from '../../collector-processor/src/query/types';
import { exploreUrl } from '../src/pages/insights/explore';
import { actionRequest, topOpen, type InsightRow } from '../src/pages/insights/model';
import { insightDetailQuery, insightListQuery, openInsightsQuery } from '../src/pages/insights/queries';
import { projectPath } from '../src/api/processor';
import { AppProcessor, callRoute, columnsOf, runPanelQuery, startAppProcessor } from './helpers/processor';
import { ensureInsights, SeededInsights } from './helpers/seed-insights';

jest.setTimeout(120_000);
let app: AppProcessor;
let cards: SeededInsights;
let p75s: { base: number; current: number };

beforeAll(async () => {
  app = await startAppProcessor();
  ({ cards, p75s } = await ensureInsights(app));
});
afterAll(() => app?.stop());

const FILTERS = { status: 'open', severity: '*', kind: '*' };
const list = async (vars: Record<string, string | string[]> = {}) => {
  const [frame] = await runPanelQuery(app, insightListQuery(), {
    from: app.now - 7 * 24 * 3_600_000,
    vars: { ...FILTERS, ...vars },
  });
  return columnsOf(frame!);
};
const byName = (frames: DataFrameJSON[]) => Object.fromEntries(frames.map((f) => [f.schema.name!, f]));
const rowsOf = (c: Record<string, unknown[]>) =>
  (c.id ?? []).map((_, i) =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v[i]]))
  ) as unknown as InsightRow[];

describe('insights list', () => {
  it.each<[string, Record<string, string | string[]>, Array<keyof SeededInsights>]>([
    ['open by default, newest onset first', {}, ['safari', 'regression']],
    ['every status', { status: '*' }, ['safari', 'acknowledged', 'regression', 'resolved']],
    ['acknowledged and resolved', { status: ['acknowledged', 'resolved'] }, ['acknowledged', 'resolved']],
    ['critical only', { status: '*', severity: 'critical' }, ['safari']],
    ['release regressions', { status: '*', kind: 'release_regression' }, ['regression']],
    ['high or low anomalies', { status: '*', severity: ['high', 'low'], kind: 'anomaly' }, ['resolved']],
  ])('%s', async (_what, vars, expected) => {
    const c = await list(vars);
    expect(c.id).toEqual(expected.map((k) => cards[k].insightId));
  });

  it('the fields a card shows', async () => {
    const [row] = rowsOf(await list({ kind: 'release_regression' }));
    expect(row).toMatchObject({
      title: cards.regression.title,
      severity: 'high',
      status: 'open',
      started_at: cards.regression.startedAt,
      release: '1.1.0',
      affected_sessions: 25,
      affected_users: 9,
      top_hypothesis: 'Chrome on release 1.1.0 explains 83 % of the change',
    });
  });

  it('the Overview: open cards, the critical one first', async () => {
    const [frame] = await runPanelQuery(app, openInsightsQuery());
    const rows = rowsOf(columnsOf(frame!));
    expect(topOpen(rows).map((r) => r.id)).toEqual([cards.safari.insightId, cards.regression.insightId]);
  });
});

describe('insight detail', () => {
  it('summary, deltas with their interval, ranked hypotheses and no activity yet', async () => {
    const f = byName(await runPanelQuery(app, insightDetailQuery(cards.regression.insightId)));
    expect(Object.keys(f)).toEqual(['summary', 'deltas', 'hypotheses', 'feedback']);
    expect(columnsOf(f.summary!)).toMatchObject({
      title: [cards.regression.title],
      summary: [cards.regression.summary],
    });
    expect(columnsOf(f.deltas!)).toMatchObject({
      value: [p75s.current],
      baseline: [p75s.base],
      low: [p75s.current - 150],
      high: [p75s.current + 140],
      unit: ['ms'],
    });
    expect(columnsOf(f.hypotheses!).rank).toEqual([1, 2]);
    expect(columnsOf(f.feedback!).time).toEqual([]);
  });

  it('"Show me": the Explore link’s queries, through the data source, answer the hypothesis’s numbers', async () => {
    expect(p75s.current).toBeGreaterThan(p75s.base);
    const f = byName(await runPanelQuery(app, insightDetailQuery(cards.regression.insightId)));
    const queries = columnsOf(f.hypotheses!).queries![0] as never;
    const url = exploreUrl('pt', queries, { from: 0, to: 1 })!;
    const panes = JSON.parse(new URLSearchParams(url.split('?')[1]).get('panes')!) as Record<
      string,
      { queries: never[]; range: { from: string; to: string } }
    >;
    const answered: Record<string, number> = {};
    // Both windows are the same range here (release against release): one pane, two queries.
    expect(Object.keys(panes)).toEqual(['baseline']);
    for (const pane of Object.values(panes)) {
      const range = { from: Number(pane.range.from), to: Number(pane.range.to) };
      for (const query of pane.queries as Array<{ refId: string }>) {
        const [frame] = await runPanelQuery(app, query as never, range);
        answered[query.refId] = Number(columnsOf(frame!).p75![0]);
      }
    }
    expect(answered).toEqual({ baseline: p75s.base, current: p75s.current });
  });

  it('an unknown card: empty frames and a notice', async () => {
    const f = byName(await runPanelQuery(app, insightDetailQuery('nope')));
    expect(columnsOf(f.summary!).id).toEqual([]);
    expect(f.summary!.schema.meta?.notices?.[0]?.text).toMatch(/no insight nope/);
  });
});

describe('acting on a card, as the page does', () => {
  const act = (id: string, action: Parameters<typeof actionRequest>[0], role: 'read' | 'write' = 'write') => {
    const { path, body } = actionRequest(action);
    return callRoute(app, role, 'POST', `/api/v1${projectPath(app.project.id, `/insights/${id}/${path}`)}`, body);
  };

  it('acknowledge: the next list query shows it acknowledged, with the action in its activity', async () => {
    const id = cards.safari.insightId;
    expect((await act(id, 'acknowledge')).status).toBe(200);
    expect((await list()).id).toEqual([cards.regression.insightId]);
    const all = rowsOf(await list({ status: '*' }));
    expect(all.find((r) => r.id === id)?.status).toBe('acknowledged');
    const f = byName(await runPanelQuery(app, insightDetailQuery(id)));
    expect(columnsOf(f.feedback!).action).toEqual(['acknowledge']);
    // Acknowledging again is a no-op; the page no longer offers it (model.ts actionsFor).
    expect((await act(id, 'acknowledge')).status).toBe(200);
  });

  it('not useful, then the read route may not act', async () => {
    const id = cards.resolved.insightId;
    expect((await act(id, 'not_useful')).status).toBe(200);
    expect(rowsOf(await list({ status: 'not_useful' })).map((r) => r.id)).toEqual([id]);
    expect((await act(cards.regression.insightId, 'resolve', 'read')).status).toBe(403);
  });
});
