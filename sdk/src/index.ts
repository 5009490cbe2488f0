/**
 * @pulsetrace/web: real-user monitoring and error tracking on OpenTelemetry.
 * Every function is safe to call before init() (a no-op) and never throws into the page.
 */
import { createClient, type Client } from './client';
import type { Attributes, CaptureContext, PulseTraceConfig, UserTraits } from './types';

export type * from './types';

let client: Client | undefined;

/** Starts the SDK. A second call is ignored with a console warning. Returns false when config is unusable. */
export function init(config: PulseTraceConfig): boolean {
  if (client) {
    console.warn('[pulsetrace] init() was already called; ignoring the second call');
    return true;
  }
  try {
    client = createClient(config);
  } catch (err) {
    // Not a browser (server-side rendering, a worker without DOM) or a broken environment.
    console.warn('[pulsetrace] init() failed; the SDK stays off', err);
  }
  return client !== undefined;
}

/** A custom event with properties (custom_events in ClickHouse). */
export function track(name: string, properties?: Attributes): void {
  client?.track(name, properties);
}

/** Reports an error; returns nothing and never throws. */
export function captureException(error: unknown, context?: CaptureContext): void {
  client?.captureException(error, context);
}

/**
 * Sets user.id (and traits as user.* attributes) on every later record and on the page view still
 * loading, replacing the previous user; stored with the session, so reloads in it keep the user.
 */
export function identify(userId: string, traits?: UserTraits): void {
  client?.identify(userId, traits);
}

/** Logout: forgets the user (the stored one too) and starts a new session and visitor id. */
export function reset(): void {
  client?.reset();
}

export function setRelease(release: string): void {
  client?.setRelease(release);
}

export function setEnvironment(environment: string): void {
  client?.setEnvironment(environment);
}

/** Adds (or with undefined values removes) attributes on every later record. */
export function setAttributes(attributes: Attributes): void {
  client?.setAttributes(attributes);
}

/** Stops capture, drops queued data and stored ids; remembered across visits. */
export function optOut(): void {
  client?.optOut();
}

/** Resumes capture after optOut() or startOptedOut. */
export function optIn(): void {
  client?.optIn();
}

/** Sends what is buffered now; resolves when the queue has been attempted. */
export function flush(): Promise<void> {
  return client?.flush() ?? Promise.resolve();
}

/** The current session id, or undefined before init or while opted out. */
export function getSessionId(): string | undefined {
  return client?.sessionId();
}

/** Stops the SDK and removes its listeners and patches (tests, micro-frontends). */
export function shutdown(): Promise<void> {
  const c = client;
  client = undefined;
  return c?.shutdown() ?? Promise.resolve();
}
