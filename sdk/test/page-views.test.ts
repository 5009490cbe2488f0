/**
 * Page views in real browsers: the hard load, then SPA route changes (pushState, hash change)
 * as soft page views, each with its own page_view_id and the previous URL as referrer; UTM
 * parameters stored, every other query value scrubbed before it leaves the browser.
 */
import { BROWSERS } from './helpers/browsers';
import type { CustomEventRow, PageViewRow } from './helpers/clickhouse';
import { useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

const LANDING =
  '/app/products/12345?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale' +
  '&ref=mail&email=jane.doe%40example.com';

describe.each(BROWSERS)('page views in %s', (name) => {
  const browser = useBrowser(name);

  it('hard load + pushState + hash change → one hard and two soft page views', async () => {
    const s = await h().scenario(browser());
    await s.open(LANDING);
    await s.page.evaluate(async () => {
      const pause = () => new Promise((r) => setTimeout(r, 150));
      await pause();
      history.pushState({ step: 2 }, '', '/app/cart?step=2&token=s3cr3t-t0ken');
      await pause();
      location.hash = '#/reviews';
      await pause();
      window.PulseTrace.track('after_routes');
    });
    await s.flush();

    const views = await s.rows<PageViewRow>('page_views', { count: 3 });
    expect(views).toHaveLength(3);
    const [hard, push, hash] = views;

    // The landing page: UTM kept (and in their columns), everything else filtered.
    expect(hard.is_soft_navigation).toBe(0);
    expect(hard.navigation_type).toBe('navigate');
    expect(hard.url.startsWith(s.url('/app/products/12345?'))).toBe(true);
    expect(hard.url).toContain('utm_source=newsletter');
    expect(hard.url).toContain('Filtered');
    expect(hard.url).not.toMatch(/jane|example\.com|ref=mail/);
    expect([hard.utm_source, hard.utm_medium, hard.utm_campaign]).toEqual([
      'newsletter',
      'email',
      'spring_sale',
    ]);
    expect(hard.title).toBe('PulseTrace demo shop');
    expect(hard.route).toBe('/app/products/:id');
    expect(hard.load_ms).toBeGreaterThan(0);
    expect(hard.dom_content_loaded_ms).toBeGreaterThan(0);

    // pushState: soft, referrer = the previous (scrubbed) URL, its own query scrubbed too.
    expect(push.is_soft_navigation).toBe(1);
    expect(push.navigation_type).toBe('push');
    expect(push.url.startsWith(s.url('/app/cart?'))).toBe(true);
    expect(push.url).not.toContain('s3cr3t');
    expect(push.referrer).toBe(hard.url);

    // Hash change: soft as well.
    expect(hash.is_soft_navigation).toBe(1);
    expect(hash.url.startsWith(s.url('/app/cart?'))).toBe(true);
    expect(hash.url.endsWith('#/reviews')).toBe(true);
    expect(hash.referrer).toBe(push.url);

    const ids = views.map((v) => v.page_view_id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(views.map((v) => v.session_id)).size).toBe(1);
    expect(hard.session_id).toMatch(/^[0-9a-f]+$/);
    expect(
      views.every((v) => v.release === '1.2.3' && v.environment === 'e2e' && v.service_name === 'sdk-e2e'),
    ).toBe(true);

    // Later records belong to the page view of the current route.
    const [event] = await s.rows<CustomEventRow>('custom_events', {
      count: 1,
      where: 'name = {n:String}',
      params: { n: 'after_routes' },
    });
    expect(event.page_view_id).toBe(hash.page_view_id);
    expect(event.url).toBe(hash.url);
  });
});
