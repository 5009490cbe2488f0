/**
 * Attribute and event names the mapping reads. Stable names come from
 * @opentelemetry/semantic-conventions; incubating ones are copied here as the package recommends
 * (its `/incubating` entry point is not covered by semver). Older and vendor-specific names sit next to the semconv ones they alias.
 */
export {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_TELEMETRY_DISTRO_NAME,
  ATTR_TELEMETRY_DISTRO_VERSION,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

// Incubating (semconv 1.45), copied.
export const ATTR_DEPLOYMENT_ENVIRONMENT = 'deployment.environment'; // deprecated alias
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_SESSION_PREVIOUS_ID = 'session.previous_id';
export const ATTR_USER_ID = 'user.id';
export const ATTR_ENDUSER_ID = 'enduser.id'; // deprecated alias of user.id
export const ATTR_ENDUSER_PSEUDO_ID = 'enduser.pseudo.id';
export const ATTR_EVENT_NAME = 'event.name'; // pre OTLP 1.5 senders
export const ATTR_BROWSER_BRANDS = 'browser.brands';
export const ATTR_BROWSER_PLATFORM = 'browser.platform';
export const ATTR_BROWSER_MOBILE = 'browser.mobile';
export const ATTR_BROWSER_DOCUMENT_URL_FULL = 'browser.document.url.full';
export const ATTR_USER_AGENT_NAME = 'user_agent.name';
export const ATTR_USER_AGENT_VERSION = 'user_agent.version';
export const ATTR_USER_AGENT_OS_NAME = 'user_agent.os.name';
export const ATTR_USER_AGENT_OS_VERSION = 'user_agent.os.version';
export const ATTR_OS_NAME = 'os.name';
export const ATTR_OS_VERSION = 'os.version';
export const ATTR_GEO_COUNTRY_ISO_CODE = 'geo.country.iso_code';
export const ATTR_GEO_REGION_ISO_CODE = 'geo.region.iso_code';
export const ATTR_URL_TEMPLATE = 'url.template';
export const ATTR_HTTP_REQUEST_BODY_SIZE = 'http.request.body.size';
export const ATTR_HTTP_RESPONSE_BODY_SIZE = 'http.response.body.size';
export const ATTR_BROWSER_WEB_VITAL_NAME = 'browser.web_vital.name';
export const ATTR_BROWSER_WEB_VITAL_VALUE = 'browser.web_vital.value';
export const ATTR_BROWSER_WEB_VITAL_DELTA = 'browser.web_vital.delta';
export const ATTR_BROWSER_WEB_VITAL_ID = 'browser.web_vital.id';
export const ATTR_BROWSER_WEB_VITAL_RATING = 'browser.web_vital.rating';
export const ATTR_BROWSER_WEB_VITAL_NAVIGATION_TYPE = 'browser.web_vital.navigation_type';

// Old HTTP semconv (v1.7-1.20), still emitted by instrumentation-fetch/XHR < 0.223 by default.
export const ATTR_HTTP_URL = 'http.url';
export const ATTR_HTTP_METHOD = 'http.method';
export const ATTR_HTTP_STATUS_CODE = 'http.status_code';
export const ATTR_HTTP_USER_AGENT = 'http.user_agent';
export const ATTR_HTTP_HOST = 'http.host';
export const ATTR_NET_PEER_NAME = 'net.peer.name';
export const ATTR_HTTP_REQUEST_CONTENT_LENGTH = 'http.request_content_length';
export const ATTR_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED = 'http.request_content_length_uncompressed';
export const ATTR_HTTP_RESPONSE_CONTENT_LENGTH = 'http.response_content_length';
export const ATTR_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED = 'http.response_content_length_uncompressed';

// Browser SIG event names (@opentelemetry/browser-instrumentation) and semconv events.
export const EVENT_EXCEPTION = 'exception';
export const EVENT_WEB_VITAL = 'browser.web_vital';
export const EVENT_NAVIGATION = 'browser.navigation';
export const EVENT_NAVIGATION_TIMING = 'browser.navigation_timing';
export const EVENT_RESOURCE_TIMING = 'browser.resource_timing';
export const EVENT_USER_ACTION_CLICK = 'browser.user_action.click';
export const NAV = {
  sameDocument: 'browser.navigation.same_document',
  hashChange: 'browser.navigation.hash_change',
  type: 'browser.navigation.type',
  timingType: 'browser.navigation_timing.type',
  domInteractive: 'browser.navigation_timing.dom_interactive',
  domContentLoadedEnd: 'browser.navigation_timing.dom_content_loaded_event_end',
  loadEventEnd: 'browser.navigation_timing.load_event_end',
} as const;
export const RT = {
  initiatorType: 'browser.resource_timing.initiator_type',
  duration: 'browser.resource_timing.duration',
  fetchStart: 'browser.resource_timing.fetch_start',
  domainLookupStart: 'browser.resource_timing.domain_lookup_start',
  domainLookupEnd: 'browser.resource_timing.domain_lookup_end',
  connectStart: 'browser.resource_timing.connect_start',
  secureConnectionStart: 'browser.resource_timing.secure_connection_start',
  connectEnd: 'browser.resource_timing.connect_end',
  requestStart: 'browser.resource_timing.request_start',
  responseStart: 'browser.resource_timing.response_start',
  transferSize: 'browser.resource_timing.transfer_size',
  encodedBodySize: 'browser.resource_timing.encoded_body_size',
  decodedBodySize: 'browser.resource_timing.decoded_body_size',
  renderBlocking: 'browser.resource_timing.render_blocking_status',
  nextHopProtocol: 'browser.resource_timing.next_hop_protocol',
} as const;

// PulseTrace's own names (docs/conventions.md).
export const PT = {
  pageViewId: 'pulsetrace.page_view.id',
  pageTitle: 'pulsetrace.page.title',
  pageReferrer: 'pulsetrace.page.referrer',
  eventName: 'pulsetrace.event.name',
  customEvent: 'pulsetrace.event',
  longTask: 'pulsetrace.long_task',
  handled: 'pulsetrace.exception.handled',
  mechanism: 'pulsetrace.exception.mechanism',
  causes: 'pulsetrace.exception.causes',
  breadcrumbs: 'pulsetrace.breadcrumbs',
} as const;

// Vendor names.
export const HONEYCOMB_PAGE_URL = 'page.url';
export const HONEYCOMB_ENTRY_REFERRER = 'entry_page.referrer';
export const FARO_PAGE_ID = 'page.id';
export const FARO_EVENT_ATTRIBUTES = 'event.attributes';
export const FARO_EVENT_DOMAIN = 'event.domain';
