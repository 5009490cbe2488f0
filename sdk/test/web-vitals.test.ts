/**
 * Web vitals from a real page load: FCP and TTFB after load, LCP, CLS after a layout shift and
 * INP after a slow click, reported when the page is left (visibilitychange hidden / pagehide)
 * and delivered with keepalive. Each browser is held to what it supports: Chromium to all five;
 * Firefox has no Layout Instability API (no CLS), which the page itself reports.
 */
import { BROWSERS, type BrowserName } from './helpers/browsers';
import type { PageViewRow, WebVitalRow } from './helpers/clickhouse';
import { sleep, useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

/** What each browser must report; checked against the page's own feature detection too. */
const EXPECTED: Record<BrowserName, string[]> = {
  chromium: ['CLS', 'FCP', 'INP', 'LCP', 'TTFB'],
  firefox: ['FCP', 'INP', 'LCP', 'TTFB'],
};

describe.each(BROWSERS)('web vitals in %s', (name) => {
  const browser = useBrowser(name);

  it('FCP, TTFB, LCP, CLS and INP as the browser supports them, once each', async () => {
    const s = await h().scenario(browser());
    await s.open('/app/vitals');
    const supported = await s.page.evaluate(() => {
      const types = PerformanceObserver.supportedEntryTypes;
      const interactions =
        types.includes('event') &&
        typeof PerformanceEventTiming !== 'undefined' &&
        'interactionId' in PerformanceEventTiming.prototype;
      return [
        'FCP',
        'TTFB',
        ...(types.includes('largest-contentful-paint') ? ['LCP'] : []),
        ...(types.includes('layout-shift') ? ['CLS'] : []),
        ...(interactions ? ['INP'] : []),
      ].sort();
    });
    expect(supported).toEqual(EXPECTED[name]);

    await sleep(700); // a shift within 500 ms of input would not count
    await s.page.evaluate(() => {
      (document.getElementById('shift-target') as HTMLElement).style.height = '240px';
    });
    await sleep(300);
    await s.page.click('#slow'); // a 150 ms handler; also finalises LCP
    // web-vitals processes event entries in requestIdleCallback (1 s timeout); hiding the page
    // before that loses the INP report (its hidden handler runs first and sees no interaction).
    await sleep(1_500);
    await s.page.goto('about:blank'); // hidden + pagehide: CLS, INP (and LCP) are reported now

    const vitals = await s.rows<WebVitalRow>('web_vitals', { count: supported.length, timeoutMs: 30_000 });
    const byName = new Map(vitals.map((v) => [v.name, v]));
    expect(vitals.map((v) => v.name).sort()).toEqual(supported);

    expect(byName.get('FCP')!.value).toBeGreaterThan(0);
    expect(byName.get('TTFB')!.value).toBeGreaterThanOrEqual(0);
    expect(byName.get('LCP')!.value).toBeGreaterThanOrEqual(byName.get('FCP')!.value);
    if (byName.has('CLS')) expect(byName.get('CLS')!.value).toBeGreaterThan(0);
    if (byName.has('INP')) expect(byName.get('INP')!.value).toBeGreaterThanOrEqual(100);
    for (const v of vitals) {
      expect(['good', 'needs-improvement', 'poor']).toContain(v.rating);
      expect(v.metric_id).not.toBe('');
      expect(v.url).toBe(s.url('/app/vitals'));
    }

    // All of them belong to the page view of that load.
    const [view] = await s.rows<PageViewRow>('page_views', { count: 1 });
    expect(new Set(vitals.map((v) => v.page_view_id))).toEqual(new Set([view.page_view_id]));
    expect(new Set(vitals.map((v) => v.session_id))).toEqual(new Set([view.session_id]));
  });
});
