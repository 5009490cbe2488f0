/**
 * GET /api/v1/projects/:id/values/:kind against a real processor: distinct values with counts for
 * template variables, computed here from the seeded page views and custom events.
 */
import type { RunningProcessor } from '../src/processor';
import type { CustomEventRow, PageViewRow } from '../src/store/rows';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { customEventRow, groupRows, minuteAgo, pageView, type At } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
let otherProject: string;
const NOW = minuteAgo(0);
const DAY = 86400_000;

const views: PageViewRow[] = [];
const events: CustomEventRow[] = [];
let oldView: PageViewRow;

type Values = { values: Array<{ value: string; count: number }>; error?: string; issues?: unknown[] };

async function values(
  path: string,
  token = ADMIN_TOKEN,
  id = project,
): Promise<{ status: number; body: Values }> {
  const res = await fetch(`${p.url}/api/v1/projects/${id}/values/${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Values };
}

/** Expected `{value, count}` list: non-empty values, most frequent first, then by value. */
function counted<T>(rows: readonly T[], value: (row: T) => string | undefined) {
  const present = rows.filter((r) => (value(r) ?? '') !== '');
  return [...groupRows(present, (r) => value(r)!).entries()]
    .map(([v, rs]) => ({ value: v, count: rs.length }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  otherProject = (await createProject(p.url)).id;
  const at = (hoursAgo: number, extra: Partial<At>): At => ({
    atMs: NOW - hoursAgo * 3600_000,
    project_id: project,
    ...extra,
  });
  const seed: Array<[number, Partial<At>]> = [
    [
      1,
      {
        release: '1.0.0',
        route: '/',
        browser_name: 'Chrome',
        os_name: 'macOS',
        device_type: 'desktop',
        country: 'DE',
      },
    ],
    [
      2,
      {
        release: '1.0.0',
        route: '/',
        browser_name: 'Chrome',
        os_name: 'Windows',
        device_type: 'desktop',
        country: 'DE',
      },
    ],
    [
      3,
      {
        release: '1.0.0',
        route: '/cart',
        browser_name: 'Firefox',
        os_name: 'Windows',
        device_type: 'desktop',
        country: 'FR',
      },
    ],
    [
      30,
      {
        release: '1.1.0-beta',
        route: '/cart',
        browser_name: 'Safari',
        os_name: 'iOS',
        device_type: 'mobile',
        country: 'FR',
      },
    ],
    [
      50,
      {
        release: '1.1.0-beta',
        route: '/products/:id',
        browser_name: 'Safari',
        os_name: 'iOS',
        device_type: 'mobile',
        country: '',
      },
    ],
    [
      70,
      {
        release: '2.0.0-BETA',
        route: '/',
        browser_name: 'Chrome',
        os_name: 'Android',
        device_type: 'mobile',
        country: 'US',
        environment: 'staging',
      },
    ],
    [
      100,
      {
        release: '1.0.0',
        route: '/checkout',
        browser_name: 'Edge',
        os_name: 'Windows',
        device_type: 'desktop',
        country: 'US',
      },
    ],
  ];
  views.push(...seed.map(([h, extra]) => pageView(at(h, extra))));
  oldView = pageView(at(8 * 24, { release: '0.9.0', route: '/old' }));
  const bot = pageView(at(1, { release: 'bot-release', is_bot: 1 }));
  const elsewhere = pageView({ ...at(1, { release: 'other-project-release' }), project_id: otherProject });
  await insertRows(p, 'page_views', [...views, oldView, bot, elsewhere]);
  const ev = (h: number, name: string, properties: Record<string, string>) =>
    customEventRow(at(h, {}), { name, properties });
  events.push(
    ev(1, 'checkout', { plan: 'pro', coupon: 'SPRING' }),
    ev(2, 'checkout', { plan: 'pro' }),
    ev(3, 'checkout', { plan: 'free' }),
    ev(4, 'signup', { plan: 'Pro trial', source: 'ad' }),
    ev(5, 'signup', { source: 'organic' }),
    ev(6, 'search', { query: 'shoes' }),
  );
  await insertRows(p, 'custom_events', events);
  // Made before any query runs: in the embedded engine a query's read-only setting currently
  // outlives the query (reported to the lead), and making a token writes.
  tokens.other = await readToken([otherProject]);
  tokens.own = await readToken([project]);
});

const tokens = { other: '', own: '' };

async function readToken(projects: string[]): Promise<string> {
  const res = await fetch(`${p.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'values-test', scope: 'read', projects }),
  });
  if (res.status !== 201) throw new Error(`make token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
afterAll(() => p.stop());

describe('values', () => {
  it.each([
    ['releases', (r: PageViewRow) => r.release],
    ['environments', (r: PageViewRow) => r.environment],
    ['routes', (r: PageViewRow) => r.route],
    ['browsers', (r: PageViewRow) => r.browser_name],
    ['os', (r: PageViewRow) => r.os_name],
    ['devices', (r: PageViewRow) => r.device_type],
    ['countries', (r: PageViewRow) => r.country],
  ] as const)(
    'lists %s of the last 7 days, most frequent first, without bots or empty values',
    async (kind, value) => {
      const { status, body } = await values(kind);
      expect(status).toBe(200);
      expect(body.values).toEqual(counted(views, value));
    },
  );

  it('searches case-insensitively and limits', async () => {
    const beta = await values('releases?search=beta');
    expect(beta.body.values).toEqual(
      counted(views, (r) => (/beta/i.test(r.release) ? r.release : undefined)),
    );
    expect(beta.body.values.map((v) => v.value).sort()).toEqual(['1.1.0-beta', '2.0.0-BETA']);
    const top = await values('routes?limit=1');
    expect(top.body.values).toEqual(counted(views, (r) => r.route).slice(0, 1));
  });

  it('reads any range given, as epoch ms or ISO dates', async () => {
    const from = NOW - 9 * DAY;
    const withOld = await values(`releases?from=${from}&to=${NOW + 60_000}`);
    expect(withOld.body.values).toEqual(counted([...views, oldView], (r) => r.release));
    const lastDay = await values(
      `releases?from=${new Date(NOW - DAY).toISOString()}&to=${new Date(NOW + 60_000).toISOString()}`,
    );
    expect(lastDay.body.values).toEqual(
      counted(
        views.filter((r) => Number(r.timestamp) * 1000 >= NOW - DAY),
        (r) => r.release,
      ),
    );
  });

  it('lists custom event names, property keys and property values', async () => {
    expect((await values('event_names')).body.values).toEqual(counted(events, (e) => e.name));
    const allKeys = events.flatMap((e) => Object.keys(e.properties).map((key) => ({ key })));
    expect((await values('property_keys')).body.values).toEqual(counted(allKeys, (k) => k.key));
    const signupKeys = events
      .filter((e) => e.name === 'signup')
      .flatMap((e) => Object.keys(e.properties).map((key) => ({ key })));
    expect((await values('property_keys?event=signup')).body.values).toEqual(
      counted(signupKeys, (k) => k.key),
    );
    expect((await values('property_values?key=plan')).body.values).toEqual(
      counted(events, (e) => e.properties.plan),
    );
    const proPlans = await values('property_values?key=plan&event=checkout&search=PRO');
    expect(proPlans.body.values).toEqual(
      counted(
        events.filter((e) => e.name === 'checkout'),
        (e) => (/pro/i.test(e.properties.plan ?? '') ? e.properties.plan : undefined),
      ),
    );
  });

  it('answers 400 for an unknown kind, a bad query string or a missing key', async () => {
    const unknown = await values('languages');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain(
      'releases, environments, routes, browsers, os, devices, countries, event_names',
    );
    const badLimit = await values('releases?limit=5000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toMatch(/^invalid query parameters: limit: /);
    const extra = await values('releases?project=x');
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/project/);
    const backwards = await values(`releases?from=${NOW}&to=${NOW - DAY}`);
    expect(backwards).toEqual({ status: 400, body: { error: 'from must be before to' } });
    const noKey = await values('property_values');
    expect(noKey.status).toBe(400);
    expect(noKey.body.error).toMatch(/needs key/);
  });

  it("answers 404 to a token limited to another project, and serves the project's own token", async () => {
    const denied = await values('releases', tokens.other);
    expect(denied.status).toBe(404);
    expect(denied.body.values).toBeUndefined();
    const own = await values('releases', tokens.other, otherProject);
    expect(own.body.values).toEqual([{ value: 'other-project-release', count: 1 }]);
    expect((await values('releases', tokens.own)).body.values).toEqual(counted(views, (r) => r.release));
    expect((await values('releases', ADMIN_TOKEN, 'no-such-project')).status).toBe(404);
    const anonymous = await fetch(`${p.url}/api/v1/projects/${project}/values/releases`);
    expect(anonymous.status).toBe(401);
  });
});
