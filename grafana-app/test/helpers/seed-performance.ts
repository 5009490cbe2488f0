/**
 * The shop's performance data for the Performance page: Core Web Vitals of three routes with the
 * web-vitals attribution the SDK sends (sdk/src/instrumentations/web-vitals: each attribution
 * scalar as `pulsetrace.body.<key>`, stored by the processor in web_vitals.attribution as strings),
 * plus HTTP endpoints, long animation frames by script and resources of several kinds.
 * Values are deterministic so tests compute their expected answers from these rows.
 */
import type {
  HttpRequestRow,
  LongTaskRow,
  ResourceRow,
  WebVitalRow,
} from '../../../collector-processor/src/store/rows';
import { createProject } from '../../../collector-processor/test/helpers/processor';
import { insertRows } from '../../../collector-processor/test/helpers/query';
import { MINUTE } from '../../../collector-processor/test/helpers/seed-errors';
import { httpRequest, longTask, resource, webVital } from '../../../collector-processor/test/helpers/seed-performance';
import type { RunningProcessor } from '../../../collector-processor/src/processor';

/** web-vitals' thresholds (good ≤ first, poor > second): the rating the SDK sends with each value. */
const THRESHOLDS: Record<string, [number, number]> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};
const ratingOf = (name: string, value: number) => {
  const [good, poor] = THRESHOLDS[name]!;
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
};

export interface VitalRoute {
  route: string;
  url: string;
  /** LCP elements (CSS selectors, as web-vitals names them) and the image each loads ('' = text). */
  lcp: Array<{ target: string; url: string }>;
  inp: Array<{ target: string; type: 'pointer' | 'keyboard' }>;
  shift: string[];
  /** Where this route's LCP starts (ms); TTFB and FCP scale with it. */
  slowness: number;
  /** How far INP (ms above 60) and CLS (hundredths) spread: one route good, one poor. */
  inpSpread: number;
  clsSpread: number;
}

export const VITAL_ROUTES: VitalRoute[] = [
  {
    route: '/products/:id',
    url: 'https://shop.example/products/42',
    lcp: [
      { target: 'main>img.product-hero', url: 'https://cdn.shop.example/img/product-42.webp' },
      { target: 'h1.product-title', url: '' },
    ],
    inp: [
      { target: 'button#add-to-cart', type: 'pointer' },
      { target: 'select#size', type: 'pointer' },
    ],
    shift: ['div.reviews', 'div.recommendations'],
    slowness: 1600,
    inpSpread: 160,
    clsSpread: 12,
  },
  {
    route: '/checkout',
    url: 'https://shop.example/checkout',
    lcp: [
      { target: 'div.order-summary', url: '' },
      { target: 'img.payment-logos', url: 'https://cdn.shop.example/img/payment-logos.png' },
    ],
    inp: [
      { target: 'button#pay', type: 'pointer' },
      { target: 'input#card-number', type: 'keyboard' },
    ],
    shift: ['iframe#payment-widget'],
    slowness: 3000,
    inpSpread: 560,
    clsSpread: 40,
  },
  {
    route: '/search',
    url: 'https://shop.example/search?q=shoes',
    lcp: [{ target: 'ul.results>li:nth-child(1)>img', url: 'https://cdn.shop.example/img/thumb-7.webp' }],
    inp: [{ target: 'input#search', type: 'keyboard' }],
    shift: ['div.filters'],
    slowness: 2200,
    inpSpread: 260,
    clsSpread: 20,
  },
];

/** Samples per route and vital. */
export const SAMPLES_PER_ROUTE = 20;

const str = (n: number) => String(Math.round(n * 10) / 10);

/** One route's five vitals per page load i, each with the attribution keys web-vitals v5 reports. */
function routeVitals(project: string, now: number, r: VitalRoute, routeIndex: number): WebVitalRow[] {
  return Array.from({ length: SAMPLES_PER_ROUTE }, (_, i) => {
    const at = {
      atMs: now - (230 - i * 11 - routeIndex * 3) * MINUTE,
      project_id: project,
      session_id: `perf-${routeIndex}-${i}`,
      release: i % 2 ? '1.1.0' : '1.0.0',
      route: r.route,
      url: r.url,
      browser_name: i % 4 === 0 ? 'Safari' : 'Chrome',
    };
    const vital = (name: string, value: number, attribution: Record<string, string>) =>
      webVital(at, { name, value, delta: value, rating: ratingOf(name, value), attribution });
    const ttfb = 150 + ((i * 41 + routeIndex * 90) % 700) * (r.slowness / 2000);
    const lcpValue = r.slowness + ((i * 7) % SAMPLES_PER_ROUTE) * 75;
    const element = r.lcp[i % r.lcp.length]!;
    const loadDelay = element.url ? lcpValue * 0.1 : 0;
    const loadDuration = element.url ? lcpValue * 0.35 : 0;
    const inpValue = 60 + ((i * 53 + routeIndex * 70) % r.inpSpread);
    const interaction = r.inp[i % r.inp.length]!;
    const cls = ((i * 7 + routeIndex * 5) % r.clsSpread) / 100;
    const fcp = ttfb + 600 + ((i * 29) % 900);
    return [
      vital('LCP', lcpValue, {
        target: element.target,
        ...(element.url ? { url: element.url } : {}),
        timeToFirstByte: str(ttfb),
        resourceLoadDelay: str(loadDelay),
        resourceLoadDuration: str(loadDuration),
        elementRenderDelay: str(lcpValue - ttfb - loadDelay - loadDuration),
      }),
      vital('INP', inpValue, {
        interactionTarget: interaction.target,
        interactionType: interaction.type,
        inputDelay: str(inpValue * 0.15),
        processingDuration: str(inpValue * 0.6),
        presentationDelay: str(inpValue * 0.25),
        loadState: i % 3 ? 'complete' : 'dom-interactive',
      }),
      vital('CLS', cls, {
        largestShiftTarget: r.shift[i % r.shift.length]!,
        largestShiftValue: str(cls * 0.8),
        largestShiftTime: str(900 + i * 40),
        loadState: 'complete',
      }),
      vital('FCP', fcp, { timeToFirstByte: str(ttfb), firstByteToFCP: str(fcp - ttfb), loadState: 'loading' }),
      vital('TTFB', ttfb, {
        waitingDuration: str(ttfb * 0.05),
        cacheDuration: '0',
        dnsDuration: str(ttfb * 0.1),
        connectionDuration: str(ttfb * 0.15),
        requestDuration: str(ttfb * 0.7),
      }),
    ];
  }).flat();
}

export function performanceVitals(project: string, now: number): WebVitalRow[] {
  return VITAL_ROUTES.flatMap((r, i) => routeVitals(project, now, r, i));
}

/** Endpoints besides the traffic's /cart: a product read, an order write that fails now and then. */
export function performanceHttp(project: string, now: number): HttpRequestRow[] {
  return Array.from({ length: 40 }, (_, i) => {
    const at = { atMs: now - (200 - i * 4) * MINUTE, project_id: project, session_id: `perf-http-${i % 8}` };
    return i % 4 === 0
      ? httpRequest(at, {
          method: 'POST',
          http_url: 'https://api.shop.example/orders',
          url_template: '/orders',
          status_code: i % 12 === 0 ? 500 : 201,
          duration_ms: 300 + ((i * 37) % 500),
        })
      : httpRequest(at, { duration_ms: 60 + ((i * 23) % 200), status_code: i % 10 === 1 ? 404 : 200 });
  });
}

/** Long animation frames of three scripts, the payment SDK the worst. */
export function performanceLongTasks(project: string, now: number): LongTaskRow[] {
  const scripts = [
    { script_url: 'https://widgets.pay.example/sdk.js', invoker: 'IFRAME.onload', duration_ms: 310, n: 6 },
    { script_url: 'https://shop.example/assets/vendor.js', invoker: 'DOMWindow.onload', duration_ms: 140, n: 4 },
    { script_url: 'https://shop.example/assets/app.js', invoker: 'BUTTON#add-to-cart.onclick', duration_ms: 90, n: 3 },
  ];
  return scripts.flatMap((s, k) =>
    Array.from({ length: s.n }, (_, i) =>
      longTask(
        {
          atMs: now - (180 - i * 20 - k) * MINUTE,
          project_id: project,
          session_id: `perf-lt-${i}`,
          route: '/checkout',
        },
        {
          script_url: s.script_url,
          invoker: s.invoker,
          duration_ms: s.duration_ms + i * 10,
          blocking_duration_ms: s.duration_ms + i * 10 - 50,
        }
      )
    )
  );
}

/** Resources of several kinds; the product image is the heaviest. */
export function performanceResources(project: string, now: number): ResourceRow[] {
  const kinds = [
    { resource_type: 'img', resource_url: 'https://cdn.shop.example/img/product-42.webp', transfer_size: 482_000 },
    { resource_type: 'script', resource_url: 'https://shop.example/assets/vendor.js', transfer_size: 236_000 },
    { resource_type: 'css', resource_url: 'https://shop.example/assets/app.css', transfer_size: 41_000 },
    { resource_type: 'font', resource_url: 'https://fonts.shop.example/inter.woff2', transfer_size: 68_000 },
  ];
  return kinds.flatMap((k, j) =>
    Array.from({ length: 3 }, (_, i) =>
      resource(
        {
          atMs: now - (150 - i * 30 - j) * MINUTE,
          project_id: project,
          session_id: `perf-res-${i}`,
          route: '/products/:id',
        },
        { ...k, encoded_body_size: k.transfer_size - 300, duration_ms: 30 + k.transfer_size / 2000 }
      )
    )
  );
}

/**
 * The project the performance rows go to: a second shop, so the other pages' tests, which compute
 * their expected numbers from the shop's own traffic (sample counts, percentiles per release),
 * are not moved by these rows. Queries reach it by name, as the project variable does.
 */
export const PERF_PROJECT = 'shop-perf';

/** Creates PERF_PROJECT and inserts its rows (seedShop calls it); its id. */
export async function seedPerformance(p: RunningProcessor, now: number): Promise<string> {
  const { id } = await createProject(p.url, {
    name: PERF_PROJECT,
    allowedOrigins: ['https://shop.example'],
    rateLimitPerSecond: 1_000_000,
  });
  await insertRows(p, 'web_vitals', performanceVitals(id, now));
  await insertRows(p, 'http_requests', performanceHttp(id, now));
  await insertRows(p, 'long_tasks', performanceLongTasks(id, now));
  await insertRows(p, 'resources', performanceResources(id, now));
  return id;
}
