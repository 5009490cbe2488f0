/**
 * Release regressions on a real processor (issue #16, "Detect", release-triggered analysis): rows
 * seeded straight into the signal tables. Release 1.0 runs for two hours, then 1.1 for one, in
 * which /product's hero image grew from 150 KB to 900 KB and /product's LCP rose by 2 s. The
 * detector must raise one release_regression for LCP p75 whose top hypotheses are route =
 * /product and the image's growth; an unchanged release raises nothing, 1.1 nothing before its
 * first early look (50 sessions), and the card already at 100 sessions (a large regression).
 * Then a rollout: 2.0 side by side with 1.9, with a new error in Firefox and a slower endpoint,
 * and a deploy. Every hypothesis's queries must run through the API.
 */
import { createReleaseRegressionDetector, RELEASE_DEFAULTS } from '../src/insights/release';
import type { InsightCandidate } from '../src/insights/engine/types';
import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows, queryFrames } from './helpers/query';
import { addDeploy } from '../src/issues/release-store';
import {
  errorEvent,
  httpRequest,
  minuteAgo,
  pageView,
  percentile,
  resource,
  webVital,
} from './helpers/seed-performance';

jest.setTimeout(60_000);

const NOW = minuteAgo(0);
const HOUR = 3_600_000;
const ROUTES = ['/', '/product', '/checkout'];
const HERO = 'https://shop.example/img/hero.jpg';
/** 300 sessions of `release` over [from, from + span), one page load each. */
const SESSIONS = 300;

interface Seeded {
  pageViews: object[];
  vitals: Array<{ route: string; release: string; value: number }>;
  resources: object[];
}

function seed(project: string, release: string, from: number, span: number, slowHero: boolean): Seeded {
  const out: Seeded = { pageViews: [], vitals: [], resources: [] };
  for (let i = 0; i < SESSIONS; i++) {
    const route = ROUTES[i % 3]!;
    const at = {
      atMs: from + Math.floor((i * span) / SESSIONS),
      project_id: project,
      release,
      route,
      session_id: `${release}-s${i}`,
      visitor_id: `${release}-v${i}`,
      browser_name: ['Chrome', 'Firefox', 'Safari'][Math.floor(i / 3) % 3]!,
    };
    out.pageViews.push(pageView(at));
    const product = route === '/product';
    const value = 1500 + ((i * 53) % 1000) + (product && slowHero ? 2000 : 0);
    out.vitals.push(
      webVital(at, {
        name: 'LCP',
        value,
        attribution: product ? { target: 'img.hero', url: `${HERO}?v=${release}` } : { target: 'h1.title' },
      }),
    );
    out.resources.push(resource(at, { resource_type: 'script', transfer_size: 10_000 + (i % 7) * 100 }));
    if (product)
      out.resources.push(
        resource(at, {
          resource_type: 'img',
          resource_url: `${HERO}?v=${release}`,
          transfer_size: (slowHero ? 900_000 : 150_000) + (i % 5) * 1000,
        }),
      );
  }
  return out;
}

async function insert(p: RunningProcessor, ...seeds: Seeded[]) {
  await insertRows(
    p,
    'page_views',
    seeds.flatMap((s) => s.pageViews),
  );
  await insertRows(
    p,
    'web_vitals',
    seeds.flatMap((s) => s.vitals),
  );
  await insertRows(
    p,
    'resources',
    seeds.flatMap((s) => s.resources),
  );
}

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p?.stop());

describe('a heavier hero image on /product in 1.1', () => {
  let project: string;
  let found: InsightCandidate[];
  let vitals: Seeded['vitals'];
  const detector = createReleaseRegressionDetector();

  beforeAll(async () => {
    project = (await createProject(p.url)).id;
    const old = seed(project, '1.0', NOW - 3 * HOUR, 2 * HOUR, false);
    const next = seed(project, '1.1', NOW - HOUR, HOUR, true);
    vitals = [...old.vitals, ...next.vitals];
    await insert(p, old, next);
    found = await detector.detect({ client: p.store.client, projectId: project, now: NOW });
  });

  it("raises one release_regression, for LCP p75, starting at 1.1's first session", () => {
    expect(found.map((c) => [c.kind, c.metric, c.scope])).toEqual([
      ['release_regression', 'web_vital.LCP.p75', { release: '1.1' }],
    ]);
    const [c] = found;
    expect(c!.startedAt).toBe(NOW - HOUR);
    expect(c!.links).toMatchObject({ release: '1.1', previousRelease: '1.0', deploys: [], issues: [] });
    // 1.0 over the hour before 1.1's first session (they ran one after the other).
    const values = (release: string) => vitals.filter((v) => v.release === release).map((v) => v.value);
    const delta = c!.deltas[0]!;
    expect(delta.baseline).toBeCloseTo(percentile(values('1.0'), 0.75), -2);
    expect(delta.value).toBeGreaterThan(delta.baseline + 500);
    expect(delta.interval[0]).toBeGreaterThan(0);
    expect(['high', 'medium', 'low', 'critical']).toContain(c!.severity);
    // Sessions of 1.1 whose LCP is above 1.0's p75: all of /product's and a share of the rest.
    expect(c!.affectedSessions).toBeGreaterThanOrEqual(SESSIONS / 3);
    expect(c!.affectedSessions).toBeLessThan(SESSIONS);
    expect(c!.affectedUsers).toBe(c!.affectedSessions);
  });

  it('ranks the image growth and route = /product at the top', () => {
    const titles = found[0]!.hypotheses.map((h) => h.title);
    // The release's concrete change names the release (release/rank.ts).
    expect(titles[0]).toBe(`img ${HERO} grew from 152 KB to 902 KB (in release 1.1)`);
    expect(titles[1]).toMatch(/^route = \/product \(\d+ % of the change\)$/);
    const growth = found[0]!.hypotheses.find((h) => h.title.startsWith('img '))!;
    expect(growth.evidence[0]).toMatchObject({
      metric: 'resource.transfer_size',
      segment: { resource_url: HERO },
      baseline: 152_000,
      current: 902_000,
      samples: { baseline: 50, current: 100 },
      significant: true,
    });
    // The LCP element's resource (attribution.url) is the same image: its evidence joins this one.
    expect(growth.evidence[1]).toMatchObject({ segment: { 'attribution.url': [`${HERO}?v=1.1`] } });
    expect(found[0]!.nextStep).toContain(found[0]!.hypotheses[0]!.title);
  });

  it("each hypothesis's queries run through POST /api/v1/query", async () => {
    for (const h of found[0]!.hypotheses.slice(0, 4))
      for (const q of h.queries) expect((await queryFrames(p, q)).length).toBeGreaterThan(0);
  });

  it('stays the same incident as time passes (startedAt does not drift)', async () => {
    const later = await detector.detect({
      client: p.store.client,
      projectId: project,
      now: NOW + 10 * 60_000,
    });
    expect(later.map((c) => [c.metric, c.startedAt])).toEqual([['web_vital.LCP.p75', NOW - HOUR]]);
  });

  it('once its window is final (24 h + 15 min), the verdict is kept, not recomputed', async () => {
    const at = NOW - HOUR + RELEASE_DEFAULTS.windowMs + 16 * 60_000;
    // Still live (a page view after its compared window ended, so the comparison is unchanged).
    await insertRows(p, 'page_views', [
      pageView({ atMs: at - 600_000, project_id: project, release: '1.1', session_id: 'late' }),
    ]);
    const first = await detector.detect({ client: p.store.client, projectId: project, now: at });
    const again = await detector.detect({ client: p.store.client, projectId: project, now: at + 60_000 });
    expect(first.map((c) => c.metric)).toEqual(['web_vital.LCP.p75']);
    expect(again[0]).toBe(first[0]);
  });

  it('says nothing before 1.1 has 50 sessions (its first early look)', async () => {
    // 9 minutes in: 45 sessions of 1.1.
    const early = await detector.detect({
      client: p.store.client,
      projectId: project,
      now: NOW - 51 * 60_000,
    });
    expect(early).toEqual([]);
  });

  it('raises the LCP card at an early look: +2 s on a third of the page loads is over +50 % at 100 sessions', async () => {
    // 20 minutes in: 100 sessions of 1.1, fewer than minSessions (150); RELEASE_DEFAULTS.earlyLooks.
    const early = await createReleaseRegressionDetector().detect({
      client: p.store.client,
      projectId: project,
      now: NOW - 40 * 60_000,
    });
    expect(early.map((c) => [c.metric, c.startedAt])).toEqual([['web_vital.LCP.p75', NOW - HOUR]]);
    expect(early[0]!.deltas[0]!.value / early[0]!.deltas[0]!.baseline).toBeGreaterThan(
      1 + RELEASE_DEFAULTS.earlyLooks[0]!.minRelativeChange,
    );
  });
});

describe('a release with no change', () => {
  it('raises nothing', async () => {
    const project = (await createProject(p.url)).id;
    await insert(
      p,
      seed(project, '1.0', NOW - 3 * HOUR, 2 * HOUR, false),
      seed(project, '1.1', NOW - HOUR, HOUR, false),
    );
    const detector = createReleaseRegressionDetector();
    expect(await detector.detect({ client: p.store.client, projectId: project, now: NOW })).toEqual([]);
  });
});

describe('a rollout: 2.0 live beside 1.9, with a new error in Firefox and a slower endpoint', () => {
  let found: InsightCandidate[];
  const errors: Array<{ release: string; session_id: string }> = [];

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    const pageViews: object[] = [];
    const requests: object[] = [];
    const traffic = (release: string, from: number, count: number) => {
      for (let i = 0; i < count; i++) {
        const browser = ['Chrome', 'Firefox', 'Safari'][i % 3]!;
        const at = {
          atMs: from + Math.floor(((NOW - from) * i) / count),
          project_id: project,
          release,
          session_id: `${release}-s${i}`,
          visitor_id: `${release}-v${i}`,
          browser_name: browser,
        };
        pageViews.push(pageView(at));
        const slow = release === '2.0';
        requests.push(
          httpRequest(at, { url_template: '/api/cart', duration_ms: (slow ? 600 : 200) + ((i * 37) % 100) }),
        );
        if (i % 50 === 0) errors.push(errorEvent(at, { fingerprint: 'fp-old' }));
        if (release === '2.0' && browser === 'Firefox' && i % 2 === 0)
          errors.push(
            errorEvent(at, {
              fingerprint: 'fp-new',
              exception_type: 'TypeError',
              exception_message: 'cart is undefined',
            }),
          );
      }
    };
    traffic('1.9', NOW - 3 * HOUR, 900);
    traffic('2.0', NOW - HOUR, 300);
    await insertRows(p, 'page_views', pageViews);
    await insertRows(p, 'errors', errors);
    await insertRows(p, 'http_requests', requests);
    await addDeploy(p.store.client, project, {
      release: '2.0',
      environment: 'production',
      name: '',
      url: '',
      startedAt: null,
      finishedAt: NOW - HOUR - 300_000,
      createdBy: 'ci',
    });
    found = await createReleaseRegressionDetector().detect({
      client: p.store.client,
      projectId: project,
      now: NOW,
    });
  });

  it('raises the error rate and the HTTP p95, against 1.9 over the same hour, with the deploy', () => {
    expect(found.map((c) => c.metric).sort()).toEqual(['error_rate', 'http.p95']);
    for (const c of found) {
      expect(c.startedAt).toBe(NOW - HOUR);
      expect(c.links).toEqual({
        release: '2.0',
        previousRelease: '1.9',
        deploys: [{ release: '2.0', environment: 'production', at: NOW - HOUR - 300_000 }],
        issues: ['fp-new'],
      });
    }
  });

  it('names the new issue and Firefox for the errors, the endpoint for the latency', () => {
    const of = (metric: string) => found.find((c) => c.metric === metric)!;
    const errorTitles = of('error_rate')
      .hypotheses.slice(0, 2)
      .map((h) => h.title);
    expect(errorTitles).toEqual(
      expect.arrayContaining([
        'New issue in 2.0: TypeError: cart is undefined',
        expect.stringMatching(/^browser = Firefox \(/),
      ]),
    );
    // Sessions of 2.0 with an error.
    const sessions = new Set(errors.filter((e) => e.release === '2.0').map((e) => e.session_id));
    expect(of('error_rate').affectedSessions).toBe(sessions.size);
    expect(of('http.p95').hypotheses[0]!.title).toBe(
      'GET api.shop.example /api/cart slower: p95 295 → 695 ms (in release 2.0)',
    );
  });

  it("each hypothesis's queries run through POST /api/v1/query", async () => {
    for (const c of found)
      for (const h of c.hypotheses.slice(0, 3))
        for (const q of h.queries) expect((await queryFrames(p, q)).length).toBeGreaterThan(0);
  });
});
