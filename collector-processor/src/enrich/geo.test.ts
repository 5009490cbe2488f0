import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_GEOIP_MMDB, geoFromRecord, openGeo, type GeoLookup, type GeoRecord } from './geo';
import { writeMmdb } from './testkit';

describe('geoFromRecord', () => {
  it.each<[string, GeoRecord | null, { country: string; region: string }]>([
    ['ip-location-db shape', { country_code: 'US' }, { country: 'US', region: '' }],
    ['MaxMind Country shape', { country: { iso_code: 'DE' } }, { country: 'DE', region: '' }],
    [
      'MaxMind City shape: first subdivision as ISO 3166-2',
      { country: { iso_code: 'US' }, subdivisions: [{ iso_code: 'CA' }] },
      { country: 'US', region: 'US-CA' },
    ],
    [
      'largest subdivision first',
      { country: { iso_code: 'GB' }, subdivisions: [{ iso_code: 'ENG' }, { iso_code: 'WSM' }] },
      { country: 'GB', region: 'GB-ENG' },
    ],
    [
      'lower-case codes',
      { country_code: 'fr', subdivisions: [{ iso_code: 'idf' }] },
      { country: 'FR', region: 'FR-IDF' },
    ],
    ['no country: no region either', { subdivisions: [{ iso_code: 'CA' }] }, { country: '', region: '' }],
    ['not an ISO code', { country_code: 'United States' }, { country: '', region: '' }],
    [
      'subdivision name, not code',
      { country_code: 'US', subdivisions: [{ iso_code: 'California' }] },
      { country: 'US', region: '' },
    ],
    ['non-string values', { country_code: 840 } as GeoRecord, { country: '', region: '' }],
    ['no record', null, { country: '', region: '' }],
  ])('%s', (_name, record, expected) => {
    expect(geoFromRecord(record)).toEqual(expected);
  });
});

describe('bundled database (geo-whois-asn-country)', () => {
  let geo: GeoLookup;
  beforeAll(async () => {
    geo = await openGeo();
  });

  it('is the default and is a country database', () => {
    expect(geo.file).toBe(BUNDLED_GEOIP_MMDB);
    expect(geo.databaseType).toMatch(/country/i);
  });

  // Google Public DNS: a long-stable US allocation, over IPv4 and IPv6. Country only: no region.
  it.each(['8.8.8.8', '2001:4860:4860::8888'])('%s → US', (ip) => {
    expect(geo.lookup(ip)).toEqual({ country: 'US', region: '' });
  });

  // The bundled data maps some private ranges to countries (192.168.1.1 → AU); those never reach it.
  it.each(['192.168.1.1', '10.0.0.1', '127.0.0.1', '::1', 'fe80::1'])('%s (not public) → nothing', (ip) => {
    expect(geo.lookup(ip)).toEqual({ country: '', region: '' });
  });
});

describe('a user-provided MaxMind-format database', () => {
  let geo: GeoLookup;
  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-geo-')), 'city.mmdb');
    fs.writeFileSync(
      file,
      writeMmdb([
        {
          cidr: '8.8.8.0/24',
          record: {
            country: { iso_code: 'US', geoname_id: 6252001, names: { en: 'United States' } },
            subdivisions: [{ iso_code: 'CA', names: { en: 'California' } }],
            location: { latitude: 37.386, longitude: -122.0838 },
          },
        },
        {
          cidr: '81.2.69.0/24',
          record: { country: { iso_code: 'GB' }, subdivisions: [{ iso_code: 'ENG' }] },
        },
      ]),
    );
    geo = await openGeo(file);
  });

  it.each([
    ['8.8.8.8', 'US', 'US-CA'],
    ['81.2.69.142', 'GB', 'GB-ENG'],
    ['9.9.9.9', '', ''], // not in this database
    ['2001:4860:4860::8888', '', ''], // IPv6 in an IPv4-only database: no error, nothing
  ])('%s → %s %s', (ip, country, region) => {
    expect(geo.lookup(ip)).toEqual({ country, region });
  });

  it('a path that is not a database fails loudly', async () => {
    await expect(openGeo(path.join(os.tmpdir(), 'does-not-exist.mmdb'))).rejects.toThrow(
      /cannot open GeoIP database/,
    );
  });
});
