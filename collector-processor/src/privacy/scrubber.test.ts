import { ScrubbingSettingsSchema, defaultSettings } from '../projects/settings';
import { Scrubber, scrubberFor } from './scrubber';

const defaults = new Scrubber(defaultSettings().scrubbing);
const settings = (over: object) => ScrubbingSettingsSchema.parse(over);

describe('text: value patterns, then key=value pairs', () => {
  it.each([
    ['Login failed: password=hunter2 user=bob', 'Login failed: password=[secret] user=bob'],
    ['{"token": "abc123", "user": "x"}', '{"token": "[secret]", "user": "x"}'],
    ["config {api_key: 'k-123', debug: true}", "config {api_key: '[secret]', debug: true}"],
    ['JSON {\\"password\\":\\"hunter2\\"} escaped', 'JSON {\\"password\\":\\"[secret]\\"} escaped'],
    ['Authorization: Token abc123def', 'Authorization: [secret]'],
    ['Authorization: Bearer abc123def456', 'Authorization: [bearer]'],
    [
      'at render (https://shop.example/app.js?token=abc&v=2:1:2048)',
      'at render (https://shop.example/app.js?token=[secret]&v=2:1:2048)',
    ],
    ['const password = getPassword();', 'const password = [secret]();'],
    ['mail alice@example.com, password: hunter2', 'mail [email], password: [secret]'],
    // URLs inside text get the URL rules: parameters are decoded before the patterns run.
    [
      'at f (https://shop.example/a.js?q=card%204111%201111%201111%201111:1:2)',
      'at f (https://shop.example/a.js?q=card%20[creditcard]:1:2)',
    ],
    [
      'at f (https://shop.example/a.js?session_key=abc:1:2)',
      'at f (https://shop.example/a.js?session_key=[secret]:1:2)',
    ],
    [
      'GET https://shop.example/s?q=call%20CHARLIE%40EXAMPLE.NET failed',
      'GET https://shop.example/s?q=call%20[email] failed',
    ],
    // A URL's host names the server, not the visitor; other IPs go.
    [
      'connect to http://10.0.0.5:8080/api failed from 203.0.113.5',
      'connect to http://10.0.0.5:8080/api failed from [ip]',
    ],
    // Precision: nothing sensitive by name or by value.
    ['if (token === expected) return', 'if (token === expected) return'],
    ['Error: Request failed with status code 500', 'Error: Request failed with status code 500'],
    ['session.id=0d1e30c4b520bdc56cf601e83096848c', 'session.id=0d1e30c4b520bdc56cf601e83096848c'],
    ['author: Jane, tokens: 1200', 'author: Jane, tokens: 1200'],
  ])('%j → %j', (input, want) => expect(defaults.text(input)).toBe(want));
});

describe('json: string leaves and key names, by key and by value', () => {
  it('scrubs breadcrumbs and keeps what is not sensitive', () => {
    const crumbs = [
      { category: 'console', message: 'login as alice@example.com', timestamp: 1 },
      {
        category: 'http',
        data: { url: 'https://api.example/x?api_key=k1&page=2', method: 'GET', status_code: 200 },
      },
      {
        category: 'custom',
        data: { Authorization: 'Token abc', password: { nested: 'x' }, ok: true, none: null },
      },
    ];
    expect(JSON.parse(defaults.json(JSON.stringify(crumbs)))).toEqual([
      { category: 'console', message: 'login as [email]', timestamp: 1 },
      {
        category: 'http',
        data: { url: 'https://api.example/x?api_key=[secret]&page=2', method: 'GET', status_code: 200 },
      },
      { category: 'custom', data: { Authorization: '[secret]', password: '[secret]', ok: true, none: null } },
    ]);
  });

  it('scrubs PII in key names', () => {
    expect(defaults.json('{"alice@example.com":1}')).toBe('{"[email]":1}');
  });

  it.each([
    '[{"category":"click","message":"button#buy","timestamp":1}]',
    '{ "pre": ["a"],  "line": "x", "post": [] }', // unchanged documents keep their bytes
    '[]',
  ])('returns unchanged JSON byte for byte: %s', (doc) => expect(defaults.json(doc)).toBe(doc));

  it('scrubs unparseable JSON as text', () => {
    expect(defaults.json('[{"message":"alice@example.com"')).toBe('[{"message":"[email]"');
  });

  it('bounds recursion on deeply nested documents', () => {
    const deep = '['.repeat(5000) + '"alice@example.com"' + ']'.repeat(5000);
    expect(defaults.json(deep)).not.toContain('alice@example.com');
  });
});

describe('map: attributes, properties, attribution', () => {
  it('replaces by key, scrubs by value, and returns the same object when unchanged', () => {
    const clean = { 'session.id': 'abc', plan: 'pro', 'http.response.status_code': '200' };
    expect(defaults.map(clean)).toBe(clean);
    expect(
      defaults.map({
        'user.password': 'x',
        note: 'mail me at a.b@example.org',
        link: 'https://shop.example/r?email=a%40b.co',
        payload: '{"token":"t1","n":2}',
        'alice@example.com': 'v',
        empty_secret: '',
        api_token: '[Filtered]', // a sender's placeholder is kept
      }),
    ).toEqual({
      'user.password': '[secret]',
      note: 'mail me at [email]',
      link: 'https://shop.example/r?email=[email]',
      payload: '{"token":"[secret]","n":2}',
      '[email]': 'v',
      empty_secret: '',
      api_token: '[Filtered]',
    });
  });
});

describe('project settings', () => {
  const s = new Scrubber(
    settings({
      customRules: [
        { name: 'order ids', pattern: 'ORD-\\d+', placeholder: '[order]' },
        { pattern: 'tenant-[a-z]+', flags: 'i' },
        { pattern: '(?=q)' }, // matches only the empty string: must not insert placeholders
      ],
      denyKeys: ['internal'],
      allowKeys: ['token_type'],
    }),
  );
  it.each([
    ['text', () => s.text('Order ORD-12345 for TENANT-Acme failed'), 'Order [order] for [redacted] failed'],
    [
      'url (whole URL, host included)',
      () => s.url('https://tenant-acme.example/o/ORD-9?x=ORD-10'),
      'https://[redacted].example/o/[order]?x=[order]',
    ],
    ['route', () => s.patterns('/orders/ORD-77'), '/orders/[order]'],
    [
      'denyKeys in maps',
      () => s.map({ internal_ref: 'v', plan: 'pro' }),
      { internal_ref: '[filtered]', plan: 'pro' },
    ],
    [
      'allowKeys in maps',
      () => s.map({ token_type: 'Bearer', access_token: 't' }),
      { token_type: 'Bearer', access_token: '[secret]' },
    ],
    ['denyKeys in text', () => s.text('internal_ref=abc ok=1'), 'internal_ref=[filtered] ok=1'],
    [
      'denyKeys in URLs',
      () => s.url('https://x.example/?internalId=5&a=1'),
      'https://x.example/?internalId=[filtered]&a=1',
    ],
    ['defaults still apply', () => s.text('mail bob@example.com'), 'mail [email]'],
  ])('%s', (_n, run, want) => expect(run()).toEqual(want));

  it('compiles once per settings object', () => {
    const a = settings({ customRules: [{ pattern: 'x' }] });
    expect(scrubberFor(a)).toBe(scrubberFor(a));
    expect(scrubberFor(a)).not.toBe(scrubberFor(settings({ customRules: [{ pattern: 'x' }] })));
  });
});
