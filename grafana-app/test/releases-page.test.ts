/**
 * Every query the Releases pages run (src/pages/releases/queries.ts), through the data source's
 * request builder against the seeded shop: the list, adoption, the comparison of 1.0.0 with 1.1.0
 * and the two issue lists the issue changes are computed from. Expected values come from the seed
 * (helpers/seed.ts; the release traffic of collector-processor/test/helpers/seed-errors.ts).
 */
import {
  adoptionQuery,
  BREAKDOWN_GROUPS,
  comparisonByQuery,
  comparisonQuery,
  compareQueries,
  releaseIssuesQuery,
  releasesListQuery,
} from '../src/pages/releases/queries';
import { issueChanges, issueSummaries } from '../src/pages/releases/issueChanges';
import { stateRow } from '../../collector-processor/src/issues/issue-store';
import { initialState } from '../../collector-processor/src/issues/state';
import { toDateTime64 } from '../../collector-processor/src/store/time';
import { insertRows } from '../../collector-processor/test/helpers/query';
import { ISSUES } from './helpers/seed';
import { AppProcessor, columnsOf, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';

jest.setTimeout(120_000);
let app: AppProcessor;
beforeAll(async () => {
  app = await startAppProcessor();
  // The checkout issue (in both releases) was resolved and came back in 1.1.0: what the lifecycle
  // writes on a regression, its state and its audit-log entry.
  const id = app.project.id;
  const regressedAt = app.now - 3 * HOUR;
  await insertRows(app.processor, 'issue_states', [
    stateRow({
      ...initialState(id, 'fp-checkout-total'),
      status: 'regressed',
      resolvedAt: app.now - 4 * HOUR,
      regressedAt,
      regressedInRelease: '1.1.0',
      updatedAt: regressedAt,
      updatedBy: 'system',
      version: 2,
    }),
  ]);
  await insertRows(app.processor, 'issue_activity', [
    {
      project_id: id,
      fingerprint: 'fp-checkout-total',
      id: 'regressed-1',
      at: toDateTime64(regressedAt),
      actor: 'system',
      action: 'regressed',
      from_status: 'resolved',
      to_status: 'regressed',
      release: '1.1.0',
      comment: '',
      details: '{}',
    },
  ]);
});
afterAll(() => app?.stop());

const HOUR = 3_600_000;
const COMPARISON_FIELDS = [
  'metric',
  'unit',
  'base',
  'target',
  'difference',
  'ci_low',
  'ci_high',
  'base_samples',
  'target_samples',
  'significant',
];

/** The compare page's variables as its links set them. */
const COMPARE = { base: '1.0.0', target: '1.1.0', route: '*', browser: '*' };

describe('releases list', () => {
  it('lists 1.1.0 then 1.0.0 (then 0.9.0, two days ago), each naming the release before it, with new issues', async () => {
    const [frame, ...rest] = await runPanelQuery(app, releasesListQuery(), { from: app.now - 7 * 24 * HOUR });
    expect(rest).toHaveLength(0);
    expect(shapeOf(frame!).fields).toEqual([
      'release',
      'created_at',
      'registered',
      'first_seen',
      'sessions',
      'page_views',
      'errors',
      'users',
      'error_rate',
      'crash_free_sessions',
      'adoption',
      'new_issues',
      'regressed_issues',
      'previous_release',
    ]);
    const c = columnsOf(frame!);
    expect(c.release).toEqual(['1.1.0', '1.0.0', '0.9.0']);
    expect(c.previous_release).toEqual(['1.0.0', '0.9.0', null]);
    expect(c.registered).toEqual([true, true, false]);
    // Traffic: 60 sessions, every sixth without a release, the rest alternating 1.0.0 (even) /
    // 1.1.0 (odd), so 25 and 30; the shop's issues add sessions of their own (events' sessions).
    for (const n of c.sessions!.slice(0, 2)) {
      expect(n).toBeGreaterThanOrEqual(25);
    }
    // 1.1.0 errs more (seed-errors releaseTraffic): fewer crash-free sessions, more errors per view.
    expect(Number(c.crash_free_sessions![0])).toBeLessThan(Number(c.crash_free_sessions![1]));
    expect(Number(c.error_rate![0])).toBeGreaterThan(Number(c.error_rate![1]));
    // fp-search-range happens only in 1.1.0, fp-checkout-total starts in 1.0.0 and regressed in 1.1.0.
    const onlyIn = (release: string) => ISSUES.filter((i) => i.events[0]!.release === release).length;
    expect(Number(c.new_issues![0])).toBeGreaterThanOrEqual(onlyIn('1.1.0'));
    expect(Number(c.new_issues![1])).toBeGreaterThanOrEqual(onlyIn('1.0.0'));
    expect(c.regressed_issues).toEqual([1, 0, 0]);
    const adoption = c.adoption!.map(Number);
    expect(adoption.every((a) => a > 0 && a < 1)).toBe(true);
  });

  it('answers adoption as sessions over time, one series per release (no-release sessions included)', async () => {
    const frames = await runPanelQuery(app, adoptionQuery(), { from: app.now - 7 * 24 * HOUR });
    const releases = frames.map((f) => f.schema.fields[1]?.labels?.release).sort();
    expect(releases).toEqual(['', '0.9.0', '1.0.0', '1.1.0']);
    for (const f of frames) {
      expect(shapeOf(f).fields).toEqual(['time', 'sessions']);
      expect(shapeOf(f).rows).toBeGreaterThan(0);
    }
    // A release filter on the page does not narrow adoption (its share is of all sessions).
    const narrowed = await runPanelQuery(app, adoptionQuery(), {
      from: app.now - 7 * 24 * HOUR,
      vars: { release: ['1.1.0'] },
    });
    expect(narrowed).toHaveLength(frames.length);
  });
});

describe('release comparison', () => {
  /** Over the last six hours: the release traffic's window, before the 3-day web seed's vitals. */
  const compare = (vars: Record<string, string> = {}, query = comparisonQuery()) =>
    runPanelQuery(app, query, { from: app.now - 6 * HOUR, vars: { ...COMPARE, ...vars } });

  it('compares every metric and flags 1.1.0 slower LCP p75 as significant', async () => {
    const [frame] = await compare();
    expect(shapeOf(frame!)).toEqual({
      fields: COMPARISON_FIELDS,
      rows: 9,
    });
    const c = columnsOf(frame!);
    const row = (metric: string) => {
      const i = c.metric!.indexOf(metric);
      return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v[i]])) as Record<string, number | boolean>;
    };
    const lcp = row('lcp_p75');
    // 1.1.0's LCP is 400 ms slower in the seed: target above base, the interval above 0.
    expect(lcp.target as number).toBeGreaterThan(lcp.base as number);
    expect(lcp.difference as number).toBeGreaterThan(0);
    expect(lcp.ci_low as number).toBeGreaterThan(0);
    expect(lcp.significant).toBe(true);
    // Failed requests: 2 of 3 per 1.1.0 session of the release traffic against 1 in 7 in 1.0.0
    // (other pages' seeds add requests of their own, so no exact share here).
    const http = row('http_failure_rate');
    expect(http.significant).toBe(true);
    expect(http.target as number).toBeGreaterThan(0.5);
    expect(http.base as number).toBeLessThan(0.2);
    // INP is the same distribution in both releases: not flagged.
    expect(row('inp_p75').significant).toBe(false);
  });

  it('compares LCP, INP and CLS per route and per browser; 1.1.0 LCP slower on / and in Chrome', async () => {
    for (const [dimension, group] of [
      ['route', '/'],
      ['browser', 'Chrome'],
    ] as const) {
      const [frame] = await compare({}, comparisonByQuery(dimension));
      const c = columnsOf(frame!);
      expect(shapeOf(frame!).fields).toEqual([dimension, ...COMPARISON_FIELDS]);
      // Three vital rows per group, at most BREAKDOWN_GROUPS groups.
      expect(shapeOf(frame!).rows % 3).toBe(0);
      expect(new Set(c[dimension]).size).toBeLessThanOrEqual(BREAKDOWN_GROUPS);
      expect([...new Set(c.metric)]).toEqual(['lcp_p75', 'inp_p75', 'cls_p75']);
      // The release traffic is all on / (and mostly Chrome): its slower LCP shows there.
      const i = c.metric!.findIndex((m, k) => m === 'lcp_p75' && c[dimension]![k] === group);
      expect(Number(c.difference![i])).toBeGreaterThan(0);
      expect(c.significant![i]).toBe(true);
    }
  });

  it('narrows to a browser (the scope picker)', async () => {
    const all = columnsOf((await compare())[0]!);
    const chrome = columnsOf((await compare({ browser: 'Chrome' }))[0]!);
    const i = all.metric!.indexOf('lcp_p75');
    expect(Number(chrome.base_samples![i])).toBeGreaterThan(0);
    expect(Number(chrome.base_samples![i])).toBeLessThan(Number(all.base_samples![i]));
  });

  it('lists each release’s issues; 1.1.0 brings fp-search-range, brings back fp-checkout-total, loses none', async () => {
    const { issues, ...others } = compareQueries();
    // Every query of the compare page is run in this file.
    expect(Object.values(others).flat()).toEqual([
      comparisonQuery(),
      comparisonByQuery('route'),
      comparisonByQuery('browser'),
    ]);
    expect(issues.map((q) => q.refId)).toEqual(['base', 'target']);
    const frames = await Promise.all(
      issues.map((q) => runPanelQuery(app, q, { from: app.now - 6 * HOUR, vars: COMPARE }))
    );
    for (const [f] of frames) {
      expect(shapeOf(f!).fields).toEqual(expect.arrayContaining(['id', 'title', 'status', 'events', 'users']));
    }
    const [base, target] = frames.map(([f]) => issueSummaries(columnsOf(f!)));
    expect(base!.map((i) => i.id)).toContain('fp-checkout-total');
    expect(base!.map((i) => i.id)).not.toContain('fp-search-range');
    expect(target!.map((i) => i.id)).toEqual(expect.arrayContaining(['fp-checkout-total', 'fp-search-range']));
    expect(issueChanges(base!, target!).map((c) => [c.change, c.id])).toEqual([
      ['regressed', 'fp-checkout-total'],
      ['new', 'fp-search-range'],
    ]);
    expect(releaseIssuesQuery('target').limit).toBe(1000);
  });
});
