import type { CommonRow, CustomEventRow } from '../../src/store/rows';
import { toDateTime64 } from '../../src/store/time';

/** A complete common-column row for tests; override what the test is about. */
export function commonRow(overrides: Partial<CommonRow> = {}): CommonRow {
  const now = toDateTime64(Date.now());
  return {
    project_id: 'ptest',
    retention_days: 30,
    timestamp: now,
    received_at: now,
    event_id: '',
    trace_id: '',
    span_id: '',
    session_id: '',
    session_previous_id: '',
    page_view_id: '',
    user_id: '',
    visitor_id: '',
    visitor_hash: '',
    service_name: 'shop',
    release: '1.0.0',
    environment: 'production',
    sdk_name: 'test',
    sdk_version: '0',
    url: 'https://shop.example/',
    route: '/',
    browser_name: '',
    browser_version: '',
    os_name: '',
    os_version: '',
    device_type: '',
    is_bot: 0,
    country: '',
    region: '',
    user_agent: '',
    attributes: {},
    truncated: 0,
    ...overrides,
  };
}

export function customEvent(eventId: string, overrides: Partial<CustomEventRow> = {}): CustomEventRow {
  return { ...commonRow({ event_id: eventId }), name: 'test.event', properties: {}, ...overrides };
}
