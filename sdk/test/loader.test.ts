/**
 * The script-tag loader: loader.min.js with data- attributes (endpoint, key, release,
 * environment, sample rate, SDK source) defines a queueing stub at once; the page calls
 * identify() and track() before the full SDK has arrived (the page server holds it back 800 ms);
 * once it has, init() runs with the data- attributes and the queue is replayed in order, the
 * queued identify() applying to the first page view as well.
 */
import { BROWSERS } from './helpers/browsers';
import type { CustomEventRow, ErrorRow, PageViewRow } from './helpers/clickhouse';
import { useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

describe.each(BROWSERS)('loader in %s', (name) => {
  const browser = useBrowser(name);

  it('calls queued before the SDK arrives are replayed, with the data- attribute config', async () => {
    const s = await h().scenario(browser());
    await s.page.goto(s.url('/loader/?utm_source=loader'));
    // The real SDK has replaced the stub once it has a session.
    await s.page.waitFor(() => typeof window.PulseTrace.getSessionId() === 'string', undefined, 20_000);
    const timing = await s.page.evaluate(() => {
      const sdk = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes('/dist/pulsetrace.min.js')) as PerformanceResourceTiming | undefined;
      return { queuedAt: window.queuedAt, sdkArrivedAt: sdk?.responseEnd };
    });
    // The queued calls really ran before the SDK's bytes were there.
    expect(timing.sdkArrivedAt).toBeDefined();
    expect(timing.queuedAt).toBeLessThan(timing.sdkArrivedAt!);

    await s.page.evaluate(() => {
      window.PulseTrace.track('after_load', { step: 'direct' });
      setTimeout(() => {
        throw new Error('thrown after the loader handed over');
      });
    });
    await s.page.waitFor(() => new Promise((r) => setTimeout(() => r(true), 100)));
    await s.flush();

    const events = await s.rows<CustomEventRow>('custom_events', { count: 2 });
    const by = Object.fromEntries(events.map((e) => [e.name, e]));
    expect(Object.keys(by).sort()).toEqual(['after_load', 'queued_before_load']);
    // identify() was queued before track(): the replay kept the order.
    expect(by.queued_before_load.user_id).toBe('loader-user');
    expect(by.queued_before_load.properties).toEqual({ step: 'queued', n: '1' });
    expect(by.after_load.user_id).toBe('loader-user');
    for (const e of events) {
      expect([e.release, e.environment]).toEqual(['9.9.9', 'loader-test']);
      expect(e.session_id).not.toBe('');
    }

    // The SDK started by the loader records the page view too (key and endpoint from data-).
    const [view] = await s.rows<PageViewRow>('page_views', { count: 1 });
    expect(view.url).toBe(s.url('/loader/?utm_source=loader'));
    expect(view.utm_source).toBe('loader');
    expect([view.release, view.environment]).toEqual(['9.9.9', 'loader-test']);
    expect(view.session_id).toBe(by.queued_before_load.session_id);
    // The identify() queued before the SDK arrived applies to the first page view too (replayed
    // after init() has started its span, so it is stamped when the load ends).
    expect(view.user_id).toBe('loader-user');

    // Uncaught errors are queued by the loader too, and reported once, like later ones.
    const errors = await s.rows<ErrorRow>('errors', { count: 2 });
    expect(errors.map((e) => e.exception_message).sort()).toEqual([
      'thrown after the loader handed over',
      'thrown before the SDK arrived',
    ]);
    for (const e of errors)
      expect([e.mechanism, e.handled, e.exception_type]).toEqual(['onerror', 0, 'Error']);
  });
});
