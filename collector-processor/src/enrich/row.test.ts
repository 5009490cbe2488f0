import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commonRow } from '../../test/helpers/rows';
import type { CommonRow } from '../store/rows';
import { openGeo } from './geo';
import { enrichRow, type EnrichTools, type RequestFacts } from './row';
import { writeMmdb } from './testkit';
import { cachedUserAgentParser } from './user-agent';
import { visitorHash } from './visitor';

const CHROME_WIN =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SALT = 'a'.repeat(64);

let tools: EnrichTools;
beforeAll(async () => {
  // A City-shaped database, so regions can be asserted: 8.8.8.0/24 is US-CA here.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-row-')), 'city.mmdb');
  fs.writeFileSync(
    file,
    writeMmdb([
      { cidr: '8.8.8.0/24', record: { country: { iso_code: 'US' }, subdivisions: [{ iso_code: 'CA' }] } },
    ]),
  );
  const geo = await openGeo(file);
  tools = { parseUserAgent: cachedUserAgentParser(), geo: (ip) => geo.lookup(ip) };
});

const req = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  senderIp: '8.8.8.8',
  headerUserAgent: '',
  salt: SALT,
  geoRegion: false,
  ...over,
});

function enriched(row: Partial<CommonRow>, facts: RequestFacts): CommonRow {
  const r = commonRow({ project_id: 'p1', ...row });
  enrichRow(r, facts, tools);
  return r;
}

describe('enrichRow', () => {
  it.each<[string, Partial<CommonRow>, Partial<RequestFacts>, Partial<CommonRow>]>([
    [
      'UA string fills browser, OS and device; IP fills country',
      { user_agent: IPHONE },
      {},
      {
        browser_name: 'Safari',
        browser_version: '17.5',
        os_name: 'iOS',
        os_version: '17.5',
        device_type: 'mobile',
        country: 'US',
        region: '',
        is_bot: 0,
      },
    ],
    [
      'client hints win over the (frozen) UA string; no version borrowed from it',
      {
        user_agent: CHROME_WIN,
        browser_name: 'Google Chrome',
        browser_version: '131',
        os_name: 'Windows',
        device_type: 'desktop',
      },
      {},
      {
        browser_name: 'Google Chrome',
        browser_version: '131',
        os_name: 'Windows',
        os_version: '',
        device_type: 'desktop',
      },
    ],
    [
      'the User-Agent header stands in for a missing attribute and is stored',
      {},
      { headerUserAgent: CHROME_WIN },
      { user_agent: CHROME_WIN, browser_name: 'Google Chrome', os_name: 'Windows', device_type: 'desktop' },
    ],
    ['a crawler is flagged, and kept', { user_agent: GOOGLEBOT }, {}, { is_bot: 1, user_agent: GOOGLEBOT }],
    [
      'a headless browser named by client hints is flagged',
      { browser_name: 'HeadlessChrome' },
      {},
      { is_bot: 1 },
    ],
    ['the sender’s country wins', { country: 'DE' }, {}, { country: 'DE' }],
    [
      'region only for projects that opted in',
      { user_agent: IPHONE },
      { geoRegion: true },
      { country: 'US', region: 'US-CA' },
    ],
    [
      'a sender-supplied region is dropped without the opt-in',
      { country: 'DE', region: 'DE-BE' },
      {},
      { country: 'DE', region: '' },
    ],
    ['a private sender has no country', {}, { senderIp: '10.0.0.9' }, { country: '' }],
  ])('%s', (_name, row, facts, expected) => {
    expect(enriched(row, req(facts))).toMatchObject(expected);
  });

  it.each<[string, Partial<RequestFacts>, (ua: string) => string]>([
    ['from the sender IP and the row UA', {}, (ua) => visitorHash(SALT, 'p1', '8.8.8.8', ua)],
    [
      'from the private sender IP too',
      { senderIp: '10.0.0.9' },
      (ua) => visitorHash(SALT, 'p1', '10.0.0.9', ua),
    ],
    ['empty without an IP', { senderIp: '' }, () => ''],
    ['empty without a salt', { salt: undefined }, () => ''],
  ])('visitor_hash %s', (_name, facts, expected) => {
    expect(enriched({ user_agent: IPHONE }, req(facts)).visitor_hash).toBe(expected(IPHONE));
  });

  it('behind a collector: client.address is the browser IP, then removed with every IP attribute', () => {
    const row = enriched(
      {
        user_agent: IPHONE,
        attributes: { 'client.address': '8.8.8.8', 'net.sock.peer.addr': '10.1.1.1', 'app.kind': 'shop' },
      },
      req({ senderIp: '127.0.0.1' }),
    );
    expect(row).toMatchObject({ country: 'US', visitor_hash: visitorHash(SALT, 'p1', '8.8.8.8', IPHONE) });
    expect(row.attributes).toEqual({ 'app.kind': 'shop' });
  });

  it('from the internet: a claimed client.address is ignored and removed', () => {
    const row = enriched({ attributes: { 'client.address': '8.8.8.8' } }, req({ senderIp: '1.1.1.1' }));
    expect(row.visitor_hash).toBe(visitorHash(SALT, 'p1', '1.1.1.1', ''));
    expect(row.attributes).toEqual({});
  });

  it('the IP appears in no column', () => {
    const row = enriched(
      { user_agent: IPHONE, attributes: { 'client.address': '8.8.8.8' } },
      req({ senderIp: '127.0.0.1' }),
    );
    expect(JSON.stringify(row)).not.toContain('8.8.8.8');
  });
});
