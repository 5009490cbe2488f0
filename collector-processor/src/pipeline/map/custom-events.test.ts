import type { CustomEventRow } from '../../store/rows';
import { mapResource } from '.';
import { CTX, PAGE, event, log, resourceOf, span } from './testkit';

const cases: [string, ReturnType<typeof resourceOf>, Partial<CustomEventRow>][] = [
  [
    'PulseTrace pulsetrace.event: name attribute, body map properties (non-strings as JSON)',
    resourceOf({
      logs: [
        event(
          'pulsetrace.event',
          { 'pulsetrace.event.name': 'add_to_cart', 'browser.document.url.full': PAGE },
          { sku: 'SKU-1', qty: 2, gift: false, tags: ['a'] },
        ),
      ],
    }),
    {
      name: 'add_to_cart',
      properties: { sku: 'SKU-1', qty: '2', gift: 'false', tags: '["a"]' },
      url: PAGE,
      attributes: {},
    },
  ],
  [
    'browser SIG browser.user_action.click: click attributes become properties',
    resourceOf({
      logs: [
        event('browser.user_action.click', {
          'browser.tag_name': 'BUTTON',
          'browser.css_selector': '#buy',
          'browser.element.attributes': { feature: 'checkout' },
          'browser.mouse_event.button': 'left',
          'session.id': 's1',
        }),
      ],
    }),
    {
      name: 'browser.user_action.click',
      session_id: 's1',
      properties: {
        'browser.tag_name': 'BUTTON',
        'browser.css_selector': '#buy',
        'browser.element.attributes': '{"feature":"checkout"}',
        'browser.mouse_event.button': 'left',
      },
      attributes: {},
    },
  ],
  [
    'Faro event: event.attributes map as properties',
    resourceOf({
      logs: [
        log({
          body: 'add_to_cart',
          attributes: {
            'event.name': 'add_to_cart',
            'event.domain': 'browser',
            'event.attributes': { sku: 'SKU-1' },
            'url.full': PAGE,
          },
        }),
      ],
    }),
    { name: 'add_to_cart', properties: { sku: 'SKU-1' }, url: PAGE },
  ],
  [
    'Faro custom measurement: type as name, value as property',
    resourceOf({
      logs: [
        log({
          attributes: {
            'measurement.type': 'checkout_timing',
            'measurement.name': 'render_ms',
            'measurement.value': 123.5,
          },
        }),
      ],
    }),
    { name: 'checkout_timing', properties: { render_ms: '123.5' } },
  ],
  [
    'any other named OTel event, string body',
    resourceOf({ logs: [event('app.checkout.completed', { 'order.total': 99.5 }, 'thanks')] }),
    { name: 'app.checkout.completed', properties: { body: 'thanks' }, attributes: { 'order.total': '99.5' } },
  ],
  [
    'OTel user-interaction span',
    resourceOf({
      spans: [
        span({
          name: 'click',
          attributes: {
            event_type: 'click',
            target_element: 'BUTTON',
            target_xpath: '//*[@id="buy"]',
            'http.url': PAGE,
          },
        }),
      ],
    }),
    {
      name: 'browser.user_action.click',
      properties: { target_element: 'BUTTON', target_xpath: '//*[@id="buy"]' },
      url: PAGE,
    },
  ],
];

describe('custom events', () => {
  test.each(cases)('%s', (_name, resource, expected) => {
    const { rows, rejected } = mapResource(resource, CTX);
    expect(rejected).toBe(0);
    expect(rows.custom_events).toHaveLength(1);
    expect(rows.custom_events[0]).toMatchObject(expected);
  });

  it('keeps numbers as numbers in properties_num, besides their text; other types stay text only', () => {
    const body = { sku: 'SKU-1', qty: 2, price: 19.99, neg: -3, big: 1e21, gift: false, code: '007' };
    const properties = { ...body, tags: [1], nested: { a: 1 } };
    const r = mapResource(
      resourceOf({ logs: [event('pulsetrace.event', { 'pulsetrace.event.name': 'purchase' }, properties)] }),
      CTX,
    );
    const [row] = r.rows.custom_events;
    expect(row.properties_num).toEqual({ qty: 2, price: 19.99, neg: -3, big: 1e21 });
    expect(row.properties).toEqual({
      sku: 'SKU-1',
      qty: '2',
      price: '19.99',
      neg: '-3',
      big: '1e+21',
      gift: 'false',
      code: '007',
      tags: '[1]',
      nested: '{"a":1}',
    });
  });

  it('a Faro measurement value is a number property; the property cap applies to numbers too', () => {
    const faro = mapResource(
      resourceOf({
        logs: [
          log({
            attributes: {
              'measurement.type': 'checkout_timing',
              'measurement.name': 'render_ms',
              'measurement.value': 123.5,
            },
          }),
        ],
      }),
      CTX,
    );
    expect(faro.rows.custom_events[0].properties_num).toEqual({ render_ms: 123.5 });
    const many = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`n${i}`, i]));
    const capped = mapResource(
      resourceOf({ logs: [event('pulsetrace.event', { 'pulsetrace.event.name': 'wide' }, many)] }),
      CTX,
    );
    const row = capped.rows.custom_events[0];
    expect(Object.keys(row.properties_num)).toEqual(Object.keys(row.properties));
    expect(Object.keys(row.properties_num)).toHaveLength(128);
  });

  it('rejects pulsetrace.event without a name', () => {
    const r = mapResource(resourceOf({ logs: [event('pulsetrace.event', {}, { a: 1 })] }), CTX);
    expect(r.rows.custom_events).toHaveLength(0);
    expect(r.reasons).toEqual(['custom_events: pulsetrace.event without pulsetrace.event.name']);
  });

  test.each([
    ['browser.console', event('browser.console', { 'browser.console.method': 'warn' }, 'careful')],
    ['session.start', event('session.start', { 'session.id': 's' })],
    [
      'Faro session_start',
      log({
        body: 'session_start',
        attributes: { 'event.name': 'session_start', 'event.domain': 'browser' },
      }),
    ],
    [
      'faro.tracing.fetch (duplicates the exported span)',
      log({ attributes: { 'event.name': 'faro.tracing.fetch', 'event.attributes': { 'url.full': 'x' } } }),
    ],
    ['a plain unnamed log', log({ body: 'hello', severityNumber: 9 })],
  ])('ignores %s', (_name, record) => {
    const r = mapResource(resourceOf({ logs: [record] }), CTX);
    expect(r.rows.custom_events).toHaveLength(0);
    expect(r.rejected).toBe(0);
  });
});
