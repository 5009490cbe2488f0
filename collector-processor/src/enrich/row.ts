/**
 * Enrichment of one row: user agent, bot flag, geo and visitor hash, from what the request carried.
 * Synchronous and free of I/O (the GeoIP database is in memory, salts are looked up before).
 */
import type { CommonRow } from '../store/rows';
import type { Geo } from './geo';
import { clientIpOf, takeForwardedIp } from './ip';
import { isHeadlessBrowserName, type ParsedUserAgent } from './user-agent';
import { visitorHash } from './visitor';

/** What one request contributes to every row of it. */
export interface RequestFacts {
  /** The sender's normalised IP ('' if none). */
  senderIp: string;
  /** The sender's User-Agent header, '' when absent or a forwarder's (see isForwarderUserAgent). */
  headerUserAgent: string;
  /** Today's visitor salt; undefined leaves visitor_hash empty. */
  salt: string | undefined;
  /** project.settings.geoRegion: store the region next to the country. */
  geoRegion: boolean;
}

export interface EnrichTools {
  parseUserAgent(ua: string): ParsedUserAgent;
  geo(ip: string): Geo;
}

/**
 * Per-request memo: the rows of one request nearly always share IP and UA, and a GeoIP lookup
 * (~3 µs, most of it the private-range check) or a hash costs more than the rest of a row.
 */
export interface RequestMemo {
  geo: Map<string, Geo>;
  hashes: Map<string, string>;
  /** The last UA parsed, usually the only one (the LRU lookup hashes the whole string). */
  ua?: { ua: string; parsed: ParsedUserAgent };
}

export function newMemo(): RequestMemo {
  return { geo: new Map(), hashes: new Map() };
}

/**
 * Mutates `row` (and its attributes, when they hold an IP): the enrich stage passes its own copy.
 * Values the sender supplied win over derived ones: browser/OS/device from UA
 * client hints (more precise than the frozen UA string, which says "Windows 10" on Windows 11 and
 * macOS 10.15.7 on every Mac) and geo attributes.
 */
export function enrichRow(row: CommonRow, req: RequestFacts, tools: EnrichTools, memo = newMemo()): void {
  // Always taken out of attributes, whether or not it is used: the IP is never stored.
  const ip = clientIpOf(req.senderIp, takeForwardedIp(row.attributes));

  if (!row.user_agent && req.headerUserAgent) row.user_agent = req.headerUserAgent;
  const ua = row.user_agent;
  if (memo.ua?.ua !== ua) memo.ua = { ua, parsed: tools.parseUserAgent(ua) };
  const parsed = memo.ua.parsed;
  if (!row.browser_name) {
    row.browser_name = parsed.browserName;
    // A version belongs to its name: never pair a client-hints name with a UA-string version.
    if (!row.browser_version) row.browser_version = parsed.browserVersion;
  }
  if (!row.os_name) {
    row.os_name = parsed.osName;
    if (!row.os_version) row.os_version = parsed.osVersion;
  }
  if (!row.device_type) row.device_type = parsed.deviceType;
  if (parsed.isBot || isHeadlessBrowserName(row.browser_name)) row.is_bot = 1;

  if (!row.country && ip) {
    let geo = memo.geo.get(ip);
    if (!geo) memo.geo.set(ip, (geo = tools.geo(ip)));
    row.country = geo.country;
    if (!row.region) row.region = geo.region;
  }
  // Region is opt-in per project, whoever supplied it.
  if (!req.geoRegion) row.region = '';

  if (ip && req.salt) {
    const key = `${ip}\n${ua}`;
    let hash = memo.hashes.get(key);
    if (hash === undefined) memo.hashes.set(key, (hash = visitorHash(req.salt, row.project_id, ip, ua)));
    row.visitor_hash = hash;
  }
}
