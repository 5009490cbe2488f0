/**
 * Consent: an explicit optIn()/optOut() is remembered in localStorage and wins; otherwise the
 * SDK starts opted out when configured to (startOptedOut) or when the browser sends
 * Do-Not-Track or Global Privacy Control and respectDoNotTrack is on.
 */
import type { ResolvedConfig } from './core/context';

const KEY = 'pulsetrace.consent';

export function consentGiven(
  config: Pick<ResolvedConfig, 'startOptedOut' | 'respectDoNotTrack'>,
  ls: Storage | undefined,
): boolean {
  let stored: string | null = null;
  try {
    stored = ls?.getItem(KEY) ?? null;
  } catch {
    // no storage: decide from config
  }
  if (stored) return stored === 'in';
  return !config.startOptedOut && !(config.respectDoNotTrack && browserAsksNotToTrack());
}

export function browserAsksNotToTrack(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return nav.doNotTrack === '1' || nav.globalPrivacyControl === true;
}

export function storeConsent(ls: Storage | undefined, given: boolean): void {
  try {
    ls?.setItem(KEY, given ? 'in' : 'out');
  } catch {
    // remembered for this page only
  }
}
