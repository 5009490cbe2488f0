/**
 * Client IP handling for enrichment. The IP is only ever an input (geo lookup, visitor hash): it is
 * never written to a row, and attributes that could carry it are removed from rows.
 */
import net from 'node:net';

/**
 * Ranges that are not a browser's public address: loopback, private, link-local, carrier-grade
 * NAT, documentation, multicast and reserved. A request from one of these came from our own
 * infrastructure (a collector, a proxy) or a developer's machine, so it has no country, and a
 * `client.address` attribute set by a collector hop may be trusted instead (see clientIpOf).
 */
const NON_PUBLIC = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const)
  NON_PUBLIC.addSubnet(prefix, bits, 'ipv6');

/**
 * A canonical IP string, or '' when `raw` is not an IP. IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what
 * Node reports on a dual-stack socket) becomes plain IPv4: GeoIP databases key IPv4 under the IPv4
 * tree, and the visitor hash must not change with the socket family. Brackets and zone ids go.
 */
export function normaliseIp(raw: string | undefined): string {
  if (!raw) return '';
  let ip = raw.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone > 0) ip = ip.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) ip = mapped[1];
  const family = net.isIP(ip);
  if (family === 4) return ip;
  if (family === 6) return ip.toLowerCase();
  return '';
}

/** True for a normalised IP that a browser on the internet can have. */
export function isPublicIp(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 0) return false;
  return !NON_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Attributes that can only have come from a hop between the browser and us (a browser cannot see
 * socket addresses), so they most likely hold the browser's IP. `client.address` is what our
 * collector config sets (otelcol/config.yaml); the others are older or neighbouring semconv names.
 */
export const IP_ATTRIBUTE_KEYS = [
  'client.address',
  'http.client_ip',
  'network.peer.address',
  'net.peer.ip',
  'net.sock.peer.addr',
] as const;

/** Removes the IP attributes from a row's attributes and returns `client.address` (normalised). */
export function takeForwardedIp(attributes: Record<string, string>): string {
  const forwarded = normaliseIp(attributes['client.address']);
  // Read before delete: nearly every row has none of them, and a read is the cheaper miss.
  for (const key of IP_ATTRIBUTE_KEYS) if (attributes[key] !== undefined) delete attributes[key];
  return forwarded;
}

/**
 * The browser's IP for a row: the request's sender, unless that is not a public address (we are
 * behind a collector or proxy on a private network) and a collector hop recorded the browser's
 * address as `client.address`. A public sender's `client.address` is ignored: anyone can put any
 * attribute in a payload, but only our own infrastructure sends from a private address.
 */
export function clientIpOf(senderIp: string, forwardedIp: string): string {
  if (forwardedIp && (!senderIp || !isPublicIp(senderIp))) return forwardedIp;
  return senderIp;
}
