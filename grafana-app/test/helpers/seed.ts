/**
 * The shop the app's tests look at: two releases of traffic over the last five hours (1.1.0 slower
 * and more error-prone: seed-errors.ts's releaseTraffic), three days of visits with referrers and
 * campaigns (seed-web.ts), issues with stack frames, source context, breadcrumbs and a cause
 * chain, long tasks, resources and custom events. Rows go in as the ingest writer writes them,
 * so the issues table, sessions and pre-aggregates fill through their materialized views.
 * Page slices add what their pages need here (small, named additions).
 */
import type { RunningProcessor } from '../../../collector-processor/src/processor';
import type { ErrorRow } from '../../../collector-processor/src/store/rows';
import { insertRows } from '../../../collector-processor/test/helpers/query';
import {
  errorRow,
  Frame,
  grouping,
  HOUR,
  MINUTE,
  registeredRelease,
  releaseTraffic,
} from '../../../collector-processor/test/helpers/seed-errors';
import { customEventRow, longTask, resource } from '../../../collector-processor/test/helpers/seed-performance';
import { seedWeb } from '../../../collector-processor/test/helpers/seed-web';
import { seedPerformance } from './seed-performance';
import { seedRichSession } from './seed-sessions';

export const RELEASES = ['1.0.0', '1.1.0'] as const;

/** An issue of the shop: its title, culprit and the frames of its stack (innermost first). */
export interface SeedIssue {
  fingerprint: string;
  type: string;
  message: string;
  culprit: string;
  frames: Frame[];
  /** Events: minutes before now, and the release each happened in. */
  events: Array<{
    minutesAgo: number;
    release: string;
    session: string;
    user: string;
    browser: string;
    /** Issue detail's tag distributions: more than one OS, device and country (issueEventTags). */
    os?: string;
    device?: string;
    country?: string;
    /** Some events carry the trace of the backend call they failed on. */
    traceId?: string;
  }>;
}

const context = (
  line: string,
  pre = ['  const order = cart.current();', '  // pay'],
  post = ['  return order;', '}']
) => JSON.stringify({ pre, line, post });

/** Where a symbolicated in-app frame was in the minified bundle the browser ran. */
const minified = (column: number, fn: string) => ({
  url: 'https://shop.example/assets/app.3f9a1c.min.js',
  line: 1,
  column,
  fn,
});

/** Tags that vary by event, so issue detail's distributions have several values each. */
function issueEventTags(i: number) {
  return {
    os: ['Windows', 'macOS', 'Android', 'iOS'][i % 4]!,
    device: i % 4 >= 2 ? 'mobile' : 'desktop',
    country: ['US', 'DE', 'FR', 'US', 'GB'][i % 5]!,
    traceId: i % 2 === 0 ? `4bf92f3577b34da6a3ce929d0e0e${String(4736 + i).padStart(4, '0')}` : undefined,
  };
}

export const ISSUES: SeedIssue[] = [
  {
    fingerprint: 'fp-checkout-total',
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'total')",
    culprit: 'submitOrder (src/checkout/pay.ts)',
    frames: [
      {
        function: 'submitOrder',
        filename: 'src/checkout/pay.ts',
        lineno: 42,
        colno: 17,
        context: context('  const total = order.summary.total;'),
        raw: minified(48211, 'a'),
      },
      {
        function: 'onClick',
        filename: 'src/checkout/PayButton.tsx',
        lineno: 18,
        colno: 5,
        context: context(
          '    void submitOrder(cart);',
          ['  const onClick = () => {', '    track("pay_clicked");'],
          ['  };', '  return <Button onClick={onClick}>Pay</Button>;']
        ),
        raw: minified(51007, 'o'),
      },
      {
        function: 'callCallback',
        filename: 'node_modules/react-dom/cjs/react-dom.production.js',
        lineno: 3945,
        colno: 14,
        in_app: 0,
      },
      {
        function: 'dispatchEvent',
        filename: 'node_modules/react-dom/cjs/react-dom.production.js',
        lineno: 4123,
        colno: 14,
        in_app: 0,
      },
    ],
    events: Array.from({ length: 24 }, (_, i) => ({
      minutesAgo: 290 - i * 12,
      release: i < 6 ? '1.0.0' : '1.1.0',
      session: `s${(i * 7) % 60}`,
      user: `u${i % 8}`,
      browser: i % 3 === 0 ? 'Firefox' : i % 5 === 0 ? 'Safari' : 'Chrome',
      ...issueEventTags(i),
    })),
  },
  {
    fingerprint: 'fp-search-range',
    type: 'RangeError',
    message: 'Invalid array length',
    culprit: 'renderGrid (src/search/grid.ts)',
    frames: [
      {
        function: 'renderGrid',
        filename: 'src/search/grid.ts',
        lineno: 88,
        colno: 23,
        context: context('  const cells = new Array(rows * columns);'),
      },
      {
        function: 'search',
        filename: 'src/search/index.ts',
        lineno: 12,
        colno: 3,
        context: context('  return renderGrid(results);', ['export function search(query: string) {'], ['}']),
      },
    ],
    events: Array.from({ length: 6 }, (_, i) => ({
      minutesAgo: 240 - i * 30,
      release: '1.1.0',
      session: `s${i * 9 + 1}`,
      user: `u${i}`,
      browser: 'Chrome',
    })),
  },
];

/** What the SDK kept before an error at `at` (epoch ms): one breadcrumb of each kind, oldest first. */
const breadcrumbs = (at: number) =>
  JSON.stringify([
    { type: 'navigation', category: 'navigation', level: 'info', message: '/cart → /checkout', timestamp: at - 9000 },
    {
      type: 'http',
      category: 'fetch',
      level: 'info',
      message: 'POST /api/cart 200',
      data: { method: 'POST', status: 200 },
      timestamp: at - 6500,
    },
    { type: 'ui', category: 'click', level: 'info', message: 'button#pay', timestamp: at - 2600 },
    {
      type: 'http',
      category: 'fetch',
      level: 'error',
      message: 'GET /api/order/summary 503',
      data: { method: 'GET', status: 503 },
      timestamp: at - 2400,
    },
    { type: 'error', category: 'console', level: 'warning', message: 'payment widget not ready', timestamp: at - 300 },
  ]);

/** A two-level cause chain, outermost first (as the SDK walks Error.cause). */
const CAUSES = JSON.stringify([
  {
    type: 'Error',
    message: 'order summary missing',
    stacktrace: 'Error: order summary missing\n    at loadSummary (src/checkout/summary.ts:27:11)',
  },
  {
    type: 'TypeError',
    message: 'Failed to fetch',
    stacktrace: 'TypeError: Failed to fetch\n    at fetchSummary (src/api/orders.ts:14:9)',
  },
]);

export function issueRows(project: string, now: number): ErrorRow[] {
  return ISSUES.flatMap((issue) =>
    issue.events.map((e, i) =>
      errorRow(project, {
        at: now - e.minutesAgo * MINUTE,
        event_id: `${issue.fingerprint}-e${i}`,
        fingerprint: issue.fingerprint,
        exception_type: issue.type,
        exception_message: issue.message,
        grouping: grouping(`${issue.type}: ${issue.message}`, issue.culprit),
        frames: issue.frames,
        release: e.release,
        session_id: e.session,
        user_id: e.user,
        browser_name: e.browser,
        os_name: e.os ?? 'Windows',
        device_type: e.device ?? 'desktop',
        country: e.country ?? 'US',
        trace_id: e.traceId ?? '',
        route: '/checkout',
        url: 'https://shop.example/checkout',
        breadcrumbs: breadcrumbs(now - e.minutesAgo * MINUTE),
        causes: CAUSES,
      })
    )
  );
}

export interface Seeded {
  now: number;
  project: { id: string; name: string };
}

export async function seedShop(p: RunningProcessor, project: { id: string; name: string }): Promise<Seeded> {
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const id = project.id;
  const traffic = releaseTraffic(id, now);
  await insertRows(
    p,
    'releases',
    RELEASES.map((r, i) => registeredRelease(id, r, now - (6 - i * 3) * HOUR))
  );
  await insertRows(p, 'page_views', traffic.page_views);
  await insertRows(p, 'web_vitals', traffic.web_vitals);
  await insertRows(p, 'http_requests', traffic.http_requests);
  await insertRows(p, 'errors', [...traffic.errors, ...issueRows(id, now)]);
  await seedWeb(p, id);
  await seedPerformance(p, now);
  await seedRichSession(p, id, now);
  const at = (minutesAgo: number, session: string) => ({
    atMs: now - minutesAgo * MINUTE,
    project_id: id,
    session_id: session,
    release: '1.1.0',
    route: '/checkout',
  });
  await insertRows(
    p,
    'long_tasks',
    [30, 20, 10].map((m) => longTask(at(m, 's1')))
  );
  await insertRows(
    p,
    'resources',
    [30, 20, 10].map((m) => resource(at(m, 's1')))
  );
  await insertRows(
    p,
    'custom_events',
    [30, 20, 10].map((m, i) =>
      customEventRow(at(m, 's1'), {
        name: 'add_to_cart',
        properties: { sku: `sku-${i}` },
        properties_num: { price: 10 + i },
      })
    )
  );
  return { now, project };
}
