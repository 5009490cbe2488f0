/**
 * Offline IP → country (and region) lookup. Default: the bundled
 * @ip-location-db/geo-whois-asn-country-mmdb (country only; packaged CC0 from RIR data the NRO
 * publishes under CC BY 4.0, so it may ship with us given the attribution in docs/privacy.md).
 * PULSETRACE_GEOIP_MMDB replaces it with any MaxMind-format file, e.g. GeoLite2-City, which also
 * has regions.
 */
import maxmind, { type Reader, type Response } from 'maxmind';
import { isPublicIp } from './ip';

export interface Geo {
  /** ISO 3166-1 alpha-2, e.g. "US"; '' when unknown. */
  country: string;
  /** ISO 3166-2, e.g. "US-CA"; '' when unknown or when the database has no subdivisions. */
  region: string;
}

/** The record shapes we read: ip-location-db (`country_code`) and MaxMind GeoIP2/GeoLite2. */
export interface GeoRecord {
  country_code?: unknown;
  country?: { iso_code?: unknown };
  subdivisions?: { iso_code?: unknown }[];
}

const NO_GEO: Geo = Object.freeze({ country: '', region: '' });
const COUNTRY = /^[A-Z]{2}$/;
/** The subdivision part of ISO 3166-2: one to three letters or digits. */
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;

/**
 * Pure: a database record → country and region. Region is the first (largest) subdivision joined
 * to the country as ISO 3166-2 writes it ("US-CA", "GB-ENG"). Anything that does not look like an
 * ISO code is ignored rather than stored, so an unexpected database cannot fill the columns with
 * names or numbers.
 */
export function geoFromRecord(record: GeoRecord | null | undefined): Geo {
  if (!record || typeof record !== 'object') return NO_GEO;
  const raw = record.country?.iso_code ?? record.country_code;
  const country = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (!COUNTRY.test(country)) return NO_GEO;
  const sub = record.subdivisions?.[0]?.iso_code;
  const code = typeof sub === 'string' ? sub.toUpperCase() : '';
  return { country, region: SUBDIVISION.test(code) ? `${country}-${code}` : '' };
}

export const BUNDLED_GEOIP_MMDB =
  require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');

export interface GeoLookup {
  /** Path of the database in use. */
  file: string;
  /** The database's own type, e.g. "country ipvAll" or "GeoLite2-City". */
  databaseType: string;
  buildEpoch: Date;
  /** Country and region for a normalised IP; nothing for non-public addresses. */
  lookup(ip: string): Geo;
}

/**
 * Opens the database once (read fully into memory; ~8 MB for the bundled one). A configured file
 * that cannot be opened fails start-up: silently storing no countries would be worse.
 */
export async function openGeo(file: string = BUNDLED_GEOIP_MMDB): Promise<GeoLookup> {
  let reader: Reader<Response>;
  try {
    reader = await maxmind.open(file, { watchForUpdates: false });
  } catch (err) {
    throw new Error(`cannot open GeoIP database ${file}: ${(err as Error).message}`, { cause: err });
  }
  return {
    file,
    databaseType: reader.metadata.databaseType,
    buildEpoch: reader.metadata.buildEpoch,
    lookup(ip) {
      // Private ranges have no country; the bundled data even maps some of them (192.168.1.1 to
      // AU), so they must not reach the database.
      if (!isPublicIp(ip)) return NO_GEO;
      try {
        // Either shape: the record types of the two databases differ, geoFromRecord checks every field.
        return geoFromRecord(reader.get(ip) as GeoRecord | null);
      } catch {
        return NO_GEO; // e.g. an IPv6 address in an IPv4-only database
      }
    },
  };
}
