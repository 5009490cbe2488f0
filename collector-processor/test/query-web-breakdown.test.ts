/**
 * web_breakdown against a real processor: every dimension's table (values, visitors, page views,
 * and sessions and bounce rate for the session dimensions), computed here from the seeded rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { PageViewRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, queryFrames } from './helpers/query';
import { DAY, seedWeb, type WebSeed } from './helpers/seed-web';

jest.setTimeout(60_000);

let p: RunningProcessor;
let project: string;
let seed: WebSeed;

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  seed = await seedWeb(p, project);
});
afterAll(() => p.stop());

const msOf = (r: PageViewRow) => Math.round(Number(r.timestamp) * 1000);
const visitorOf = (r: PageViewRow) => r.user_id || r.visitor_id || r.visitor_hash;
const pathOf = (r: PageViewRow) => new URL(r.url).pathname;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const PAGE_VALUE: Record<string, (r: PageViewRow) => string> = {
  page: pathOf,
  route: (r) => r.route,
  device: (r) => r.device_type,
  browser: (r) => r.browser_name,
  os: (r) => r.os_name,
  country: (r) => r.country,
};

/** A session's value: from its first page view (last for exit_page). */
const SESSION_VALUE: Record<string, (first: PageViewRow, last: PageViewRow) => string> = {
  entry_page: (first) => pathOf(first),
  exit_page: (_, last) => pathOf(last),
  referrer: (first) => first.referrer_host || 'direct',
  utm_source: (first) => first.utm_source,
  utm_medium: (first) => first.utm_medium,
  utm_campaign: (first) => first.utm_campaign,
};

interface Line {
  value: string;
  visitors: number;
  page_views: number;
  sessions?: number;
  bounce_rate?: number;
}

function sorted(lines: Line[]): Line[] {
  return lines.sort(
    (a, b) => b.visitors - a.visitors || b.page_views - a.page_views || byText(a.value, b.value),
  );
}

function expectedBreakdown(dimension: string, rows: PageViewRow[]): Line[] {
  const groups = new Map<string, PageViewRow[][]>();
  const add = (value: string, views: PageViewRow[]) =>
    groups.set(value, [...(groups.get(value) ?? []), views]);
  const valueOfView = PAGE_VALUE[dimension];
  if (valueOfView) {
    for (const r of rows) add(valueOfView(r), [r]);
    return sorted(
      [...groups].map(([value, views]) => ({
        value,
        visitors: new Set(views.map((v) => visitorOf(v[0]!))).size,
        page_views: views.length,
      })),
    );
  }
  const sessions = new Map<string, PageViewRow[]>();
  for (const r of rows.filter((r) => r.session_id))
    sessions.set(r.session_id, [...(sessions.get(r.session_id) ?? []), r]);
  for (const views of sessions.values()) {
    views.sort((a, b) => msOf(a) - msOf(b));
    add(SESSION_VALUE[dimension]!(views[0]!, views.at(-1)!), views);
  }
  return sorted(
    [...groups].map(([value, visits]) => ({
      value,
      visitors: new Set(visits.map((v) => visitorOf(v[0]!))).size,
      page_views: visits.reduce((n, v) => n + v.length, 0),
      sessions: visits.length,
      bounce_rate: visits.filter((v) => v.length === 1).length / visits.length,
    })),
  );
}

const range = () => ({ type: 'web_breakdown', project, from: seed.dayStart, to: seed.dayStart + 3 * DAY });
const humans = () => seed.pageViews.filter((r) => r.is_bot === 0);

function lines(cols: Record<string, unknown[]>): Line[] {
  return cols.value!.map((value, i) => ({
    value: value as string,
    visitors: cols.visitors![i] as number,
    page_views: cols.page_views![i] as number,
    ...(cols.sessions
      ? { sessions: cols.sessions[i] as number, bounce_rate: cols.bounce_rate![i] as number }
      : {}),
  }));
}

describe('web_breakdown', () => {
  it.each([...Object.keys(PAGE_VALUE), ...Object.keys(SESSION_VALUE)])(
    'ranks %s by visitors',
    async (dimension) => {
      const [frame] = await queryFrames(p, { ...range(), dimension });
      expect(frame!.schema.meta?.custom?.source).toBe('page_views');
      const expected = expectedBreakdown(dimension, humans());
      expect(expected.length).toBeGreaterThan(1);
      expect(lines(columns(frame!))).toEqual(
        expected.map((l) =>
          l.bounce_rate === undefined ? l : { ...l, bounce_rate: expect.closeTo(l.bounce_rate, 12) },
        ),
      );
    },
  );

  it('strips the query string from pages and names the value field after the dimension', async () => {
    const [frame] = await queryFrames(p, { ...range(), dimension: 'page' });
    expect(seed.pageViews.some((r) => r.url.includes('?'))).toBe(true);
    expect(columns(frame!).value!.every((v) => !String(v).includes('?'))).toBe(true);
    expect(frame!.schema.fields.map((f) => [f.name, f.config])).toEqual([
      ['value', { displayName: 'page' }],
      ['visitors', { unit: 'short' }],
      ['page_views', { unit: 'short' }],
    ]);
  });

  it('counts direct visits, with no referrer, as "direct"', async () => {
    const [frame] = await queryFrames(p, { ...range(), dimension: 'referrer' });
    const direct = new Set(
      humans()
        .filter((r) => r.session_id && r.referrer_host === '')
        .map((r) => r.session_id),
    );
    const i = columns(frame!).value!.indexOf('direct');
    expect(columns(frame!).sessions![i]).toBe(direct.size);
  });

  it('keeps the top values up to the limit', async () => {
    const [frame] = await queryFrames(p, { ...range(), dimension: 'page', limit: 2 });
    expect(lines(columns(frame!))).toEqual(expectedBreakdown('page', humans()).slice(0, 2));
  });

  it('leaves bots out unless asked', async () => {
    const [humansOnly] = await queryFrames(p, { ...range(), dimension: 'browser' });
    expect(columns(humansOnly!).value).not.toContain('HeadlessChrome');
    const [all] = await queryFrames(p, { ...range(), dimension: 'browser', includeBots: true });
    expect(lines(columns(all!))).toEqual(expectedBreakdown('browser', seed.pageViews));
    expect(columns(all!).value).toContain('HeadlessChrome');
  });

  it('filters, excludes and splits by a group-by dimension', async () => {
    const [frame] = await queryFrames(p, {
      ...range(),
      dimension: 'entry_page',
      groupBy: ['release'],
      filters: { country: ['DE', 'FR'] },
      exclude: { device: ['mobile'] },
    });
    const cols = columns(frame!);
    const kept = humans().filter((r) => ['DE', 'FR'].includes(r.country) && r.device_type !== 'mobile');
    for (const release of ['1.0.0', '1.1.0']) {
      const mine = cols.value!.flatMap((_, i) => (cols.release![i] === release ? [i] : []));
      const actual = lines(
        Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, mine.map((i) => v[i])])),
      );
      expect(actual).toEqual(
        expectedBreakdown(
          'entry_page',
          kept.filter((r) => r.release === release),
        ),
      );
    }
  });

  it('answers a well-formed empty table for a range without traffic', async () => {
    const [frame] = await queryFrames(p, {
      ...range(),
      from: seed.dayStart - 10 * DAY,
      to: seed.dayStart - 9 * DAY,
      dimension: 'exit_page',
    });
    expect(columns(frame!)).toEqual({
      value: [],
      visitors: [],
      page_views: [],
      sessions: [],
      bounce_rate: [],
    });
  });
});
