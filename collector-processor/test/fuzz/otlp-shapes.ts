/**
 * Attribute-level building blocks of the OTLP fuzz arbitraries: the RUM shapes the mappers
 * understand (src/pipeline/map/, docs/conventions.md) as (name, attributes, body) triples that
 * ./otlp-arbitraries turns into log records, spans or span events, and the resource attributes.
 */
import fc from 'fast-check';
import type { FuzzKeyValue, FuzzValue } from './otlp-model';
import { anyValue, edgeString, numberLike, stackTrace, stringValue, type FuzzSizes } from './otlp-values';
export type Attr = fc.Arbitrary<FuzzKeyValue | undefined>;

/** `key` with a value from `value`, present in 4 of 5 records. */
export const kv = (key: string, value: fc.Arbitrary<FuzzValue>): Attr =>
  fc.option(
    value.map((v) => ({ key, value: v })),
    { freq: 5, nil: undefined },
  );

/** The attribute list: the listed keys (each maybe absent) plus a few arbitrary ones. */
export function attributes(sizes: FuzzSizes, ...entries: Attr[]): fc.Arbitrary<FuzzKeyValue[]> {
  const extra = fc.array(fc.record({ key: edgeString(sizes), value: anyValue(sizes) }), { maxLength: 2 });
  return fc
    .tuple(fc.tuple(...entries), extra)
    .map(([known, more]) => [...known.filter((e): e is FuzzKeyValue => e !== undefined), ...more]);
}

export const str = (...values: string[]) =>
  fc.constantFrom(...values).map((v): FuzzValue => ({ stringValue: v }));

export function url(sizes: FuzzSizes): fc.Arbitrary<FuzzValue> {
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'https://shop.example/products/12345?utm_source=x',
          'https://shop.example/#/cart/550e8400-e29b-41d4-a716-446655440000',
          'https://shop.example/cb?code=abc&state=1&otp=123456',
          'not a url',
          'http://[::1]:99999/x',
          'javascript:alert(1)',
        ),
      },
      { weight: 1, arbitrary: edgeString(sizes) },
    )
    .map((v): FuzzValue => ({ stringValue: v }));
}

/** Attributes every record may carry: session, user, page view, page URL. */
export function common(sizes: FuzzSizes): Attr[] {
  const s = stringValue(sizes);
  return [
    kv('session.id', s),
    kv('user.id', s),
    kv('enduser.pseudo.id', s),
    kv('pulsetrace.page_view.id', s),
    kv('browser.document.url.full', url(sizes)),
  ];
}

export function exceptionAttrs(sizes: FuzzSizes): Attr[] {
  const s = stringValue(sizes);
  const stack = stackTrace(sizes).map((v): FuzzValue => ({ stringValue: v }));
  const causes = fc
    .array(
      fc.record({ type: edgeString(sizes), message: edgeString(sizes), stacktrace: stackTrace(sizes) }),
      {
        maxLength: 3,
      },
    )
    .map((list): FuzzValue => ({ stringValue: JSON.stringify(list) }));
  return [
    kv('exception.type', s),
    kv('exception.message', s),
    kv('exception.stacktrace', stack),
    kv(
      'pulsetrace.exception.handled',
      fc.boolean().map((v) => ({ boolValue: v })),
    ),
    kv('pulsetrace.exception.mechanism', str('onerror', 'onunhandledrejection', 'manual', 'react')),
    kv('pulsetrace.exception.causes', fc.oneof(causes, s)),
    kv('pulsetrace.breadcrumbs', fc.oneof(s, str('[{"type":"click","message":"button#buy"}]'))),
    kv('pulsetrace.exception.fingerprint', s),
    kv('pulsetrace.exception.debug_ids', fc.oneof(s, str('{"https://shop.example/app.js":"85314830-023f"}'))),
  ];
}

export function vitalAttrs(sizes: FuzzSizes, prefix = 'browser.web_vital.'): Attr[] {
  const n = numberLike(sizes);
  return [
    kv(
      `${prefix}name`,
      fc.oneof(str('lcp', 'CLS', 'inp', 'FCP', 'ttfb', 'FID', 'bogus'), stringValue(sizes)),
    ),
    kv(`${prefix}value`, n),
    kv(`${prefix}delta`, n),
    kv(`${prefix}id`, stringValue(sizes)),
    kv(`${prefix}rating`, str('good', 'needs-improvement', 'poor', 'meh', '')),
    kv(`${prefix}navigation_type`, str('navigate', 'reload', 'back-forward', 'prerender')),
  ];
}

export const RESOURCE_TIMINGS = [
  'fetch_start',
  'connect_start',
  'request_start',
  'response_start',
  'response_end',
];

/** A mapped RUM shape as (record name, attributes, body): usable as a log, span or span event. */
export function rumShape(
  sizes: FuzzSizes,
): fc.Arbitrary<{ name: string; attributes: FuzzKeyValue[]; body?: FuzzValue }> {
  const n = numberLike(sizes);
  const c = common(sizes);
  const shape = (
    name: string | fc.Arbitrary<string>,
    attrs: fc.Arbitrary<FuzzKeyValue[]>,
    body?: fc.Arbitrary<FuzzValue>,
  ) =>
    fc.record({
      name: typeof name === 'string' ? fc.constant(name) : name,
      attributes: attrs,
      body: body ? fc.option(body, { nil: undefined }) : fc.constant(undefined),
    });
  const faroFrames = fc
    .array(
      fc
        .record({ filename: url(sizes), function: stringValue(sizes), lineno: n, colno: n })
        .map((f): FuzzValue => ({ kvlistValue: Object.entries(f).map(([key, value]) => ({ key, value })) })),
      { maxLength: 8 },
    )
    .map((frames): FuzzValue => ({ kvlistValue: [{ key: 'frames', value: { arrayValue: frames } }] }));
  const faroMap = (keys: string[]) =>
    fc
      .tuple(...keys.map((key) => fc.oneof(n, stringValue(sizes)).map((value) => ({ key, value }))))
      .map((values): FuzzValue => ({ kvlistValue: values }));
  return fc.oneof(
    shape('browser.web_vital', attributes(sizes, ...vitalAttrs(sizes), ...c), anyValue(sizes)),
    shape('exception', attributes(sizes, ...exceptionAttrs(sizes), ...c)),
    shape(
      'browser.navigation',
      attributes(
        sizes,
        kv('url.full', url(sizes)),
        kv(
          'browser.navigation.same_document',
          fc.boolean().map((v) => ({ boolValue: v })),
        ),
        kv('browser.navigation.type', str('push', 'navigate', 'traverse')),
        kv('pulsetrace.page.title', stringValue(sizes)),
        kv('pulsetrace.page.referrer', url(sizes)),
        ...c,
      ),
    ),
    shape(
      'browser.navigation_timing',
      attributes(
        sizes,
        kv('url.full', url(sizes)),
        kv('browser.navigation_timing.dom_interactive', n),
        kv('browser.navigation_timing.load_event_end', n),
        ...c,
      ),
    ),
    shape(
      'browser.resource_timing',
      attributes(
        sizes,
        kv('url.full', url(sizes)),
        kv('browser.resource_timing.duration', n),
        kv('browser.resource_timing.transfer_size', n),
        ...RESOURCE_TIMINGS.map((t) => kv(`browser.resource_timing.${t}`, n)),
        ...c,
      ),
    ),
    shape(
      'pulsetrace.event',
      attributes(sizes, kv('pulsetrace.event.name', stringValue(sizes)), ...c),
      anyValue(sizes),
    ),
    shape(
      'pulsetrace.long_task',
      attributes(
        sizes,
        kv('pulsetrace.long_task.kind', str('long-animation-frame', 'longtask', 'x')),
        kv('pulsetrace.long_task.duration', n),
        kv('pulsetrace.long_task.blocking_duration', n),
        kv('pulsetrace.long_task.script_url', url(sizes)),
        ...c,
      ),
    ),
    shape('browser.user_action.click', attributes(sizes, kv('browser.tag_name', stringValue(sizes)), ...c)),
    // Faro: exception logs with structured frames, measurements, events with event.attributes.
    shape(
      '',
      attributes(
        sizes,
        ...exceptionAttrs(sizes),
        kv('faro.error.stacktrace', faroFrames),
        kv(
          'faro.error.context',
          stringValue(sizes).map((cause) => ({ kvlistValue: [{ key: 'cause', value: cause }] })),
        ),
        ...c,
      ),
    ),
    shape(
      '',
      attributes(
        sizes,
        kv('measurement.type', str('web-vitals', 'custom')),
        kv('measurement.name', str('lcp', 'cls', 'inp', 'fcp', 'ttfb', 'x')),
        kv('measurement.value', n),
        kv('faro.measurement.context', anyValue(sizes)),
        ...c,
      ),
    ),
    shape(
      fc.constantFrom('faro.performance.navigation', 'faro.performance.resource', 'add_to_cart', 'web_vital'),
      attributes(
        sizes,
        kv('event.domain', str('browser')),
        kv(
          'event.attributes',
          faroMap([
            'name',
            'duration',
            'pageLoadTime',
            'ttfb',
            'dnsLookupTime',
            'transferSize',
            'faroNavigationId',
          ]),
        ),
        ...vitalAttrs(sizes, ''),
        ...c,
      ),
      anyValue(sizes),
    ),
    shape(edgeString(sizes), attributes(sizes, ...c), anyValue(sizes)),
  );
}
export function resourceAttributes(sizes: FuzzSizes): fc.Arbitrary<FuzzKeyValue[]> {
  const s = stringValue(sizes);
  return attributes(
    sizes,
    kv('service.name', fc.oneof(str('demo-shop'), s)),
    kv('service.version', fc.oneof(str('1.4.2'), s)),
    kv('deployment.environment.name', fc.oneof(str('production'), s)),
    kv('telemetry.sdk.name', str('opentelemetry', 'faro-web', 'pulsetrace-browser', 'honeycomb')),
    kv('telemetry.sdk.language', str('webjs')),
    kv(
      'user_agent.original',
      fc.oneof(str('Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0', 'Googlebot/2.1'), s),
    ),
    kv('browser.brands', anyValue(sizes)),
    kv(
      'browser.mobile',
      fc.oneof(
        fc.boolean().map((v) => ({ boolValue: v })),
        s,
      ),
    ),
    kv('geo.country.iso_code', s),
  );
}
