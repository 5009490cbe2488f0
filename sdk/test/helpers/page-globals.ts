/** Types of what the test pages put on `window`, for code passed to page.evaluate. */
import type * as PulseTraceApi from '../../src/index';
import type { PageVars } from './servers';

declare global {
  interface Window {
    /** The IIFE build's global (or, on loader.html, the loader's queueing stub until it arrives). */
    PulseTrace: typeof PulseTraceApi;
    /** app.html: what PulseTrace.init() returned. */
    ptInitResult?: boolean;
    /** Settings templated into the page by the page server. */
    PT_TEST: PageVars & { pageOrigin: string };
    /** Helpers from pages/app.js. */
    app: {
      /** XHR that resolves with status and parsed JSON. */
      xhr(method: string, url: string): Promise<{ status: number; body: { traceparent: string | null } }>;
      /** captureException of an Error with a two-level cause chain and a custom fingerprint. */
      captureCheckoutFailure(): void;
    };
    /** loader.html: performance.now() when the queued calls were made. */
    queuedAt?: number;
  }
}

export {};
