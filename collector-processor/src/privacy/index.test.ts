import type { Project } from '../projects/project-store';
import { ProjectSettingsSchema } from '../projects/settings';
import { emptyRumRows, type ErrorRow, type PageViewRow, type RumRows } from '../store/rows';
import { commonRow, customEvent } from '../../test/helpers/rows';
import { scrub } from './index';

function project(settings: object = {}): Project {
  return {
    id: 'ptest',
    name: 'shop',
    environment: 'production',
    allowedOrigins: [],
    ingestKeys: [],
    retentionDays: 30,
    sampleRate: 1,
    rateLimitPerSecond: 1000,
    settings: ProjectSettingsSchema.parse(settings),
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
  };
}

const ctx = (settings?: object) => ({ project: project(settings), receivedAtMs: 0, client: {} });

function errorRow(over: Partial<ErrorRow> = {}): ErrorRow {
  const file = 'https://shop.example/assets/app.js?token=abc';
  return {
    ...commonRow({ event_id: 'e1', user_id: 'alice@example.com', session_id: 'alice@example.com' }),
    exception_type: 'TypeError',
    exception_message: 'no account for alice@example.com',
    stacktrace: `TypeError: no account for alice@example.com\n    at f (${file}:1:2)`,
    'frames.filename': [file, 'file:///Users/alice/app.js'],
    'frames.function': ['f', 'g'],
    'frames.lineno': [1, 2],
    'frames.colno': [2, 3],
    'frames.in_app': [1, 1],
    'frames.abs_path': [file, 'file:///Users/alice/app.js'],
    'frames.raw_lineno': [1, 2],
    'frames.raw_colno': [2, 3],
    'frames.raw_function': ['f', 'g'],
    'frames.context': [JSON.stringify({ pre: ['const password = "hunter2";'], line: 'f()', post: [] }), ''],
    'frames.symbolicated': [1, 0],
    symbolication: 'partial',
    handled: 1,
    mechanism: 'manual',
    fingerprint: 'fp',
    fingerprint_version: 1,
    grouping: '',
    causes: JSON.stringify([{ type: 'Error', message: 'for bob@example.com', stacktrace: '' }]),
    breadcrumbs: JSON.stringify([{ category: 'http', data: { url: 'https://api.example/x?api_key=k1' } }]),
    ...over,
  };
}

function pageView(over: Partial<PageViewRow> = {}): PageViewRow {
  return {
    ...commonRow({
      event_id: 'p1',
      url: 'https://shop.example/welcome?email=alice%40example.com&utm_term=alice%40example.com',
    }),
    title: 'Welcome alice@example.com',
    referrer: 'https://bob:pw@mail.example/inbox',
    referrer_host: 'mail.example',
    utm_source: 'news',
    utm_medium: 'email',
    utm_campaign: '',
    utm_term: 'alice@example.com',
    utm_content: '',
    navigation_type: 'navigate',
    is_soft_navigation: 0,
    dns_ms: 0,
    tcp_ms: 0,
    tls_ms: 0,
    ttfb_ms: 0,
    dom_interactive_ms: 0,
    dom_content_loaded_ms: 0,
    load_ms: 0,
    duration_ms: 0,
    ...over,
  };
}

function rows(over: Partial<RumRows>): RumRows {
  return { ...emptyRumRows(), ...over };
}

describe('scrub stage', () => {
  it('scrubs every PII-carrying column of an error row', async () => {
    const out = (await scrub(rows({ errors: [errorRow()] }), ctx())).errors[0];
    expect(out).toMatchObject({
      exception_message: 'no account for [email]',
      stacktrace:
        'TypeError: no account for [email]\n    at f (https://shop.example/assets/app.js?token=[secret]:1:2)',
      'frames.filename': ['https://shop.example/assets/app.js?token=[secret]', 'file:///Users/[user]/app.js'],
      'frames.abs_path': ['https://shop.example/assets/app.js?token=[secret]', 'file:///Users/[user]/app.js'],
      'frames.context': [
        JSON.stringify({ pre: ['const password = "[secret]";'], line: 'f()', post: [] }),
        '',
      ],
      causes: JSON.stringify([{ type: 'Error', message: 'for [email]', stacktrace: '' }]),
      breadcrumbs: JSON.stringify([
        { category: 'http', data: { url: 'https://api.example/x?api_key=[secret]' } },
      ]),
    });
  });

  it('never touches ids, fingerprints, user agent or numbers', async () => {
    const row = errorRow({ user_agent: 'Mozilla/5.0 Chrome/120.0.0.0 from 203.0.113.7', release: 'a@b.co' });
    const out = (await scrub(rows({ errors: [row] }), ctx())).errors[0];
    for (const column of [
      'user_id',
      'session_id',
      'user_agent',
      'release',
      'fingerprint',
      'frames.lineno',
    ] as const)
      expect(out[column]).toEqual(row[column]);
  });

  // `exception.type` is whatever the sender set (a thrown object's `name`): value patterns only.
  it('scrubs an email out of exception_type and keeps a class name', async () => {
    const out = await scrub(
      rows({ errors: [errorRow({ exception_type: 'NoUser alice@example.com' }), errorRow()] }),
      ctx(),
    );
    expect(out.errors.map((e) => e.exception_type)).toEqual(['NoUser [email]', 'TypeError']);
  });

  it('scrubs page views: URL, referrer, title and the utm copies of URL values', async () => {
    const out = (await scrub(rows({ page_views: [pageView()] }), ctx())).page_views[0];
    expect(out).toMatchObject({
      url: 'https://shop.example/welcome?email=[email]&utm_term=[email]',
      referrer: 'https://[urlauth]@mail.example/inbox',
      referrer_host: 'mail.example',
      title: 'Welcome [email]',
      utm_term: '[email]',
      utm_source: 'news',
    });
  });

  it('scrubs maps of every table by key and by value', async () => {
    const attrs = { 'session.id': 's1', password: 'p', note: 'ip 203.0.113.7' };
    const out = await scrub(
      rows({
        custom_events: [
          customEvent('c1', { attributes: attrs, properties: { card: '4111 1111 1111 1111' } }),
        ],
      }),
      ctx(),
    );
    expect(out.custom_events[0].attributes).toEqual({
      'session.id': 's1',
      password: '[secret]',
      note: 'ip [ip]',
    });
    expect(out.custom_events[0].properties).toEqual({ card: '[creditcard]' });
  });

  it.each([
    [
      'http_requests',
      {
        http_url: 'https://api.example/u?email=a%40b.co',
        url_template: '/u/a@b.co',
        error_type: 'fetch failed for a@b.co',
      },
      {
        http_url: 'https://api.example/u?email=[email]',
        url_template: '/u/[email]',
        error_type: 'fetch failed for [email]',
      },
    ],
    [
      'long_tasks',
      { script_url: 'https://x.example/a.js?token=t1', invoker: 'https://x.example/cb?api_key=k' },
      {
        script_url: 'https://x.example/a.js?token=[secret]',
        invoker: 'https://x.example/cb?api_key=[secret]',
      },
    ],
    [
      'resources',
      { resource_url: 'https://bob:pw@cdn.example/a.png' },
      { resource_url: 'https://[urlauth]@cdn.example/a.png' },
    ],
    [
      'web_vitals',
      { attribution: { element: 'img.avatar[alt="a@b.co"]', url: 'https://x.example/?ssn=123-45-6789' } },
      { attribution: { element: 'img.avatar[alt="[email]"]', url: 'https://x.example/?ssn=[secret]' } },
    ],
  ] as const)('scrubs the columns of %s', async (table, columns, want) => {
    const row = { ...commonRow({ event_id: 'x' }), ...columns };
    const out = await scrub(rows({ [table]: [row] }), ctx());
    expect(out[table][0]).toMatchObject(want);
  });

  it.each([
    [
      'custom regex',
      { scrubbing: { customRules: [{ pattern: 'ORD-\\d+', placeholder: '[order]' }] } },
      { ref: 'ORD-42' },
      { ref: '[order]' },
    ],
    [
      'denyKeys',
      { scrubbing: { denyKeys: ['plan'] } },
      { plan: 'pro', 'plan.tier': 'gold' },
      { plan: '[filtered]', 'plan.tier': '[filtered]' },
    ],
    [
      'allowKeys',
      { scrubbing: { allowKeys: ['csrf_token'] } },
      { csrf_token: 'abc', api_token: 'x' },
      { csrf_token: 'abc', api_token: '[secret]' },
    ],
    [
      'allowKeys still check values',
      { scrubbing: { allowKeys: ['password'] } },
      { password: 'a@b.co' },
      { password: '[email]' },
    ],
  ])('applies the project setting: %s', async (_n, settings, properties, want) => {
    const out = await scrub(rows({ custom_events: [customEvent('c1', { properties })] }), ctx(settings));
    expect(out.custom_events[0].properties).toEqual(want);
  });

  it('returns the same rows object when nothing is sensitive', async () => {
    const input = rows({
      custom_events: [customEvent('c1', { properties: { plan: 'pro' } })],
      page_views: [pageView({ url: 'https://shop.example/', title: 'Home', referrer: '', utm_term: '' })],
    });
    const out = await scrub(input, ctx());
    expect(out).toBe(input);
  });

  it('copies only the rows that change', async () => {
    const clean = customEvent('c1');
    const dirty = customEvent('c2', { properties: { email: 'a@b.co' } });
    const input = rows({ custom_events: [clean, dirty] });
    const out = await scrub(input, ctx());
    expect(out.custom_events[0]).toBe(clean);
    expect(out.custom_events[1]).not.toBe(dirty);
    expect(dirty.properties.email).toBe('a@b.co'); // the input row is not mutated
  });
});
