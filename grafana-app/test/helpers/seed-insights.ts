/**
 * Incident cards on the seeded shop (seed.ts), written as the engine writes them (the store's
 * writeInsights): a release regression of LCP in 1.1.0 (the shop's slower release) whose
 * hypothesis carries real reproducing queries and the numbers they answer, an error-rate anomaly
 * in Safari, an acknowledged and a resolved card. The Insights page's tests and screenshots read
 * these through the processor.
 */
import { insightId, type Insight } from '../../../collector-processor/src/insights/store/insight';
import { writeInsights } from '../../../collector-processor/src/insights/store/insight-store';
import { card } from '../../../collector-processor/src/insights/store/testkit';
import { AppProcessor, columnsOf, runPanelQuery } from './processor';

const HOUR = 3_600_000;

/** LCP p75 of one release in Chrome over the seeded traffic's window, as POST /api/v1/query takes it. */
export function lcpQuery(app: Pick<AppProcessor, 'now' | 'project'>, release: string) {
  return {
    type: 'web_vitals',
    project: app.project.id,
    from: app.now - 6 * HOUR,
    to: app.now + 60_000,
    metric: 'LCP',
    view: 'table',
    percentiles: [75],
    filters: { release: [release], browser: ['Chrome'] },
  };
}

export interface SeededInsights {
  regression: Insight;
  safari: Insight;
  acknowledged: Insight;
  resolved: Insight;
}

/** `p75s`: the LCP p75 of 1.0.0 and 1.1.0 in Chrome (the loader reads them with lcpQuery first). */
export async function seedInsights(
  app: AppProcessor,
  p75s: { base: number; current: number }
): Promise<SeededInsights> {
  const make = (overrides: Partial<Insight>): Insight => {
    const c = card({
      projectId: app.project.id,
      detectedAt: app.now - HOUR,
      updatedAt: app.now - 10 * 60_000,
      lastActiveAt: app.now - 60_000,
      version: app.now * 1000,
      ...overrides,
    });
    return { ...c, insightId: insightId(c) };
  };
  const regression = make({
    kind: 'release_regression',
    metric: 'web_vital.LCP.p75',
    scope: { release: '1.1.0' },
    title: `LCP p75 up ${Math.round((p75s.current / p75s.base - 1) * 100)} % in release 1.1.0`,
    severity: 'high',
    startedAt: app.now - 5 * HOUR,
    release: '1.1.0',
    affectedSessions: 25,
    affectedUsers: 9,
    deltas: [
      {
        metric: 'LCP p75',
        value: p75s.current,
        baseline: p75s.base,
        interval: [p75s.current - 150, p75s.current + 140],
        unit: 'ms',
      },
    ],
    hypotheses: [
      {
        title: 'Chrome on release 1.1.0 explains 83 % of the change',
        score: 0.83,
        evidence: [
          { segment: 'browser = Chrome', baseline_p75: p75s.base, current_p75: p75s.current, explanatory_power: 0.83 },
        ],
        queries: { baseline: lcpQuery(app, '1.0.0'), current: lcpQuery(app, '1.1.0') } as never,
      },
      {
        title: 'route /checkout: the hero image grew in 1.1.0',
        score: 0.41,
        evidence: [{ resource: '/img/hero.avif', transfer_size_before: 48_000, transfer_size_after: 310_000 }],
        queries: [],
      },
    ],
    summary: `Since 1.1.0 reached production, LCP p75 is ${Math.round(p75s.current - p75s.base)} ms slower, mostly in Chrome sessions. The previous release did not show it.`,
    nextStep: 'Compare 1.1.0 with 1.0.0 and look at what changed in the largest image of the slow routes.',
    links: {
      release: '1.1.0',
      previousRelease: '1.0.0',
      deploys: [{ release: '1.1.0', environment: 'production', at: app.now - 5 * HOUR - 5 * 60_000 }],
      issues: ['fp-checkout-total'],
    },
  });
  const safari = make({
    metric: 'error_rate',
    scope: { browser: 'Safari' },
    title: 'Sessions with errors up in Safari',
    severity: 'critical',
    startedAt: app.now - 2 * HOUR,
    release: '',
    affectedSessions: 12,
    affectedUsers: 4,
    deltas: [{ metric: 'error rate', value: 0.12, baseline: 0.03, interval: [0.07, 0.19], unit: 'percentunit' }],
    hypotheses: [
      {
        title: 'Safari explains 74 % of the new errors',
        score: 0.74,
        evidence: [{ segment: 'browser = Safari', errors_before: 2, errors_after: 11 }],
        queries: [],
      },
    ],
    links: { deploys: [], issues: [] },
  });
  const acknowledged = make({
    metric: 'http.p95',
    scope: { endpoint: 'GET /api/cart' },
    title: 'GET /api/cart p95 up 60 %',
    severity: 'medium',
    status: 'acknowledged',
    startedAt: app.now - 4 * HOUR,
    release: '',
  });
  const resolved = make({
    metric: 'sessions',
    scope: {},
    title: 'Traffic down 45 %',
    severity: 'low',
    status: 'resolved',
    startedAt: app.now - 20 * HOUR,
    resolvedAt: app.now - 18 * HOUR,
    release: '',
  });
  await writeInsights(app.processor.store.client, [regression, safari, acknowledged, resolved]);
  return { regression, safari, acknowledged, resolved };
}

/** The LCP p75 a lcpQuery answers, through the data source's request builder. */
export async function p75Of(app: AppProcessor, body: ReturnType<typeof lcpQuery>): Promise<number> {
  const { from, to, ...rest } = body;
  const query = { refId: 'A', schemaVersion: 1, exclude: {}, groupBy: [], includeBots: false, ...rest };
  const [frame] = await runPanelQuery(app, query as never, { from, to });
  return Number(columnsOf(frame!).p75![0]);
}

const seeded = new WeakMap<AppProcessor, Promise<{ cards: SeededInsights; p75s: { base: number; current: number } }>>();

/** The cards, written once per processor (tests and every screenshot loader share them). */
export function ensureInsights(app: AppProcessor) {
  if (!seeded.has(app)) {
    seeded.set(
      app,
      (async () => {
        const p75s = {
          base: await p75Of(app, lcpQuery(app, '1.0.0')),
          current: await p75Of(app, lcpQuery(app, '1.1.0')),
        };
        return { cards: await seedInsights(app, p75s), p75s };
      })()
    );
  }
  return seeded.get(app)!;
}
