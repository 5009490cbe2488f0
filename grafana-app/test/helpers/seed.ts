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

export const RELEASES = ['1.0.0', '1.1.0'] as const;

/** An issue of the shop: its title, culprit and the frames of its stack (innermost first). */
export interface SeedIssue {
  fingerprint: string;
  type: string;
  message: string;
  culprit: string;
  frames: Frame[];
  /** Events: minutes before now, and the release each happened in. */
  events: Array<{ minutesAgo: number; release: string; session: string; user: string; browser: string }>;
}

const context = (line: string) =>
  JSON.stringify({ pre: ['  const order = cart.current();', '  // pay'], line, post: ['  return order;', '}'] });

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
      },
      { function: 'onClick', filename: 'src/checkout/PayButton.tsx', lineno: 18, colno: 5 },
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
      { function: 'search', filename: 'src/search/index.ts', lineno: 12, colno: 3 },
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

const BREADCRUMBS = JSON.stringify([
  { type: 'navigation', category: 'navigation', message: '/cart → /checkout', timestamp: 0 },
  { type: 'http', category: 'fetch', message: 'POST /api/cart 200', timestamp: 1200 },
  { type: 'ui', category: 'click', message: 'button#pay', timestamp: 2400 },
  { type: 'error', category: 'console', message: 'payment widget not ready', timestamp: 2500 },
]);

export function issueRows(project: string, now: number): ErrorRow[] {
  return ISSUES.flatMap((issue) =>
    issue.events.map((e) =>
      errorRow(project, {
        at: now - e.minutesAgo * MINUTE,
        fingerprint: issue.fingerprint,
        exception_type: issue.type,
        exception_message: issue.message,
        grouping: grouping(`${issue.type}: ${issue.message}`, issue.culprit),
        frames: issue.frames,
        release: e.release,
        session_id: e.session,
        user_id: e.user,
        browser_name: e.browser,
        route: '/checkout',
        breadcrumbs: BREADCRUMBS,
        causes: JSON.stringify([{ type: 'Error', message: 'order summary missing', stacktrace: '' }]),
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
