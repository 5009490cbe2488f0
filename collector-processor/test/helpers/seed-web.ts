/**
 * A small, realistic shop for the web query API tests: sessions over three days (one crossing
 * midnight), returning visitors, a signed-in user, a cookieless visitor, referrers and UTM
 * campaigns, a page view without a session, a bot session, and LCP / CLS samples spread over
 * routes, browsers and minutes. Tests compute every expected answer from these rows.
 */
import type { PageViewRow, WebVitalRow } from '../../src/store/rows';
import { toDateTime64 } from '../../src/store/time';
import type { RunningProcessor } from '../../src/processor';
import { insertRows } from './query';
import { commonRow, pageViewOf } from './rows';

export const DAY = 86_400_000;

interface Visit {
  session: string;
  visitor: { visitor_id?: string; user_id?: string; visitor_hash?: string };
  /** Day 0-2 and the time of the first page view, as hours after midnight UTC. */
  day: number;
  hour: number;
  release: string;
  environment?: string;
  browser: string;
  os: string;
  device: string;
  country: string;
  referrerHost?: string;
  utm?: [source: string, medium: string, campaign: string];
  /** Paths and seconds after the first page view. */
  pages: Array<[path: string, atSeconds: number]>;
  bot?: boolean;
}

const NEWSLETTER: Visit['utm'] = ['newsletter', 'email', 'spring'];

// prettier-ignore
export const VISITS: Visit[] = [
  { session: 's1', visitor: { visitor_id: 'v1' }, day: 0, hour: 9, release: '1.0.0', browser: 'Chrome', os: 'Windows', device: 'desktop', country: 'DE', referrerHost: 'google.com', pages: [['/', 0], ['/products', 40], ['/products/42', 95], ['/cart', 200]] },
  { session: 's2', visitor: { visitor_id: 'v2' }, day: 0, hour: 10.25, release: '1.0.0', browser: 'Safari', os: 'iOS', device: 'mobile', country: 'FR', pages: [['/', 0]] },
  { session: 's3', visitor: { visitor_id: 'v1' }, day: 0, hour: 14, release: '1.0.0', browser: 'Chrome', os: 'Windows', device: 'desktop', country: 'DE', referrerHost: 'mail.example', utm: NEWSLETTER, pages: [['/products/7', 0], ['/cart', 60], ['/checkout', 150]] },
  // Crosses midnight: the sessions table has a row for each day, merged when read.
  { session: 's4', visitor: { visitor_id: 'v3', user_id: 'u-42' }, day: 0, hour: 23 + 55 / 60, release: '1.0.0', browser: 'Firefox', os: 'Linux', device: 'desktop', country: 'US', referrerHost: 'news.ycombinator.com', pages: [['/blog/launch', 0], ['/', 300], ['/products', 600]] },
  // Cookieless: counted by the visitor hash.
  { session: 's5', visitor: { visitor_hash: 'h5' }, day: 1, hour: 8.5, release: '1.1.0', browser: 'Chrome', os: 'Android', device: 'mobile', country: 'DE', referrerHost: 'google.com', utm: ['google', 'cpc', 'spring'], pages: [['/products/42', 0], ['/products/7', 20], ['/cart', 50], ['/checkout', 110], ['/checkout/done', 170]] },
  { session: 's6', visitor: { visitor_id: 'v2' }, day: 1, hour: 12, release: '1.1.0', browser: 'Safari', os: 'iOS', device: 'mobile', country: 'FR', pages: [['/products', 0], ['/', 45]] },
  { session: 's7', visitor: { visitor_id: 'v6' }, day: 1, hour: 18 + 1 / 3, release: '1.1.0', environment: 'staging', browser: 'Edge', os: 'Windows', device: 'desktop', country: 'US', referrerHost: 'google.com', pages: [['/blog/launch', 0]] },
  { session: 's8', visitor: { visitor_id: 'v1' }, day: 2, hour: 7, release: '1.1.0', browser: 'Chrome', os: 'Windows', device: 'desktop', country: 'DE', pages: [['/', 0], ['/products', 30], ['/products/42', 80]] },
  { session: 's9', visitor: { visitor_id: 'v7' }, day: 2, hour: 11 + 11 / 60, release: '1.1.0', browser: 'Firefox', os: 'macOS', device: 'desktop', country: 'FR', referrerHost: 'mail.example', utm: NEWSLETTER, pages: [['/products/7', 0]] },
  { session: 's10', visitor: { visitor_id: 'v8' }, day: 2, hour: 16, release: '1.1.0', browser: 'Safari', os: 'macOS', device: 'desktop', country: 'US', referrerHost: 'duckduckgo.com', pages: [['/', 0], ['/cart', 25]] },
  // A page view without a session (an OTel sender without session ids): a page view, not a visit.
  { session: '', visitor: { visitor_id: 'v9' }, day: 2, hour: 17, release: '1.1.0', browser: 'Chrome', os: 'Windows', device: 'desktop', country: 'US', pages: [['/products', 0]] },
  // Left out unless includeBots.
  { session: 'bot1', visitor: { visitor_hash: 'hbot' }, day: 1, hour: 3, release: '1.1.0', browser: 'HeadlessChrome', os: 'Linux', device: 'desktop', country: 'US', pages: [['/', 0], ['/products', 1], ['/products/42', 2], ['/cart', 3]], bot: true },
];

/** The route template of a path, as the SDK's router reports it. */
export function routeOf(path: string): string {
  return path.replace(/^\/products\/\d+$/, '/products/:id');
}

/** A page view with everything the web queries read, and the rest empty. */
export function pageViewRow(
  project: string,
  dayStart: number,
  visit: Visit,
  [path, at]: [string, number],
): PageViewRow {
  const ms = dayStart + visit.day * DAY + Math.round(visit.hour * 3600_000) + at * 1000;
  const [utm_source, utm_medium, utm_campaign] = visit.utm ?? ['', '', ''];
  return pageViewOf(
    commonRow({
      project_id: project,
      timestamp: toDateTime64(ms),
      received_at: toDateTime64(ms),
      event_id: `${visit.session || 'none'}-${at}`,
      session_id: visit.session,
      ...visit.visitor,
      release: visit.release,
      environment: visit.environment ?? 'production',
      // A query string, which the page breakdown leaves out.
      url: `https://shop.example${path}${at % 2 ? '?ref=nav' : ''}`,
      route: routeOf(path),
      browser_name: visit.browser,
      os_name: visit.os,
      device_type: visit.device,
      country: visit.country,
      is_bot: visit.bot ? 1 : 0,
    }),
    {
      title: path,
      referrer: visit.referrerHost ? `https://${visit.referrerHost}/` : '',
      referrer_host: visit.referrerHost ?? '',
      utm_source,
      utm_medium,
      utm_campaign,
    },
  );
}

/** web-vitals' thresholds: good up to the first, poor above the second. */
const THRESHOLDS: Record<string, [number, number]> = { LCP: [2500, 4000], CLS: [0.1, 0.25] };

export function rating(name: string, value: number): string {
  const [good, poor] = THRESHOLDS[name]!;
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

const VITAL_ROUTES = ['/', '/products', '/products/:id', '/cart'];
const VITAL_BROWSERS = ['Chrome', 'Safari', 'Firefox'];

function vitalRow(
  project: string,
  ms: number,
  name: string,
  value: number,
  i: number,
  bot = false,
): WebVitalRow {
  return {
    ...commonRow({
      project_id: project,
      timestamp: toDateTime64(ms),
      received_at: toDateTime64(ms),
      event_id: `${name}-${i}`,
      session_id: `vs${i % 20}`,
      visitor_id: `vv${i % 20}`,
      release: i % 2 ? '1.1.0' : '1.0.0',
      route: VITAL_ROUTES[i % 4],
      browser_name: bot ? 'HeadlessChrome' : VITAL_BROWSERS[i % 3],
      os_name: i % 3 === 1 ? 'iOS' : 'Windows',
      device_type: i % 3 === 1 ? 'mobile' : 'desktop',
      country: i % 5 ? 'DE' : 'US',
      is_bot: bot ? 1 : 0,
    }),
    name,
    value,
    delta: value,
    rating: rating(name, value),
    navigation_type: 'navigate',
    metric_id: `v4-${i}`,
    attribution: {},
  };
}

/**
 * 240 LCP samples 400, 425, … 6375 ms, every 17 minutes from day 0 (so over about 2.8 days), the
 * values permuted (×7 mod 240) so that each route, browser and day gets a spread of them; 60 CLS
 * samples 0.005 … 0.3; one bot LCP of 60 s.
 */
export function vitalRows(project: string, dayStart: number): WebVitalRow[] {
  const rows: WebVitalRow[] = [];
  for (let i = 0; i < 240; i++)
    rows.push(vitalRow(project, dayStart + i * 17 * 60_000, 'LCP', 400 + 25 * ((i * 7) % 240), i));
  for (let i = 0; i < 60; i++)
    rows.push(
      vitalRow(
        project,
        dayStart + i * 67 * 60_000,
        'CLS',
        Number((0.005 * (((i * 7) % 60) + 1)).toFixed(3)),
        i,
      ),
    );
  rows.push(vitalRow(project, dayStart + DAY + 3 * 3600_000, 'LCP', 60_000, 240, true));
  return rows;
}

export interface WebSeed {
  dayStart: number;
  pageViews: PageViewRow[];
  vitals: WebVitalRow[];
}

/** Seeds the shop into `project`: day 0 starts at midnight UTC three days ago. */
export async function seedWeb(p: RunningProcessor, project: string): Promise<WebSeed> {
  const dayStart = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  const pageViews = VISITS.flatMap((v) => v.pages.map((page) => pageViewRow(project, dayStart, v, page)));
  const vitals = vitalRows(project, dayStart);
  await insertRows(p, 'page_views', pageViews);
  await insertRows(p, 'web_vitals', vitals);
  return { dayStart, pageViews, vitals };
}
