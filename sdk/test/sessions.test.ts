/**
 * Sessions across reloads: a reload keeps the session (a new hard page view, navigation type
 * reload, no previous id); after the idle timeout the next record starts a new session whose
 * session_previous_id is the old one.
 */
import { BROWSERS } from './helpers/browsers';
import type { CustomEventRow, PageViewRow } from './helpers/clickhouse';
import { sleep, useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

/** Short enough to wait out, long enough that a slow reload never expires the session. */
const IDLE_MS = 6_000;

describe.each(BROWSERS)('sessions in %s', (name) => {
  const browser = useBrowser(name);

  it('same session across a reload; a new one with session_previous_id after the idle timeout', async () => {
    const s = await h().scenario(browser(), { init: { sessionIdleTimeoutMs: IDLE_MS } });
    const track = (event: string) =>
      s.page.evaluate((event) => {
        window.PulseTrace.track(event);
        return window.PulseTrace.getSessionId();
      }, event);

    await s.open('/app/session');
    const first = await track('first');
    await s.flush();
    await s.reload();
    const second = await track('second');
    await s.flush();
    expect(second).toBe(first);

    await sleep(IDLE_MS + 2_000);
    const third = await track('third');
    await s.flush();
    expect(third).not.toBe(first);

    const events = await s.rows<CustomEventRow>('custom_events', { count: 3 });
    const by = Object.fromEntries(events.map((e) => [e.name, e]));
    expect([by.first.session_id, by.first.session_previous_id]).toEqual([first, '']);
    expect([by.second.session_id, by.second.session_previous_id]).toEqual([first, '']);
    expect([by.third.session_id, by.third.session_previous_id]).toEqual([third, first]);
    // The visitor outlives sessions.
    expect(new Set(events.map((e) => e.visitor_id)).size).toBe(1);

    const views = await s.rows<PageViewRow>('page_views', { count: 2 });
    expect(views).toHaveLength(2);
    expect(views.map((v) => [v.is_soft_navigation, v.session_id])).toEqual([
      [0, first],
      [0, first],
    ]);
    expect(views[1].navigation_type).toBe('reload');
    expect(views[0].page_view_id).not.toBe(views[1].page_view_id);
    expect(by.first.page_view_id).toBe(views[0].page_view_id);
    expect(by.second.page_view_id).toBe(views[1].page_view_id);
  });
});
