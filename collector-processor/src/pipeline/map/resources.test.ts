import type { ResourceRow } from '../../store/rows';
import { mapResource } from '.';
import { CTX, PAGE, event, log, msAfter, resourceOf, span } from './testkit';

const cases: [string, ReturnType<typeof resourceOf>, Partial<ResourceRow>][] = [
  [
    'browser SIG browser.resource_timing',
    resourceOf({
      logs: [
        event('browser.resource_timing', {
          'url.full': 'https://cdn.example.com/app.css',
          'browser.resource_timing.initiator_type': 'link',
          'browser.resource_timing.duration': 20.8,
          'browser.resource_timing.fetch_start': 49.5,
          'browser.resource_timing.transfer_size': 411,
          'browser.resource_timing.encoded_body_size': 111,
          'browser.resource_timing.decoded_body_size': 300,
          'browser.resource_timing.render_blocking_status': 'blocking',
          'browser.resource_timing.next_hop_protocol': 'h2',
          'browser.document.url.full': PAGE,
        }),
      ],
    }),
    {
      resource_type: 'link',
      resource_url: 'https://cdn.example.com/app.css',
      duration_ms: 20.8,
      transfer_size: 411,
      encoded_body_size: 111,
      decoded_body_size: 300,
      render_blocking: 'blocking',
      next_hop_protocol: 'h2',
      url: PAGE,
      attributes: {},
    },
  ],
  [
    'OTel document-load resourceFetch span (type from extension)',
    resourceOf({
      spans: [
        span({
          name: 'resourceFetch',
          endTimeUnixNano: msAfter(33),
          attributes: {
            'http.url': 'https://cdn.example.com/vendor.js?v=3',
            'http.response_content_length': 26,
          },
        }),
      ],
    }),
    {
      resource_type: 'script',
      resource_url: 'https://cdn.example.com/vendor.js?v=3',
      duration_ms: 33,
      encoded_body_size: 26,
      url: '',
    },
  ],
  [
    'Faro faro.performance.resource',
    resourceOf({
      logs: [
        log({
          attributes: {
            'url.full': PAGE,
            'event.name': 'faro.performance.resource',
            'event.domain': 'browser',
            'event.attributes': {
              name: 'https://api.example.com/x',
              initiatorType: 'fetch',
              duration: '32',
              transferSize: '339',
              protocol: 'http/1.1',
              faroNavigationId: 'nav-1',
            },
          },
        }),
      ],
    }),
    {
      resource_type: 'fetch',
      resource_url: 'https://api.example.com/x',
      duration_ms: 32,
      transfer_size: 339,
      next_hop_protocol: 'http/1.1',
      url: PAGE,
      page_view_id: 'nav-1',
    },
  ],
];

describe('resources', () => {
  test.each(cases)('%s', (_name, resource, expected) => {
    const { rows } = mapResource(resource, CTX);
    expect(rows.resources).toHaveLength(1);
    expect(rows.resources[0]).toMatchObject(expected);
  });

  it('rejects a resource timing without a URL', () => {
    const r = mapResource(
      resourceOf({ logs: [event('browser.resource_timing', { 'browser.resource_timing.duration': 3 })] }),
      CTX,
    );
    expect(r.reasons).toEqual(['resources: browser.resource_timing without url.full']);
  });
});
