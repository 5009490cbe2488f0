/**
 * Attribute names the client sets on every record (docs/conventions.md). Stable semconv names
 * come from @opentelemetry/semantic-conventions; incubating ones are spelled out because the
 * incubating entry is not covered by semver.
 */
export {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

export const ATTR_SESSION_ID = 'session.id';
export const ATTR_SESSION_PREVIOUS_ID = 'session.previous_id';
export const ATTR_USER_ID = 'user.id';
export const ATTR_VISITOR_ID = 'enduser.pseudo.id';
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';
export const ATTR_PAGE_URL = 'browser.document.url.full';
export const ATTR_PAGE_VIEW_ID = 'pulsetrace.page_view.id';
export const ATTR_BROWSER_LANGUAGE = 'browser.language';
export const ATTR_BROWSER_BRANDS = 'browser.brands';
export const ATTR_BROWSER_PLATFORM = 'browser.platform';
export const ATTR_BROWSER_MOBILE = 'browser.mobile';
export const EVENT_CUSTOM = 'pulsetrace.event';
export const ATTR_CUSTOM_EVENT_NAME = 'pulsetrace.event.name';
/** Prefix for what the log form carries in its body (custom-event properties, attribution). */
export const BODY_PREFIX = 'pulsetrace.body.';
