/**
 * The simulated shop: routes, browsers (real user-agent strings the processor's enrich stage
 * parses), countries, API endpoints, scripts, assets and the issues that happen every day. Medians
 * are realistic orders of magnitude for a mid-size storefront (CrUX p75s of 2–3 s LCP on mobile).
 */

export interface RouteDef {
  /** The route the processor derives from the URL (ids become `:id`). */
  route: string;
  /** A URL path for the page; `{id}` is replaced per page view. */
  path: string;
  weight: number;
  /** LCP median (ms, desktop) and the element web-vitals names as its cause. */
  lcpMs: number;
  lcpTarget: string;
  /** The LCP image (also loaded as a resource), if the element is an image. */
  lcpImage?: { url: string; bytes: number };
  /** First-party API calls this page makes (keys of ENDPOINTS). */
  calls: string[];
}

export const ORIGIN = 'https://shop.example';
export const CDN = 'https://cdn.shop.example';
export const API = 'https://api.shop.example';

export const ROUTES: RouteDef[] = [
  {
    route: '/',
    path: '/',
    weight: 0.3,
    lcpMs: 1700,
    lcpTarget: 'img.banner',
    lcpImage: { url: `${CDN}/img/banner-spring.webp`, bytes: 95_000 },
    calls: ['recommendations'],
  },
  {
    route: '/products/:id',
    path: '/products/{id}',
    weight: 0.35,
    lcpMs: 1900,
    lcpTarget: 'img.product-hero',
    lcpImage: { url: `${CDN}/img/hero-800w.jpg`, bytes: 140_000 },
    calls: ['product', 'reviews'],
  },
  {
    route: '/search',
    path: '/search',
    weight: 0.15,
    lcpMs: 1500,
    lcpTarget: 'ul.results>li',
    calls: ['search'],
  },
  { route: '/cart', path: '/cart', weight: 0.12, lcpMs: 1300, lcpTarget: 'h1.cart-title', calls: ['cart'] },
  {
    route: '/checkout',
    path: '/checkout',
    weight: 0.08,
    lcpMs: 1600,
    lcpTarget: 'form#pay',
    calls: ['checkout'],
  },
];

export interface Endpoint {
  method: string;
  /** URL with `{id}` replaced per call. */
  url: string;
  /** The template the processor stores (ids normalised). */
  template: string;
  server: string;
  latencyMs: number;
  /** Share of calls answered 5xx on a healthy day. */
  errorRate: number;
}

export const ENDPOINTS: Record<string, Endpoint> = {
  recommendations: ep('GET', `${API}/v1/recommendations`, 120),
  product: ep('GET', `${API}/v1/products/{id}`, 90),
  reviews: ep('GET', `${API}/v1/products/{id}/reviews`, 150),
  search: ep('GET', `${API}/v1/search?q=shoes`, 180),
  cart: ep('GET', `${API}/v1/cart`, 80),
  checkout: ep('POST', `${API}/v1/checkout`, 350),
  // Third parties every page calls.
  analytics: ep('POST', 'https://region1.google-analytics.com/g/collect', 60, 0.001),
};

function ep(method: string, url: string, latencyMs: number, errorRate = 0.003): Endpoint {
  const u = new URL(url.replace('{id}', '0'));
  return {
    method,
    url,
    template: u.pathname.replace('/0', '/:id'),
    server: u.host,
    latencyMs,
    errorRate,
  };
}

export interface UaProfile {
  /** What the enrich stage reports (browser_name, device_type). */
  browser: string;
  device: 'desktop' | 'mobile';
  ua: string;
  weight: number;
}

export const USER_AGENTS: UaProfile[] = [
  {
    browser: 'Chrome',
    device: 'desktop',
    weight: 0.35,
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  },
  {
    browser: 'Chrome',
    device: 'mobile',
    weight: 0.2,
    ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  },
  {
    browser: 'Safari',
    device: 'mobile',
    weight: 0.15,
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  },
  {
    browser: 'Safari',
    device: 'desktop',
    weight: 0.1,
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  },
  {
    browser: 'Firefox',
    device: 'desktop',
    weight: 0.12,
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  },
  {
    browser: 'Edge',
    device: 'desktop',
    weight: 0.08,
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  },
];

export const COUNTRIES: Array<{ code: string; weight: number }> = [
  { code: 'US', weight: 0.3 },
  { code: 'DE', weight: 0.15 },
  { code: 'GB', weight: 0.12 },
  { code: 'FR', weight: 0.1 },
  { code: 'IN', weight: 0.12 },
  { code: 'BR', weight: 0.11 },
  { code: 'JP', weight: 0.1 },
];

export const APP_SCRIPT = `${ORIGIN}/assets/app-3f2a.js`;
/** Scripts that cause long tasks on a healthy day, with their share of them. */
export const LONG_TASK_SCRIPTS = [
  { url: APP_SCRIPT, weight: 0.7 },
  { url: 'https://connect.facebook.net/en_US/fbevents.js', weight: 0.3 },
];
export const GTM_SCRIPT = 'https://www.googletagmanager.com/gtm.js';

/** Assets every hard load fetches (besides the route's LCP image). */
export const ASSETS = [
  { url: APP_SCRIPT, type: 'script', bytes: 182_000 },
  { url: `${ORIGIN}/assets/app-9c1e.css`, type: 'link', bytes: 41_000 },
  { url: `${CDN}/fonts/inter-var.woff2`, type: 'css', bytes: 31_000 },
];

export interface IssueDef {
  type: string;
  message: string;
  /** Probability per page view. */
  rate: number;
  fn: string;
}

/** The background errors of a healthy day (per page view). */
export const DAILY_ISSUES: IssueDef[] = [
  {
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'price')",
    rate: 0.004,
    fn: 'renderPrice',
  },
  {
    type: 'Error',
    message: 'ResizeObserver loop completed with undelivered notifications.',
    rate: 0.002,
    fn: 'observe',
  },
  { type: 'TypeError', message: 'Failed to fetch', rate: 0.002, fn: 'loadRecommendations' },
];

export function stackOf(issue: Pick<IssueDef, 'type' | 'message' | 'fn'>, script = APP_SCRIPT): string {
  return `${issue.type}: ${issue.message}\n    at ${issue.fn} (${script}:1:${2048 + issue.fn.length * 31})\n    at onRender (${script}:1:977)`;
}
