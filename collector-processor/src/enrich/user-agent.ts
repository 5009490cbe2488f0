/**
 * User-agent parsing with ua-parser-js v1 (MIT; v2 is AGPL, so we stay on v1) and bot detection
 * with isbot (Unlicense). Names are normalised to what UA client hints report, so a Chrome row
 * filled from the UA string groups with one filled from `browser.brands`.
 */
import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';
import { UAParser } from 'ua-parser-js';

export interface ParsedUserAgent {
  browserName: string;
  browserVersion: string;
  osName: string;
  osVersion: string;
  /** mobile | tablet | desktop | ua-parser's other types (smarttv, console, wearable, xr, embedded) | ''. */
  deviceType: string;
  isBot: boolean;
}

/**
 * ua-parser-js names → the brand / platform names of UA client hints (navigator.userAgentData),
 * which the mapper stores as given. "Mobile Safari" is just Safari: device_type says mobile.
 */
const BROWSER_NAMES: Record<string, string> = {
  Chrome: 'Google Chrome',
  'Mobile Chrome': 'Google Chrome',
  Edge: 'Microsoft Edge',
  'Mobile Safari': 'Safari',
  'Mobile Firefox': 'Firefox',
  'Chrome WebView': 'Android WebView',
  'Opera Mobi': 'Opera',
};

/** Chromium-based browsers: client hints give only the major version, and the reduced UA string
 * has zeros after it anyway ("131.0.0.0"), so the major version is all there is to store. */
const MAJOR_ONLY = new Set([
  'Google Chrome',
  'Microsoft Edge',
  'Chromium',
  'Opera',
  'Samsung Internet',
  'Android WebView',
]);

const OS_NAMES: Record<string, string> = {
  'Mac OS': 'macOS',
  'Chromium OS': 'Chrome OS',
};

/** Distributions ua-parser-js reports by name; client hints (and Chrome's UA) just say Linux. */
const LINUX_DISTROS = new Set([
  'Arch',
  'CentOS',
  'Debian',
  'Fedora',
  'Gentoo',
  'Kubuntu',
  'Linux',
  'Manjaro',
  'Mint',
  'RedHat',
  'Slackware',
  'SUSE',
  'openSUSE',
  'Ubuntu',
  'Xubuntu',
]);

/**
 * Headless browsers (HeadlessChrome, Faro's "Chrome Headless") are automation, not visitors.
 * isbot already matches the UA string; this also catches rows whose only browser name came from
 * client hints or another SDK's parser.
 */
const HEADLESS = /headless/i;

export function isBotUserAgent(ua: string): boolean {
  return ua !== '' && (isbot(ua) || HEADLESS.test(ua));
}

export function isHeadlessBrowserName(name: string): boolean {
  return HEADLESS.test(name);
}

/**
 * User-Agent headers of OTLP forwarders (an OpenTelemetry Collector distribution, e.g.
 * "otelcol-contrib" sends "OpenTelemetry Collector Contrib/0.x (linux/amd64)"; OTel SDK exporters
 * outside a browser). Such a header describes the hop, not the browser, so it is neither stored
 * nor parsed.
 */
const FORWARDER = /OpenTelemetry Collector|^OTel-OTLP-Exporter/i;

export function isForwarderUserAgent(ua: string): boolean {
  return FORWARDER.test(ua);
}

const EMPTY: ParsedUserAgent = {
  browserName: '',
  browserVersion: '',
  osName: '',
  osVersion: '',
  deviceType: '',
  isBot: false,
};

/**
 * Longer UA strings are cut before parsing: ua-parser-js reads only the first 500 characters
 * anyway, and isbot's pattern list would otherwise scan an attacker's megabyte. Real UAs are
 * under 300 characters.
 */
export const MAX_USER_AGENT = 512;

/** Pure: one UA string → normalised fields. */
export function parseUserAgent(fullUa: string): ParsedUserAgent {
  if (!fullUa) return EMPTY;
  const ua = fullUa.length > MAX_USER_AGENT ? fullUa.slice(0, MAX_USER_AGENT) : fullUa;
  const r = new UAParser(ua).getResult();
  const browserName = (r.browser.name && BROWSER_NAMES[r.browser.name]) || r.browser.name || '';
  let browserVersion = r.browser.version ?? '';
  if (MAJOR_ONLY.has(browserName)) browserVersion = browserVersion.split('.')[0];
  const rawOs = r.os.name ?? '';
  const osName = LINUX_DISTROS.has(rawOs) ? 'Linux' : OS_NAMES[rawOs] || rawOs;
  // A distribution's version (Ubuntu 22.04) is not a Linux version.
  const osVersion = osName === 'Linux' ? '' : (r.os.version ?? '');
  // ua-parser-js leaves the type undefined for desktops; only call it desktop if it recognised a
  // browser or OS at all (curl is no desktop).
  const deviceType = r.device.type ?? (browserName || osName ? 'desktop' : '');
  return { browserName, browserVersion, osName, osVersion, deviceType, isBot: isBotUserAgent(ua) };
}

/**
 * parseUserAgent behind an LRU: a batch carries one UA for all its rows, and a site's visitors use
 * a few hundred distinct UA strings, while one parse costs tens of microseconds.
 */
export function cachedUserAgentParser(max = 2000): (ua: string) => ParsedUserAgent {
  const cache = new LRUCache<string, ParsedUserAgent>({ max });
  return (ua) => {
    let parsed = cache.get(ua);
    if (!parsed) {
      parsed = parseUserAgent(ua);
      cache.set(ua, parsed);
    }
    return parsed;
  };
}
