/**
 * The span form of point-in-time events (span events, or zero-length spans of the same name):
 * an SDK with only a trace exporter must land the same rows as the log-event form.
 */
import { SIGNAL_TABLES, type RumRows } from '../../store/rows';
import { mapResource } from '.';
import { CTX, PAGE, event, msAfter, resourceOf, span } from './testkit';

const vitalAttrs = {
  'browser.web_vital.name': 'LCP',
  'browser.web_vital.value': 1830.5,
  'browser.web_vital.delta': 1830.5,
  'browser.web_vital.rating': 'good',
  'browser.web_vital.id': 'v5-1',
  'browser.document.url.full': PAGE,
};
const customAttrs = { 'pulsetrace.event.name': 'add_to_cart', 'browser.document.url.full': PAGE };

function strip(rows: RumRows) {
  // Ids and times come from the record's position and span, which differ between forms.
  const out: Record<string, unknown[]> = {};
  for (const t of SIGNAL_TABLES) {
    out[t] = rows[t].map(({ event_id: _e, trace_id: _t, span_id: _s, timestamp: _ts, ...rest }) => rest);
  }
  return out;
}

const cases: [string, ReturnType<typeof resourceOf>][] = [
  [
    'span event on a page span',
    resourceOf({
      spans: [
        span({
          name: 'page',
          events: [{ name: 'browser.web_vital', timeUnixNano: msAfter(5), attributes: vitalAttrs }],
        }),
      ],
    }),
  ],
  [
    'zero-length span named like the event',
    resourceOf({
      spans: [span({ name: 'browser.web_vital', endTimeUnixNano: msAfter(0), attributes: vitalAttrs })],
    }),
  ],
];

describe('span form of events', () => {
  it.each(cases)('web vital as %s maps like the log event', (_name, resource) => {
    const fromLog = mapResource(resourceOf({ logs: [event('browser.web_vital', vitalAttrs)] }), CTX);
    const fromSpan = mapResource(resource, CTX);
    expect(fromSpan.rejected).toBe(0);
    expect(fromSpan.rows.web_vitals).toHaveLength(1);
    expect(strip(fromSpan.rows)).toEqual(strip(fromLog.rows));
  });

  it('custom event properties travel as pulsetrace.body.* attributes', () => {
    const fromLog = mapResource(
      resourceOf({ logs: [event('pulsetrace.event', customAttrs, { sku: 'SKU-1', qty: 2 })] }),
      CTX,
    );
    const fromSpan = mapResource(
      resourceOf({
        spans: [
          span({
            name: 'page',
            events: [
              {
                name: 'pulsetrace.event',
                timeUnixNano: msAfter(1),
                attributes: { ...customAttrs, 'pulsetrace.body.sku': 'SKU-1', 'pulsetrace.body.qty': 2 },
              },
            ],
          }),
        ],
      }),
      CTX,
    );
    expect(fromSpan.rows.custom_events[0]).toMatchObject({
      name: 'add_to_cart',
      properties: { sku: 'SKU-1', qty: '2' },
      attributes: {},
    });
    expect(strip(fromSpan.rows)).toEqual(strip(fromLog.rows));
  });

  it('rejects a span-form vital without a value, like the log form', () => {
    const { 'browser.web_vital.value': _v, ...noValue } = vitalAttrs;
    const result = mapResource(
      resourceOf({ spans: [span({ name: 'browser.web_vital', attributes: noValue })] }),
      CTX,
    );
    expect(result.rejected).toBe(1);
    expect(result.rows.web_vitals).toHaveLength(0);
  });
});
