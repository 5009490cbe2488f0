/**
 * Consent and sampling in real browsers: optOut() stops capture and optIn() resumes it;
 * startOptedOut sends nothing until optIn(); with sampleRate 0 only errors are sent, each with
 * the breadcrumb trail of the unsampled session (error-biased sampling).
 */
import { BROWSERS } from './helpers/browsers';
import type { CustomEventRow, ErrorRow, PageViewRow } from './helpers/clickhouse';
import { useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

describe.each(BROWSERS)('consent and sampling in %s', (name) => {
  const browser = useBrowser(name);

  it('optOut() drops records until optIn(); the choice survives a reload', async () => {
    const s = await h().scenario(browser());
    await s.open('/app/consent');
    await s.page.evaluate(() => {
      window.PulseTrace.optOut();
      window.PulseTrace.track('while_opted_out');
    });
    await s.flush();
    await s.reload();
    await s.page.evaluate(() => {
      window.PulseTrace.track('after_reload_still_out');
      window.PulseTrace.optIn();
      window.PulseTrace.track('after_opt_in');
    });
    await s.flush();

    const rows = await s.rows<CustomEventRow>('custom_events', { count: 1 });
    expect(rows.map((r) => r.name)).toEqual(['after_opt_in']);
    // The reload happened while opted out: its page view was never sent. (Whether the first
    // load's page view made it depends on whether its span ended before optOut().)
    const reloads = await s.rows<PageViewRow>('page_views', {
      count: 0,
      where: "navigation_type = 'reload'",
    });
    expect(reloads).toHaveLength(0);
  });

  it('startOptedOut sends nothing, not even the page view, before optIn()', async () => {
    const s = await h().scenario(browser(), { init: { startOptedOut: true } });
    await s.open('/app/banner');
    await s.page.evaluate(() => window.PulseTrace.track('before_consent'));
    await s.flush();
    expect(await s.page.evaluate(() => window.PulseTrace.getSessionId())).toBeUndefined();
    await s.page.evaluate(() => {
      window.PulseTrace.optIn();
      window.PulseTrace.track('after_consent');
    });
    await s.flush();

    const rows = await s.rows<CustomEventRow>('custom_events', { count: 1 });
    expect(rows.map((r) => r.name)).toEqual(['after_consent']);
    expect(await s.rows<PageViewRow>('page_views', { count: 0 })).toHaveLength(0);
  });

  it('sampleRate 0 sends only errors, with the unsampled session’s breadcrumbs', async () => {
    const s = await h().scenario(browser(), { init: { sampleRate: 0 } });
    await s.open('/app/unsampled');
    await s.page.evaluate(() => {
      window.PulseTrace.track('not_sampled');
      console.warn('low stock');
      window.PulseTrace.captureException(new Error('payment declined'));
    });
    await s.flush();

    const [error] = await s.rows<ErrorRow>('errors', { count: 1 });
    expect(error.exception_message).toBe('payment declined');
    const crumbs = JSON.parse(error.breadcrumbs) as Array<{ category: string; message?: string }>;
    expect(crumbs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'custom', message: 'not_sampled' }),
        expect.objectContaining({ category: 'console', message: 'low stock' }),
      ]),
    );
    expect(await s.rows<CustomEventRow>('custom_events', { count: 0 })).toHaveLength(0);
    expect(await s.rows<PageViewRow>('page_views', { count: 0 })).toHaveLength(0);
  });
});
