import { matches, resolveConfig, scrubUrl } from './config';

describe('scrubUrl', () => {
  it.each([
    ['https://a.test/p', [], 'https://a.test/p'],
    ['https://a.test/p?token=abc&utm_source=news', [], 'https://a.test/p?token=[Filtered]&utm_source=news'],
    ['https://a.test/p?q=shoes&page=2#top', ['q'], 'https://a.test/p?q=shoes&page=[Filtered]#top'],
    ['https://a.test/p?flag&email=a%40b.c', [], 'https://a.test/p?flag&email=[Filtered]'],
    // Hash routers carry their query after the #: scrubbed the same way.
    ['https://a.test/#/route?secret=1', [], 'https://a.test/#/route?secret=[Filtered]'],
    ['/relative?id=7', ['id'], '/relative?id=7'],
  ])('%s (allowed %j)', (url, allowed, expected) => expect(scrubUrl(url, allowed)).toBe(expected));
});

describe('resolveConfig', () => {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  beforeEach(() => (warnings.length = 0));

  it.each([
    ['not a URL', 'nonsense'],
    ['another scheme', 'ftp://x.test'],
    ['missing', undefined],
  ])('refuses an endpoint that is %s, saying what to pass', (_what, endpoint) => {
    expect(resolveConfig({ endpoint } as never, warn)).toBeUndefined();
    expect(warnings[0]).toMatch(/endpoint .* is not an http\(s\) URL: pass/);
  });

  it.each([
    ['https://otel.test', 'https://otel.test/v1/traces'],
    ['https://otel.test/', 'https://otel.test/v1/traces'],
    ['https://otel.test/ingest/v1/traces', 'https://otel.test/ingest/v1/traces'],
    ['http://localhost:4318/base', 'http://localhost:4318/base/v1/traces'],
  ])('derives the traces URL from %s', (endpoint, tracesUrl) => {
    expect(resolveConfig({ endpoint, key: 'pt_x' }, warn)?.tracesUrl).toBe(tracesUrl);
    expect(warnings).toEqual([]);
  });

  it('warns about and replaces bad values, keeping good ones', () => {
    const c = resolveConfig(
      {
        endpoint: 'https://o.test',
        key: 'nope',
        sampleRate: 3,
        batchSize: 10,
        beforeSend: 'x',
        colour: 'red',
      } as never,
      warn,
    )!;
    expect(c.sampleRate).toBe(1);
    expect(c.batchSize).toBe(10);
    expect(c.beforeSend).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/sampleRate must be a number from 0 to 1; using 1/);
    expect(warnings.join('\n')).toMatch(/unknown option "colour"/);
    expect(warnings.join('\n')).toMatch(/key does not look like a PulseTrace ingest key/);
    expect(warnings.join('\n')).toMatch(/beforeSend must be a function/);
  });

  it('fills the defaults the docs promise', () => {
    const c = resolveConfig({ endpoint: 'https://o.test' }, warn)!;
    expect(c).toMatchObject({
      service: 'web',
      sampleRate: 1,
      batchDelayMs: 2000,
      batchSize: 50,
      sessionIdleTimeoutMs: 900_000,
      sessionMaxDurationMs: 14_400_000,
      breadcrumbs: { maxBreadcrumbs: 50, console: ['warn', 'error'], clicks: true },
    });
  });
});

describe('matches', () => {
  it('treats strings as substrings and RegExps as tests', () => {
    expect(matches('ResizeObserver loop limit exceeded', ['ResizeObserver'])).toBe(true);
    expect(matches('Script error.', [/^Script error\.?$/])).toBe(true);
    expect(matches('TypeError: x', ['ResizeObserver', /^Script/])).toBe(false);
  });
});
