/**
 * Debug IDs: `pulsetrace sourcemaps inject` appends to each bundle a snippet that stores
 * `globalThis._pulsetraceDebugIds[new Error().stack] = "<id>"`. The stack's first frame names the
 * URL the bundle was loaded from, so the processor can pick the uploaded map by id instead of by
 * URL (which breaks behind CDNs, hashed paths and query strings).
 */
import type { Described } from './describe';
import { firstFrameUrl } from './describe';

/** Registered stack key → its script URL: each key is parsed once, not on every error. */
const urls = new Map<string, string>();

/**
 * JSON `{scriptUrl: debugId}` for the registered scripts that appear in these stacks (the
 * exception and its causes), or undefined when there are none. Never throws.
 */
export function debugIdsOf(errors: Described[], g: object = globalThis): string | undefined {
  try {
    const registry = (g as { _pulsetraceDebugIds?: Record<string, string> })._pulsetraceDebugIds;
    if (!registry) return;
    const stacks = errors.map((e) => e.stacktrace).join('\n');
    const out: Record<string, string> = {};
    let found = '';
    for (const key in registry) {
      let url = urls.get(key);
      if (url === undefined) urls.set(key, (url = firstFrameUrl(key)));
      // Frames read `url:line:col`: the colon keeps app.js from matching app.jsx.
      if (url && stacks.includes(url + ':')) found = out[url] = registry[key];
    }
    return found ? JSON.stringify(out) : undefined;
  } catch {
    return undefined; // a hostile registry (getters, proxies) must not cost the error report
  }
}
