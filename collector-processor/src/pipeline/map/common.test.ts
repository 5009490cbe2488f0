import type { CommonRow } from '../../store/rows';
import type { Attributes } from '../types';
import { mapResource } from '.';
import { CTX, PAGE, event, resourceOf } from './testkit';
import { nsToTimestamp } from './values';

/** Maps one custom event with the given resource and record attributes, returns its row. */
function row(resource: Attributes, record: Attributes): CommonRow {
  const r = mapResource(resourceOf({ logs: [event('app.event', record)] }, resource), CTX);
  return r.rows.custom_events[0];
}

const cases: [string, Attributes, Attributes, Partial<CommonRow>][] = [
  [
    'stable names on resource and record',
    {
      'service.name': 'web',
      'service.version': '2.0.0',
      'deployment.environment.name': 'staging',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.12.1',
      'user_agent.original': 'UA/1',
      'os.name': 'Android',
      'os.version': '15',
      'device.type': 'Mobile',
    },
    {
      'session.id': 's1',
      'session.previous_id': 's0',
      'user.id': 'u1',
      'enduser.pseudo.id': 'v1',
      'browser.document.url.full': PAGE,
      'geo.country.iso_code': 'DE',
    },
    {
      service_name: 'web',
      release: '2.0.0',
      environment: 'staging',
      sdk_name: 'opentelemetry',
      sdk_version: '2.12.1',
      session_id: 's1',
      session_previous_id: 's0',
      user_id: 'u1',
      visitor_id: 'v1',
      url: PAGE,
      route: '/products/:id',
      user_agent: 'UA/1',
      os_name: 'Android',
      os_version: '15',
      device_type: 'mobile',
      country: 'DE',
      attributes: {},
    },
  ],
  [
    'older names: deployment.environment, enduser.id, http.user_agent',
    { 'deployment.environment': 'prod', 'http.user_agent': 'UA/2' },
    { 'enduser.id': 'u2' },
    { environment: 'prod', user_agent: 'UA/2', user_id: 'u2' },
  ],
  [
    'distro wins over the SDK (Honeycomb), UA client hints as strings',
    {
      'telemetry.distro.name': '@honeycombio/opentelemetry-web',
      'telemetry.distro.version': '1.5.1',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.9.0',
      'browser.brands': ['Not:A-Brand 8', 'Chromium 131', 'Google Chrome 131'],
      'browser.platform': 'macOS',
      'browser.mobile': false,
    },
    {},
    {
      sdk_name: '@honeycombio/opentelemetry-web',
      sdk_version: '1.5.1',
      browser_name: 'Google Chrome',
      browser_version: '131',
      os_name: 'macOS',
      device_type: 'desktop',
      attributes: {},
    },
  ],
  [
    'Faro: brands as maps, platform "Linux unknown", browser.name/version',
    {
      'telemetry.sdk.name': 'faro-web',
      'telemetry.sdk.version': '2.12.1',
      'browser.brands': [
        { brand: 'Not:A-Brand', version: '8' },
        { brand: 'Chromium', version: '156' },
      ],
      'browser.platform': 'Linux unknown',
      'browser.mobile': true,
    },
    { 'page.id': 'page-1' },
    {
      sdk_name: 'faro-web',
      browser_name: 'Chromium',
      browser_version: '156',
      os_name: 'Linux',
      device_type: 'mobile',
      page_view_id: 'page-1',
    },
  ],
  [
    'record attributes win over resource attributes; unmapped ones are kept as strings/JSON',
    { 'service.name': 'from-resource', 'k8s.cluster': 'eu-1' },
    { 'service.name': 'from-record', 'cart.items': 3, 'cart.tags': ['a', 'b'], 'cart.meta': { vip: true } },
    {
      service_name: 'from-record',
      attributes: {
        'cart.items': '3',
        'cart.tags': '["a","b"]',
        'cart.meta': '{"vip":true}',
        'k8s.cluster': 'eu-1',
      },
    },
  ],
];

describe('common columns', () => {
  test.each(cases)('%s', (_name, resource, record, expected) => {
    expect(row(resource, record)).toMatchObject(expected);
  });

  it('writes project, retention, timestamps and a deterministic event id', () => {
    const a = row({}, {});
    expect(a).toMatchObject({
      project_id: 'proj-1',
      retention_days: 30,
      timestamp: '1763782400.123',
      received_at: '1763780000.000',
    });
    expect(a.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(row({}, {}).event_id).toBe(a.event_id);
  });

  it('falls back to received_at when the record has no time', () => {
    const r = mapResource(
      resourceOf({ logs: [{ ...event('app.event', {}), timeUnixNano: 0n, observedTimeUnixNano: 0n }] }),
      CTX,
    );
    expect(r.rows.custom_events[0].timestamp).toBe('1763780000.000');
  });

  test.each([
    [0n, '0.000'],
    [1_763_782_400_000_000_000n, '1763782400.000'],
    [1_763_782_400_999_999_999n, '1763782400.999'],
    [1_763_782_400_007_000_000n, '1763782400.007'],
  ])('nsToTimestamp(%s) = %s', (ns, expected) => {
    expect(nsToTimestamp(ns)).toBe(expected);
  });

  it('caps attribute count at 128 and values at 4096 chars, counting truncations', () => {
    const record: Attributes = { long: 'x'.repeat(5000) };
    for (let i = 0; i < 140; i++) record[`k${String(i).padStart(3, '0')}`] = i;
    const r = row({}, record);
    expect(Object.keys(r.attributes)).toHaveLength(128);
    expect(r.attributes.long).toHaveLength(4096);
    expect(r.truncated).toBe(1 + 13); // one value cut, 13 keys over the cap
  });

  it('caps the page URL at 4096 chars', () => {
    const r = row({}, { 'browser.document.url.full': `https://a.io/${'p'.repeat(5000)}` });
    expect(r.url).toHaveLength(4096);
    expect(r.truncated).toBe(1);
  });
});
