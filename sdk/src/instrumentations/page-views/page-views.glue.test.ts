import type { SdkContext } from '../../core/context';
import type { Attributes, Breadcrumb } from '../../types';
import { TITLE_SETTLE_MS, pageViews } from './page-views';

// The glue, on stand-ins for window/location/history/document (no DOM in this test environment).
describe('pageViews', () => {
  interface FakeSpan {
    name: string;
    attributes: Attributes;
    pageViewId: string;
    start?: number;
    end?: number;
  }
  let spans: FakeSpan[];
  let crumbs: Breadcrumb[];
  let warnings: string[];
  let cleanups: Array<() => void>;
  let pageView: number;
  let failNewPageView: boolean;
  let user: Attributes | undefined;
  let win: EventTarget & { navigation?: EventTarget };
  let doc: EventTarget & { title: string; referrer: string; readyState: string; visibilityState: string };
  let loc: { href: string };
  let hist: {
    pushState(s: unknown, t: string, url?: string): void;
    replaceState(s: unknown, t: string, url?: string): void;
  };
  const saved = ['window', 'document', 'location', 'history'].map(
    (k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)] as const,
  );

  const ctx = () =>
    ({
      config: { breadcrumbs: { navigations: true } },
      debug: { enabled: true, warn: (m: string) => warnings.push(m) },
      startSpan(name: string, attributes: Attributes, o?: { startTimeMs?: number }) {
        const s: FakeSpan = {
          name,
          attributes: { ...attributes },
          pageViewId: `pv${pageView}`,
          start: o?.startTimeMs,
        };
        spans.push(s);
        return {
          setAttribute: (k: string, v: string) => ((s.attributes[k] = v), undefined),
          setAttributes: (a: Attributes) => Object.assign(s.attributes, a),
          end: (t: number) => (s.end = t),
        };
      },
      addBreadcrumb: (c: Breadcrumb) => crumbs.push(c),
      user: () => user,
      newPageView() {
        if (failNewPageView) throw new Error('boom');
        return `pv${++pageView}`;
      },
      scrubUrl: (u: string) => u.replace(/token=[^&#]*/, 'token=[Filtered]'),
      onShutdown: (fn: () => void) => cleanups.push(fn),
    }) as unknown as SdkContext;

  const install = () => pageViews(ctx());
  const soft = () => spans.filter((s) => s.attributes['browser.navigation.same_document'] === true);

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    spans = [];
    crumbs = [];
    warnings = [];
    cleanups = [];
    pageView = 0;
    failNewPageView = false;
    user = undefined;
    win = new EventTarget();
    doc = Object.assign(new EventTarget(), {
      title: 'Home',
      referrer: '',
      readyState: 'complete',
      visibilityState: 'visible',
    });
    loc = { href: 'https://shop.test/?token=abc' };
    const go = (url?: string) => url !== undefined && (loc.href = new URL(url, loc.href).href);
    hist = {
      pushState: (_s, _t, url) => void go(url),
      replaceState: (_s, _t, url) => void go(url),
    };
    Object.assign(globalThis, { window: win, document: doc, location: loc, history: hist });
  });

  afterEach(() => {
    for (const fn of cleanups) fn();
    jest.useRealTimers();
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(globalThis, k, d);
      else delete (globalThis as Record<string, unknown>)[k];
    }
  });

  it('sends the hard load a tick after load, on the first page view, without a new id', () => {
    install();
    expect(spans).toHaveLength(1);
    jest.runOnlyPendingTimers();
    const [load] = spans;
    expect(load).toMatchObject({
      name: 'browser.navigation',
      pageViewId: 'pv0',
      start: performance.timeOrigin,
      attributes: {
        'url.full': 'https://shop.test/?token=[Filtered]',
        'browser.navigation.same_document': false,
        'pulsetrace.page.title': 'Home',
      },
    });
    expect(load.end).toBeDefined();
    expect(pageView).toBe(0);
  });

  it('gives the load the user identified while it loaded (a queued identify replayed after init)', () => {
    doc.readyState = 'loading';
    install();
    user = { 'user.id': 'u-1', 'user.plan': 'pro' };
    win.dispatchEvent(new Event('load'));
    jest.runOnlyPendingTimers();
    expect(spans[0].attributes).toMatchObject({ 'user.id': 'u-1', 'user.plan': 'pro' });
  });

  it('waits for the load event when the page is still loading', () => {
    doc.readyState = 'loading';
    install();
    jest.runOnlyPendingTimers();
    expect(spans[0].end).toBeUndefined();
    win.dispatchEvent(new Event('load'));
    expect(spans[0].end).toBeUndefined();
    jest.runOnlyPendingTimers();
    expect(spans[0].end).toBeDefined();
  });

  it('ends the load span on pagehide when the page is left before load (still a page view)', () => {
    doc.readyState = 'loading';
    install();
    win.dispatchEvent(new Event('pagehide'));
    expect(spans[0].end).toBe(Date.now());
  });

  it('keeps the first page view and title on a load span that outlives a route change', () => {
    doc.readyState = 'loading';
    install();
    hist.replaceState({}, '', '/home');
    doc.title = 'Home page';
    win.dispatchEvent(new Event('load'));
    jest.runOnlyPendingTimers();
    expect(spans[0]).toMatchObject({ pageViewId: 'pv0', attributes: { 'pulsetrace.page.title': 'Home' } });
    expect(spans[1]).toMatchObject({
      pageViewId: 'pv1',
      attributes: { 'pulsetrace.page.title': 'Home page' },
    });
  });

  it('turns pushState into a new page view and a zero-length span with the settled title', () => {
    install();
    hist.pushState({}, '', '/cart?step=1');
    doc.title = 'Cart';
    expect(pageView).toBe(1);
    const [nav] = soft();
    expect(nav).toMatchObject({
      pageViewId: 'pv1',
      attributes: {
        'url.full': 'https://shop.test/cart?step=1',
        'browser.navigation.type': 'push',
        'pulsetrace.page.referrer': 'https://shop.test/?token=[Filtered]',
      },
    });
    expect(nav.end).toBeUndefined();
    jest.advanceTimersByTime(TITLE_SETTLE_MS);
    expect(nav.attributes['pulsetrace.page.title']).toBe('Cart');
    expect(nav.end).toBe(nav.start);
    expect(crumbs).toEqual([
      {
        category: 'navigation',
        timestamp: nav.start,
        data: { from: 'https://shop.test/?token=[Filtered]', to: 'https://shop.test/cart?step=1' },
      },
    ]);
  });

  it('ignores history calls that do not change path, query or hash', () => {
    install();
    hist.replaceState({ scroll: 1 }, '');
    hist.pushState({}, '', '/?token=abc');
    hist.pushState({}, '', '/?token=abc#');
    expect(soft()).toHaveLength(0);
    expect(pageView).toBe(0);
  });

  it('counts popstate as traverse and does not count the hashchange that follows it', () => {
    install();
    loc.href = 'https://shop.test/#/orders';
    win.dispatchEvent(new Event('popstate'));
    win.dispatchEvent(new Event('hashchange'));
    expect(soft().map((s) => s.attributes['browser.navigation.type'])).toEqual(['traverse']);
  });

  it('takes the type of a popstate from the Navigation API when there is one', () => {
    win.navigation = new EventTarget();
    install();
    win.navigation.dispatchEvent(Object.assign(new Event('navigate'), { navigationType: 'push' }));
    loc.href = 'https://shop.test/#section';
    win.dispatchEvent(new Event('popstate'));
    expect(soft()[0].attributes['browser.navigation.type']).toBe('push');
  });

  it('ends the pending route span when the page is hidden or the route changes again', () => {
    install();
    hist.pushState({}, '', '/a');
    hist.replaceState({}, '', '/b');
    expect(soft()[0].end).toBeDefined();
    expect(soft()[1].attributes['browser.navigation.type']).toBe('replace');
    doc.visibilityState = 'hidden';
    win.dispatchEvent(new Event('visibilitychange'));
    expect(soft()[1].end).toBeDefined();
  });

  it('never breaks history: our failures are logged, the original always runs and its errors are the caller’s', () => {
    install();
    failNewPageView = true;
    hist.pushState({}, '', '/x');
    expect(loc.href).toBe('https://shop.test/x');
    expect(warnings).toEqual(['history.pushState failed']);
    cleanups.splice(0).forEach((fn) => fn());
    const failing = () => {
      throw new Error('SecurityError');
    };
    hist.pushState = failing;
    install();
    expect(() => hist.pushState({}, '', 'https://other.test/')).toThrow('SecurityError');
  });

  it('restores history on shutdown', () => {
    const { pushState, replaceState } = hist;
    install();
    expect(hist.pushState).not.toBe(pushState);
    for (const fn of cleanups.splice(0)) fn();
    expect(hist.pushState).toBe(pushState);
    expect(hist.replaceState).toBe(replaceState);
  });
});
