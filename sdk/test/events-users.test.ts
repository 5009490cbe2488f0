/**
 * Custom events with properties, and the user lifecycle: identify() puts user_id (and traits as
 * user.* attributes) on later records and, stored with the session, on the page views of later
 * loads in that session; reset() clears them and starts a new session and visitor.
 */
import { BROWSERS } from './helpers/browsers';
import type { CustomEventRow, PageViewRow } from './helpers/clickhouse';
import { useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

describe.each(BROWSERS)('custom events and users in %s', (name) => {
  const browser = useBrowser(name);

  it('track() with properties → custom_events with the properties as strings', async () => {
    const s = await h().scenario(browser());
    await s.open('/app/cart');
    const sessionId = await s.page.evaluate(() => {
      window.PulseTrace.track('checkout_started', {
        cart_value: 129.5,
        items: 3,
        coupon: 'SPRING',
        express: true,
      });
      window.PulseTrace.track('coupon_removed');
      return window.PulseTrace.getSessionId();
    });
    await s.flush();

    const rows = await s.rows<CustomEventRow>('custom_events', { count: 2 });
    // Both in the same millisecond, maybe: find them by name, not by order.
    expect(rows.map((r) => r.name).sort()).toEqual(['checkout_started', 'coupon_removed']);
    const started = rows.find((r) => r.name === 'checkout_started')!;
    const removed = rows.find((r) => r.name === 'coupon_removed')!;
    expect(started.properties).toEqual({
      cart_value: '129.5',
      items: '3',
      coupon: 'SPRING',
      express: 'true',
    });
    expect(removed.properties).toEqual({});
    for (const r of rows) {
      expect(r.session_id).toBe(sessionId);
      expect(r.page_view_id).toMatch(/^[0-9a-f]{16}$/);
      expect(r.visitor_id).not.toBe('');
      expect(r.url).toBe(s.url('/app/cart'));
      expect([r.service_name, r.release, r.environment]).toEqual(['sdk-e2e', '1.2.3', 'e2e']);
      expect(r.sdk_name).toBe('pulsetrace-browser');
    }
  });

  it('identify() sets user_id; reset() clears it and starts a new session and visitor', async () => {
    const s = await h().scenario(browser());
    await s.open('/app/account');
    const ids = await s.page.evaluate(() => {
      const pt = window.PulseTrace;
      pt.track('before_login');
      const before = pt.getSessionId();
      pt.identify('user-42', { plan: 'pro' });
      pt.track('after_login');
      pt.reset();
      pt.track('after_logout');
      return { before, after: pt.getSessionId() };
    });
    await s.flush();

    const rows = await s.rows<CustomEventRow>('custom_events', { count: 3 });
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(Object.keys(by).sort()).toEqual(['after_login', 'after_logout', 'before_login']);

    expect(by.before_login.user_id).toBe('');
    expect(by.after_login.user_id).toBe('user-42');
    expect(by.after_login.attributes['user.plan']).toBe('pro');
    expect(by.after_logout.user_id).toBe('');
    expect(by.after_logout.attributes['user.plan']).toBeUndefined();

    expect(ids.before).toMatch(/^[0-9a-f]+$/);
    expect(ids.after).toMatch(/^[0-9a-f]+$/);
    expect(ids.after).not.toBe(ids.before);
    expect(by.before_login.session_id).toBe(ids.before);
    expect(by.after_login.session_id).toBe(ids.before);
    expect(by.after_logout.session_id).toBe(ids.after);

    expect(by.before_login.visitor_id).not.toBe('');
    expect(by.after_login.visitor_id).toBe(by.before_login.visitor_id);
    expect(by.after_logout.visitor_id).not.toBe('');
    expect(by.after_logout.visitor_id).not.toBe(by.before_login.visitor_id);
  });

  it('the user survives a full page load in the same session; after reset() the next load is anonymous', async () => {
    const s = await h().scenario(browser());
    await s.open('/app/login');
    const session = await s.page.evaluate(() => {
      window.PulseTrace.identify('user-7', { plan: 'team' });
      return window.PulseTrace.getSessionId();
    });
    await s.flush();
    await s.reload();
    await s.page.evaluate(() => window.PulseTrace.track('after_reload'));
    await s.flush();
    await s.page.evaluate(() => window.PulseTrace.reset());
    await s.reload();
    await s.page.evaluate(() => window.PulseTrace.track('after_logout_reload'));
    await s.flush();

    const events = await s.rows<CustomEventRow>('custom_events', { count: 2 });
    const by = Object.fromEntries(events.map((e) => [e.name, e]));
    expect([by.after_reload.user_id, by.after_reload.session_id]).toEqual(['user-7', session]);
    expect(by.after_reload.attributes['user.plan']).toBe('team');
    expect(by.after_logout_reload.user_id).toBe('');
    expect(by.after_logout_reload.attributes['user.plan']).toBeUndefined();
    expect(by.after_logout_reload.session_id).not.toBe(session);

    // The reloaded page's own page view (started at init, before any identify() on that load).
    const views = await s.rows<PageViewRow>('page_views', { count: 3 });
    const reloaded = views.find((v) => v.page_view_id === by.after_reload.page_view_id)!;
    expect([reloaded.user_id, reloaded.session_id]).toEqual(['user-7', session]);
    const loggedOut = views.find((v) => v.page_view_id === by.after_logout_reload.page_view_id)!;
    expect([loggedOut.user_id, loggedOut.session_id]).toEqual(['', by.after_logout_reload.session_id]);
  });
});
