/**
 * The vocabulary of the query benchmark's synthetic shop: routes, releases, browsers, countries…
 * with weights (relative, need not sum to 1). Names are spelled as the processor stores them
 * (enrich/user-agent.ts normalises to UA client-hint names; device types mobile/tablet/desktop).
 * Strings here end up inside SQL string literals and JSON, so none contains a quote or backslash.
 */
export type Weighted = ReadonlyArray<readonly [string, number]>;

export const ROUTES: Weighted = [
  ['/', 12],
  ['/products', 8],
  ['/products/:id', 25],
  ['/categories/:slug', 10],
  ['/search', 9],
  ['/cart', 6],
  ['/checkout', 3],
  ['/checkout/payment', 2],
  ['/checkout/confirm', 1.5],
  ['/account', 2],
  ['/account/orders', 2],
  ['/account/orders/:id', 1.5],
  ['/login', 3],
  ['/signup', 1],
  ['/blog', 2],
  ['/blog/:slug', 4],
  ['/help', 1.5],
  ['/help/:article', 2],
  ['/wishlist', 2],
  ['/about', 1],
];

/** In deploy order; a session runs the release deployed before it started (some lag one behind). */
export const RELEASES = ['2.9.0', '2.10.0', '2.10.1', '2.11.0', '2.12.0', '2.12.1'] as const;
/** When each release was deployed, in days from the start of the 7-day window (the first before it). */
export const RELEASE_DAYS = [-3, 1.2, 2.5, 3.6, 5.0, 6.1] as const;
/** 2.12.0 regressed LCP; 2.12.1 fixed it (so release comparison has something to find). */
export const SLOW_LCP_RELEASE = '2.12.0';

export const ENVIRONMENTS: Weighted = [
  ['production', 88],
  ['staging', 9],
  ['development', 3],
];

export const BROWSERS_DESKTOP: Weighted = [
  ['Google Chrome', 62],
  ['Safari', 14],
  ['Microsoft Edge', 12],
  ['Firefox', 9],
  ['Opera', 3],
];
export const BROWSERS_MOBILE: Weighted = [
  ['Google Chrome', 55],
  ['Safari', 33],
  ['Samsung Internet', 8],
  ['Firefox', 2],
  ['Opera', 2],
];

export const DEVICES: Weighted = [
  ['desktop', 55],
  ['mobile', 40],
  ['tablet', 5],
];

export const COUNTRIES = [
  'US',
  'DE',
  'GB',
  'FR',
  'IN',
  'BR',
  'CA',
  'NL',
  'ES',
  'IT',
  'PL',
  'SE',
  'JP',
  'AU',
  'MX',
  'CH',
  'AT',
  'BE',
  'DK',
  'NO',
  'IE',
  'PT',
  'CZ',
  'FI',
  'TR',
  'ZA',
  'SG',
  'KR',
  'AR',
  'NZ',
] as const;
/** Countries far from the (EU) origin: slower vitals and requests. */
export const FAR_COUNTRIES = ['IN', 'BR', 'JP', 'AU', 'MX', 'ZA', 'SG', 'KR', 'AR', 'NZ'] as const;

/** External referrer hosts of entry pages ('' = direct). */
export const REFERRERS: Weighted = [
  ['', 30],
  ['www.google.com', 38],
  ['www.bing.com', 5],
  ['duckduckgo.com', 4],
  ['l.facebook.com', 6],
  ['t.co', 3],
  ['www.reddit.com', 4],
  ['news.ycombinator.com', 2],
  ['www.instagram.com', 4],
  ['mail.google.com', 4],
];

/** [utm_source, utm_medium]; campaigns are chosen separately. */
export const UTM_SOURCES: Weighted = [
  ['newsletter', 35],
  ['google', 30],
  ['facebook', 20],
  ['twitter', 10],
  ['partner-blog', 5],
];
export const UTM_MEDIUM: Record<string, string> = {
  newsletter: 'email',
  google: 'cpc',
  facebook: 'social',
  twitter: 'social',
  'partner-blog': 'referral',
};
export const UTM_CAMPAIGNS = ['black-friday', 'spring-sale', 'launch-2-12', 'retargeting'] as const;

/** Web vitals: share of samples, lognormal median and spread, web.dev thresholds (good ≤, poor >). */
export const VITALS = [
  { name: 'LCP', share: 22, median: 1700, sigma: 0.55, good: 2500, poor: 4000 },
  { name: 'FCP', share: 22, median: 1300, sigma: 0.5, good: 1800, poor: 3000 },
  { name: 'TTFB', share: 22, median: 450, sigma: 0.7, good: 800, poor: 1800 },
  { name: 'CLS', share: 20, median: 0.04, sigma: 1.1, good: 0.1, poor: 0.25 },
  { name: 'INP', share: 14, median: 120, sigma: 0.75, good: 200, poor: 500 },
] as const;

/** HTTP endpoints: [template, weight, method, server, median ms]. */
export const ENDPOINTS = [
  ['/api/products', 14, 'GET', 'api.shop.example', 110],
  ['/api/products/{id}', 20, 'GET', 'api.shop.example', 80],
  ['/api/search', 10, 'GET', 'search.shop.example', 220],
  ['/api/recommendations', 9, 'GET', 'api.shop.example', 300],
  ['/api/cart', 8, 'GET', 'api.shop.example', 60],
  ['/api/cart/items', 6, 'POST', 'api.shop.example', 90],
  ['/api/cart/items/{id}', 2, 'DELETE', 'api.shop.example', 70],
  ['/api/user', 6, 'GET', 'api.shop.example', 50],
  ['/api/user/preferences', 1, 'PUT', 'api.shop.example', 80],
  ['/api/orders', 3, 'GET', 'api.shop.example', 150],
  ['/api/orders/{id}', 2, 'GET', 'api.shop.example', 120],
  ['/api/checkout', 2, 'POST', 'payments.shop.example', 650],
  ['/api/reviews/{id}', 5, 'GET', 'api.shop.example', 130],
  ['/api/auth/session', 4, 'POST', 'auth.shop.example', 140],
  ['/config.json', 8, 'GET', 'cdn.shop.example', 25],
] as const;

export const STATUS_CODES: Weighted = [
  ['200', 88],
  ['201', 2],
  ['204', 2],
  ['304', 3],
  ['400', 0.8],
  ['401', 1],
  ['404', 1.5],
  ['429', 0.2],
  ['500', 0.8],
  ['502', 0.2],
  ['503', 0.2],
  ['0', 0.3],
];

/** [initiatorType, weight, median ms, median transfer bytes] */
export const RESOURCE_TYPES = [
  ['img', 38, 120, 45_000],
  ['script', 24, 90, 60_000],
  ['link', 10, 60, 18_000],
  ['css', 8, 70, 25_000],
  ['fetch', 10, 110, 4_000],
  ['xmlhttprequest', 4, 130, 3_000],
  ['other', 6, 80, 8_000],
] as const;

export const CUSTOM_EVENTS: Weighted = [
  ['add_to_cart', 28],
  ['search', 24],
  ['filter_applied', 15],
  ['video_play', 9],
  ['checkout_started', 10],
  ['purchase', 6],
  ['signup', 3],
  ['newsletter_subscribe', 3],
  ['share', 2],
];
export const PRODUCT_CATEGORIES = ['shoes', 'jackets', 'shirts', 'bags', 'accessories', 'sale'] as const;

export const SCRIPTS = [
  'https://shop.example/assets/app.js',
  'https://shop.example/assets/vendor.js',
  'https://shop.example/assets/checkout.js',
  'https://www.googletagmanager.com/gtag/js',
  'https://widget.chat.example/loader.js',
  'https://cdn.ads.example/tag.js',
] as const;
export const INVOKERS = [
  'HTMLButtonElement.onclick',
  'TimerHandler:setTimeout',
  'FrameRequestCallback',
  'Window.onload',
  'IntersectionObserver.callback',
] as const;

/** Errors: exception types and the pieces their messages, titles and culprits are made of. */
export const EXCEPTION_TYPES: Weighted = [
  ['TypeError', 45],
  ['Error', 15],
  ['ReferenceError', 8],
  ['UnhandledRejection', 10],
  ['ChunkLoadError', 5],
  ['RangeError', 5],
  ['SyntaxError', 5],
  ['NetworkError', 7],
];
export const ERROR_WORDS = [
  'price',
  'items',
  'length',
  'variant',
  'user',
  'token',
  'cart',
  'map',
  'sku',
  'address',
  'total',
  'currency',
  'image',
  'rating',
  'options',
  'filters',
  'session',
  'locale',
  'query',
  'order',
] as const;
export const FUNCTIONS = [
  'renderPrice',
  'CartDrawer',
  'useProduct',
  'applyFilters',
  'submitCheckout',
  'loadReviews',
  'formatCurrency',
  'SearchResults',
  'trackEvent',
  'hydrateRoot',
  'fetchJson',
  'ProductGallery',
] as const;
export const MODULES = [
  'src/components/price.tsx',
  'src/components/cart-drawer.tsx',
  'src/hooks/use-product.ts',
  'src/search/filters.ts',
  'src/checkout/submit.ts',
  'src/reviews/load.ts',
  'src/lib/currency.ts',
  'src/search/results.tsx',
  'src/lib/analytics.ts',
  'src/main.tsx',
  'src/lib/fetch.ts',
  'src/components/gallery.tsx',
] as const;
