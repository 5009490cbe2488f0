/**
 * One rich session of the shop, for the Sessions page and its timeline: a visitor lands, opens a
 * product, adds it to the cart, pays, the payment call fails and an error of the release traffic's
 * issue (fp-default, `TypeError: x is undefined`) follows. Page views, clicks (the SDK's browser.user_action.click custom events), HTTP calls incl.
 * a failed one carrying the error's trace, vitals of every rating and a long task. Tests compute
 * the timeline they expect from RICH_EVENTS.
 *
 * Six days ago, on purpose: the other pages' tests recompute their numbers from the traffic and
 * visit seeds over the last hours and days, and from ISSUES (the checkout and search issues, their
 * first-seen order and per-release counts are all-time); this session stays out of all of those.
 * fp-default is first seen six days ago then: still within 7 days, so still `new`.
 */
import type { RunningProcessor } from '../../../collector-processor/src/processor';
import type { CommonRow } from '../../../collector-processor/src/store/rows';
import { insertRows } from '../../../collector-processor/test/helpers/query';
import { DAY, errorRow } from '../../../collector-processor/test/helpers/seed-errors';
import {
  customEventRow,
  httpRequest,
  longTask,
  pageView,
  webVital,
  type At,
} from '../../../collector-processor/test/helpers/seed-performance';

export const RICH_SESSION = {
  id: 'checkout-rich',
  user: 'u3',
  visitor: 'v-rich',
  release: '1.0.0',
  browser: 'Chrome',
  os: 'Windows',
  /** The checkout call's trace: the failed HTTP call and the error share it. */
  traceId: '0af7651916cd43dd8448eb211c80319c',
  /** The error happens this long after the session's first page view. */
  errorAfterMs: 15_400,
  errorDaysAgo: 6,
} as const;

type Table = 'page_views' | 'custom_events' | 'http_requests' | 'web_vitals' | 'long_tasks';

export interface RichEvent {
  /** After the session's first page view. */
  offsetMs: number;
  table: Table;
  /** The session_timeline kind it is listed as. */
  kind: string;
  page: string;
  build: (at: At) => CommonRow;
}

const click = (selector: string, tag: string) => (at: At) =>
  customEventRow(at, {
    name: 'browser.user_action.click',
    properties: { 'browser.css_selector': selector, 'browser.tag_name': tag, 'browser.mouse_event.button': 'left' },
  });
const call =
  (method: string, template: string, path: string, status: number, ms: number, traceId = '') =>
  (at: At) =>
    httpRequest(
      { ...at, trace_id: traceId },
      {
        method,
        url_template: template,
        http_url: `https://api.shop.example${path}`,
        status_code: status,
        duration_ms: ms,
      }
    );
const vital = (name: string, value: number, rating: string) => (at: At) =>
  webVital(at, { name, value, delta: value, rating });

/** Every event of the session but the error, oldest first. */
export const RICH_EVENTS: RichEvent[] = [
  { offsetMs: 0, table: 'page_views', kind: 'page_view', page: '/', build: (at) => pageView(at, { title: 'Shop' }) },
  { offsetMs: 900, table: 'web_vitals', kind: 'web_vital', page: '/', build: vital('FCP', 900, 'good') },
  { offsetMs: 1800, table: 'web_vitals', kind: 'web_vital', page: '/', build: vital('LCP', 1800, 'good') },
  {
    offsetMs: 2600,
    table: 'http_requests',
    kind: 'http',
    page: '/',
    build: call('GET', '/api/products', '/api/products', 200, 120),
  },
  { offsetMs: 5200, table: 'custom_events', kind: 'custom_event', page: '/', build: click('a.product-card', 'A') },
  {
    offsetMs: 5400,
    table: 'page_views',
    kind: 'page_view',
    page: '/products/:id',
    build: (at) => pageView(at, { title: 'Espresso grinder', is_soft_navigation: 1, duration_ms: 0 }),
  },
  {
    offsetMs: 5600,
    table: 'http_requests',
    kind: 'http',
    page: '/products/:id',
    build: call('GET', '/api/products/:id', '/api/products/42', 200, 85),
  },
  {
    offsetMs: 9500,
    table: 'custom_events',
    kind: 'custom_event',
    page: '/products/:id',
    build: click('button#add-to-cart', 'BUTTON'),
  },
  {
    offsetMs: 9650,
    table: 'http_requests',
    kind: 'http',
    page: '/products/:id',
    build: call('POST', '/api/cart', '/api/cart', 201, 140),
  },
  {
    offsetMs: 11_800,
    table: 'page_views',
    kind: 'page_view',
    page: '/checkout',
    build: (at) => pageView(at, { title: 'Checkout', is_soft_navigation: 1, duration_ms: 0 }),
  },
  {
    offsetMs: 13_900,
    table: 'custom_events',
    kind: 'custom_event',
    page: '/checkout',
    build: click('button#pay', 'BUTTON'),
  },
  {
    offsetMs: 14_000,
    table: 'long_tasks',
    kind: 'long_task',
    page: '/checkout',
    build: (at) =>
      longTask(at, {
        duration_ms: 240,
        blocking_duration_ms: 190,
        script_url: 'https://shop.example/assets/checkout.js',
      }),
  },
  {
    offsetMs: 14_150,
    table: 'http_requests',
    kind: 'http',
    page: '/checkout',
    build: call('POST', '/api/checkout', '/api/checkout', 503, 1250, RICH_SESSION.traceId),
  },
  {
    offsetMs: 16_000,
    table: 'web_vitals',
    kind: 'web_vital',
    page: '/checkout',
    build: vital('INP', 380, 'needs-improvement'),
  },
  { offsetMs: 20_000, table: 'web_vitals', kind: 'web_vital', page: '/checkout', build: vital('CLS', 0.31, 'poor') },
];

/** When the session's first page view happened. */
export const richSessionStart = (now: number) => now - RICH_SESSION.errorDaysAgo * DAY - RICH_SESSION.errorAfterMs;

/** The columns every event of the session shares. */
function who(project: string, now: number, offsetMs: number, page: string, eventId: string): At {
  return {
    atMs: richSessionStart(now) + offsetMs,
    project_id: project,
    event_id: eventId,
    session_id: RICH_SESSION.id,
    user_id: RICH_SESSION.user,
    visitor_id: RICH_SESSION.visitor,
    release: RICH_SESSION.release,
    browser_name: RICH_SESSION.browser,
    os_name: RICH_SESSION.os,
    device_type: 'desktop',
    country: 'DE',
    route: page,
    url: `https://shop.example${page.replace(':id', '42')}`,
  };
}

/** The issue the session's error is an event of: the release traffic's errors (seed-errors errorRow). */
export const RICH_ISSUE = { id: 'fp-default', type: 'TypeError', message: 'x is undefined' };

/** The session's rows, its error one of RICH_ISSUE's events. */
export async function seedRichSession(p: RunningProcessor, project: string, now: number) {
  const byTable = new Map<string, CommonRow[]>();
  RICH_EVENTS.forEach((e, i) => {
    const row = e.build(who(project, now, e.offsetMs, e.page, `rich-${String(i).padStart(2, '0')}`));
    byTable.set(e.table, [...(byTable.get(e.table) ?? []), row]);
  });
  const { atMs, ...at } = who(project, now, RICH_SESSION.errorAfterMs, '/checkout', 'rich-error');
  const error = errorRow(project, { ...at, at: atMs, trace_id: RICH_SESSION.traceId });
  byTable.set('errors', [error]);
  for (const [table, rows] of byTable) {
    await insertRows(p, table, rows);
  }
}
