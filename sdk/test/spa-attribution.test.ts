/**
 * What a SPA's records belong to, in real browsers through the real processor:
 * - resource timings are sent at page hide, long after the routes that loaded them: each must carry
 *   the page view current when it STARTED loading (a slow stylesheet requested on one route and
 *   finished on the next stays with the first);
 * - Chromium (151+) detects soft navigations, and web-vitals (reportSoftNavs) reports their FCP
 *   and LCP: stored with navigation_type 'soft-navigation' and the route's own page view, apart
 *   from the hard load's, and the query API keeps their percentiles apart.
 */
import type { ResourceRow } from '../../collector-processor/src/store/rows';
import { postQuery } from '../../collector-processor/test/helpers/query';
import { BROWSERS, type TestPage } from './helpers/browsers';
import type { PageViewRow, WebVitalRow } from './helpers/clickhouse';
import { sleep, useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

/** Loads a stylesheet tagged `asset` (kept by allowedQueryParams), resolving when it has loaded. */
function loadAsset(page: TestPage, asset: string, delayMs = 0): Promise<void> {
  return page.evaluate<void, [string, number]>(
    ([name, delay]) =>
      new Promise<void>((resolve, reject) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = `/pages/spa.css?asset=${name}${delay ? `&delay=${delay}` : ''}`;
        link.onload = () => resolve();
        link.onerror = () => reject(new Error(`${name} failed`));
        document.head.appendChild(link);
      }),
    [asset, delayMs],
  );
}

describe.each(BROWSERS)('SPA resource attribution in %s', (name) => {
  const browser = useBrowser(name);

  it('each resource carries the page view of the route it started loading on', async () => {
    const s = await h().scenario(browser(), { init: { allowedQueryParams: ['asset'] } });
    await s.open('/app/catalog');
    await loadAsset(s.page, 'catalog');
    await s.page.evaluate(() => history.pushState({}, '', '/app/cart'));
    await loadAsset(s.page, 'cart');
    // Requested on /app/cart, finished on /app/checkout.
    const slow = loadAsset(s.page, 'cart-slow', 800);
    await sleep(200);
    await s.page.evaluate(() => history.pushState({}, '', '/app/checkout'));
    await loadAsset(s.page, 'checkout');
    await slow;
    // The three page views are stored before the page goes away: this test is about attribution.
    // (Firefox aborts fetches at unload; the SDK resends the batch in flight, but one queued behind
    // it waits for the next visit: a known gap, not what this test measures.)
    const views = await s.rows<PageViewRow>('page_views', { count: 3 });
    await s.page.goto('about:blank'); // hidden + pagehide: resource timings are sent now

    const viewOf = Object.fromEntries(views.map((v) => [v.route, v]));
    expect(Object.keys(viewOf).sort()).toEqual(['/app/cart', '/app/catalog', '/app/checkout']);
    const resources = await s.rows<ResourceRow>('resources', {
      count: 4,
      where: "position(resource_url, 'spa.css') > 0",
    });
    const routeOf = Object.fromEntries(
      resources.map((r) => [new URL(r.resource_url).searchParams.get('asset'), r]),
    );
    const expected: Record<string, string> = {
      catalog: '/app/catalog',
      cart: '/app/cart',
      'cart-slow': '/app/cart',
      checkout: '/app/checkout',
    };
    for (const [asset, route] of Object.entries(expected)) {
      expect([asset, routeOf[asset]?.route]).toEqual([asset, route]);
      expect([asset, routeOf[asset]?.page_view_id]).toEqual([asset, viewOf[route]!.page_view_id]);
      expect(routeOf[asset]!.url).toBe(viewOf[route]!.url);
    }
    // The page's own scripts, loaded before the SDK started, belong to the hard load.
    const [sdk] = await s.rows<ResourceRow>('resources', {
      count: 1,
      where: "position(resource_url, 'pulsetrace.min.js') > 0",
    });
    expect(sdk!.page_view_id).toBe(viewOf['/app/catalog']!.page_view_id);
  });
});

describe('soft navigation vitals in chromium', () => {
  const browser = useBrowser('chromium');

  it('reports a soft navigation’s FCP and LCP apart from the hard load’s', async () => {
    const s = await h().scenario(browser());
    await s.open('/app/home');
    const soft = await s.page.evaluate(
      () =>
        PerformanceObserver.supportedEntryTypes.includes('soft-navigation') &&
        typeof (globalThis as { PerformanceSoftNavigation?: { prototype: object } }).PerformanceSoftNavigation
          ?.prototype === 'object',
    );
    // Debian's Chromium is 151+; an older one would make this test meaningless, not green.
    expect(soft).toBe(true);
    await s.page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'to-offers';
      button.textContent = 'Offers';
      // What a router does on a link click: push the URL, render the new route.
      button.addEventListener('click', () => {
        history.pushState({}, '', '/app/offers');
        document.body.replaceChildren();
        const h1 = document.createElement('h1');
        h1.textContent = 'Offers of the week';
        const p = document.createElement('p');
        p.style.fontSize = '32px';
        p.textContent = 'Trail shoes, rain jackets and a lot more on sale this week only. '.repeat(6);
        document.body.append(h1, p);
      });
      document.body.appendChild(button);
    });
    await sleep(500);
    await s.page.click('#to-offers');
    await sleep(1_500); // FCP of the soft navigation is reported once painted
    await s.page.goto('about:blank'); // hidden: the LCPs are final and reported

    const views = await s.rows<PageViewRow>('page_views', { count: 2 });
    const [hard, offers] = views;
    expect([hard!.route, offers!.route]).toEqual(['/app/home', '/app/offers']);
    const vitals = await s.rows<WebVitalRow>('web_vitals', {
      count: 4,
      where: "name IN ('FCP', 'LCP')",
      timeoutMs: 30_000,
    });
    const summary = vitals.map((v) => `${v.name} ${v.navigation_type} ${v.route} ${v.page_view_id}`).sort();
    expect(summary).toEqual(
      [
        `FCP navigate /app/home ${hard!.page_view_id}`,
        `LCP navigate /app/home ${hard!.page_view_id}`,
        `FCP soft-navigation /app/offers ${offers!.page_view_id}`,
        `LCP soft-navigation /app/offers ${offers!.page_view_id}`,
      ].sort(),
    );

    // The query API keeps them apart: per navigation type, and hard loads only.
    const base = {
      type: 'web_vitals',
      project: s.project.id,
      from: Date.now() - 3600_000,
      to: Date.now() + 60_000,
      metric: 'LCP',
      view: 'table',
      // Headless Chromium is a bot: its rows are stored, and counted only when asked for.
      includeBots: true,
    };
    const split = await postQuery(h().processor, { queries: [{ ...base, groupBy: ['navigationType'] }] });
    expect(split.status).toBe(200);
    const frame = split.body.results.A!.frames[0]!;
    const col = (n: string) => frame.data.values[frame.schema.fields.findIndex((f) => f.name === n)]!;
    expect(col('navigationType').sort()).toEqual(['navigate', 'soft-navigation']);
    expect(col('samples')).toEqual([1, 1]);
    const lcp = Object.fromEntries(
      vitals.filter((v) => v.name === 'LCP').map((v) => [v.navigation_type, v.value]),
    );
    const hardOnly = await postQuery(h().processor, {
      queries: [{ ...base, exclude: { navigationType: 'soft-navigation' } }],
    });
    const hardFrame = hardOnly.body.results.A!.frames[0]!;
    const hardCols = Object.fromEntries(
      hardFrame.schema.fields.map((f, i) => [f.name, hardFrame.data.values[i]]),
    );
    expect(hardCols.samples).toEqual([1]);
    expect(hardCols.p75![0]).toBeCloseTo(lcp.navigate!, 3);
  });
});
