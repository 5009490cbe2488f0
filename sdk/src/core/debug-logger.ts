/** The SDK's own problems go here, never into the host page as exceptions. */
export interface DebugLogger {
  enabled: boolean;
  warn(message: string, detail?: unknown): void;
}

export function createDebugLogger(enabled: boolean): DebugLogger {
  return {
    enabled,
    warn(message, detail) {
      // Always on for configuration warnings (callers pass force through `enabled` = true).
      if (this.enabled) console.warn(`[pulsetrace] ${message}`, detail ?? '');
    },
  };
}

/** Runs fn, sending any exception to the debug logger instead of the page. */
export function guard<T>(debug: DebugLogger, what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    debug.warn(`${what} failed`, err);
    return undefined;
  }
}
