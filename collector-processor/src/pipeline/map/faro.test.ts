/**
 * Faro's route-change events and handled/unhandled errors, in the record shapes its OTLP transport
 * sends (the native transport's items are decoded into the same shapes, faro/decode.ts). Messages
 * are the ones Faro 2.12's errors and console instrumentations build.
 */
import type { Attributes } from '../types';
import { mapResource } from '.';
import { FARO_SCOPE, faroErrorSource } from './faro';
import { CTX, RESOURCE, T0, log, resourceOf } from './testkit';

const PAGE = 'https://shop.example.com/shop/products/12345';
const CART = 'https://shop.example.com/shop/cart?step=1';

function faroEvent(name: string, attributes: Record<string, string>, extra: Attributes = {}) {
  return log({
    body: name,
    attributes: {
      'url.full': CART,
      'session.id': 'FtBh2XkcpZ',
      'event.name': name,
      'event.domain': 'browser',
      'event.attributes': attributes,
      ...extra,
    },
  });
}

const mapFaro = (logs: ReturnType<typeof log>[]) =>
  mapResource(resourceOf({ logs }, RESOURCE, FARO_SCOPE), CTX).rows;

describe('Faro route changes', () => {
  it.each([
    ['view_changed (setView)', faroEvent('view_changed', { fromView: 'product', toView: 'cart' }), ''],
    [
      'faro.navigation (NavigationInstrumentation)',
      faroEvent('faro.navigation', { fromUrl: PAGE, toUrl: CART, sameDocument: 'true', duration: '120' }),
      PAGE,
    ],
    [
      'route_change (faro-react)',
      faroEvent('route_change', {
        fromRoute: '/shop/products/:id',
        toRoute: '/shop/cart',
        fromUrl: PAGE,
        toUrl: CART,
      }),
      PAGE,
    ],
  ])('%s is a same-document page view, not a custom event', (_what, record, referrer) => {
    const rows = mapFaro([record]);
    expect(rows.custom_events).toEqual([]);
    expect(rows.page_views).toMatchObject([
      { is_soft_navigation: 1, url: CART, route: '/shop/cart', session_id: 'FtBh2XkcpZ', referrer },
    ]);
    expect(rows.page_views[0].attributes).not.toHaveProperty('event.name');
  });

  it('takes the duration faro.navigation measured', () => {
    const rows = mapFaro([faroEvent('faro.navigation', { fromUrl: PAGE, toUrl: CART, duration: '120' })]);
    expect(rows.page_views[0].duration_ms).toBe(120);
  });

  it("does not count faro-react's route_change on the first render (no fromUrl): the load is the page view", () => {
    const rows = mapFaro([faroEvent('route_change', { toRoute: '/shop/products/:id', toUrl: PAGE })]);
    expect(rows.page_views).toEqual([]);
    expect(rows.custom_events).toEqual([]);
  });

  it('folds one route change seen by two Faro instrumentations into one page view', () => {
    const at = (ms: number) => ({ timeUnixNano: T0 + BigInt(ms) * 1_000_000n });
    const rows = mapFaro([
      { ...faroEvent('view_changed', { fromView: 'product', toView: 'cart' }), ...at(0) },
      { ...faroEvent('faro.navigation', { fromUrl: PAGE, toUrl: CART, duration: '150' }), ...at(300) },
      // Back to the cart later: a route change of its own.
      { ...faroEvent('view_changed', { fromView: 'product', toView: 'cart' }), ...at(9_000) },
    ]);
    expect(rows.page_views.map((p) => [p.url, p.is_soft_navigation])).toEqual([
      [CART, 1],
      [CART, 1],
    ]);
  });

  it('leaves an app event that only shares the name (no Faro event.domain) a custom event', () => {
    const record = log({ eventName: 'view_changed', attributes: { 'url.full': CART } });
    const rows = mapResource(resourceOf({ logs: [record] }), CTX).rows;
    expect(rows.page_views).toEqual([]);
    expect(rows.custom_events).toMatchObject([{ name: 'view_changed' }]);
  });
});

describe('Faro errors: handled or not', () => {
  it.each([
    [
      'pushError(new TypeError(...))',
      'TypeError',
      "Cannot read properties of undefined (reading 'price')",
      true,
      'faro',
    ],
    [
      'a rejection with a string',
      'UnhandledRejection',
      'Non-Error promise rejection captured with value: out of stock',
      false,
      'onunhandledrejection',
    ],
    [
      'a rejection with undefined',
      'UnhandledRejection',
      'Non-Error promise rejection captured with value: undefined',
      false,
      'onunhandledrejection',
    ],
    [
      'a thrown plain object',
      'Error',
      'Non-Error exception captured with keys: code,retry',
      false,
      'onerror',
    ],
    ['a rejected plain object', 'Object', 'Non-Error exception captured with keys: status', false, 'onerror'],
    ['console.error', 'Error', 'console.error: payment failed 402', true, 'console'],
  ])('%s', (_what, type, message, handled, mechanism) => {
    const attributes = { 'exception.type': type, 'exception.message': message };
    expect(faroErrorSource(attributes)).toEqual({ handled, mechanism });
    const rows = mapFaro([log({ attributes })]);
    expect(rows.errors).toMatchObject([{ handled: handled ? 1 : 0, mechanism }]);
  });
});
