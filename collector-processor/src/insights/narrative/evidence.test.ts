import { evidencePack, stripUrlQueries } from './evidence';
import { candidate } from './testkit';

describe('stripUrlQueries', () => {
  it.each([
    ['https://shop.example.com/checkout?email=a@b.c&x=1', 'https://shop.example.com/checkout'],
    ['https://shop.example.com/app#/orders/42?tab=2', 'https://shop.example.com/app'],
    ['Slow on /search?q=private+words in Chrome', 'Slow on /search in Chrome'],
    ['script //cdn.example.com/a.js?v=3 blocks', 'script //cdn.example.com/a.js blocks'],
    ['Why did LCP move? Nobody knows.', 'Why did LCP move? Nobody knows.'],
    ['route /checkout', 'route /checkout'],
    [
      'a/b?c (a relative path without a leading slash is not a URL)',
      'a/b?c (a relative path without a leading slash is not a URL)',
    ],
  ])('%s', (input, expected) => expect(stripUrlQueries(input)).toBe(expected));
});

describe('evidencePack', () => {
  it('carries the aggregates, rounded, and no query bodies', () => {
    const { pack, json } = evidencePack(candidate());
    expect(pack).toMatchObject({
      kind: 'release_regression',
      metric: 'web_vital.LCP.p75',
      scope: { route: '/checkout' },
      startedAt: '2026-12-01T10:00:00.000Z',
      release: '1.4.2',
      previousRelease: '1.4.1',
      affectedSessions: 1840,
      deltas: [{ metric: 'LCP p75', value: 3180, baseline: 2410, interval: [2950, 3400], unit: 'ms' }],
      deploys: [{ release: '1.4.2', environment: 'production', at: '2026-12-01T09:58:00.000Z' }],
      relatedIssues: 1,
      hypothesesOmitted: 0,
    });
    expect(pack.hypotheses.map((h) => [h.rank, h.score])).toEqual([
      [1, 0.82],
      [2, 0.41],
    ]);
    expect(pack.hypotheses[0].evidence[0]).toEqual({
      explanatoryPower: 0.82,
      surprise: 0.31,
      baseline: 2390,
      current: 3620,
      interval: [3400, 3810],
    });
    expect(json).not.toContain('queryType');
    expect(evidencePack(candidate({ affectedUsers: 1234.5678 })).pack.affectedUsers).toBe(1235);
  });

  // Each case puts something the ingest scrubber would remove (or a URL query) into a field the
  // pack carries; none of it may reach the JSON that is sent.
  it.each<[string, Parameters<typeof candidate>[0], string[], string[]]>([
    [
      'query string and fragment in the title',
      { title: 'Errors on https://shop.example.com/pay?session=abc123secret&ref=mail#card' },
      ['?', 'abc123secret', 'ref=mail', '#card'],
      ['https://shop.example.com/pay'],
    ],
    [
      'e-mail in a scope value',
      { scope: { route: '/users/jane.doe@example.com/orders' } },
      ['jane.doe@example.com'],
      ['/users/[email]/orders'],
    ],
    [
      'a secret key in the scope',
      {
        scope: {
          'http.request.header.authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
        },
      },
      ['eyJhbGciOiJIUzI1NiJ9'],
      [],
    ],
    [
      'card number and e-mail in a hypothesis title and evidence string',
      {
        hypotheses: [
          {
            title: 'message = payment 4111 1111 1111 1111 declined for bob@example.org',
            score: 0.9,
            evidence: [
              {
                segment: 'user bob@example.org',
                url: 'https://api.example.com/v1/pay?card=4111111111111111',
              },
            ],
            queries: [],
          },
        ],
      },
      ['4111', 'bob@example.org', 'card='],
      ['[creditcard]', '[email]', 'https://api.example.com/v1/pay'],
    ],
    [
      'release and deploy environment',
      {
        release: '2.0.0+build.ops@example.com',
        links: { deploys: [{ release: 'r', environment: 'prod token=hunter2', at: 0 }], issues: [] },
      },
      ['ops@example.com', 'hunter2'],
      [],
    ],
  ])('%s', (_name, overrides, absent, present) => {
    const { json } = evidencePack(candidate(overrides));
    for (const s of absent) expect(json).not.toContain(s);
    for (const s of present) expect(json).toContain(s);
  });

  it('drops lower-ranked hypotheses first to stay within the byte bound', () => {
    const hypotheses = Array.from({ length: 30 }, (_, i) => ({
      title: `route = /page-${i} ${'x'.repeat(150)}`,
      score: 1 - i / 30,
      evidence: [{ explanatoryPower: 0.5, current: i }],
      queries: [],
    }));
    const { pack, bytes } = evidencePack(candidate({ hypotheses }), { maxBytes: 2048 });
    expect(bytes).toBeLessThanOrEqual(2048);
    expect(pack.hypotheses.length).toBeGreaterThan(0);
    expect(pack.hypotheses.map((h) => h.rank)).toEqual(pack.hypotheses.map((_, i) => i + 1));
    expect(pack.hypothesesOmitted).toBe(30 - pack.hypotheses.length);
    // Unbounded, every hypothesis is there.
    expect(evidencePack(candidate({ hypotheses }), { maxBytes: 1e6 }).pack.hypotheses).toHaveLength(30);
  });

  it('bounds every string', () => {
    const { pack } = evidencePack(candidate({ title: 'T'.repeat(5000) }));
    expect(pack.title.length).toBe(200);
  });

  it('applies the project scrubbing settings when given', () => {
    const scrubbing = {
      customRules: [{ pattern: 'ACME-\\d+', placeholder: '[order]' }],
      denyKeys: ['tenant'],
      allowKeys: [],
    };
    const { json } = evidencePack(
      candidate({ title: 'Order ACME-1234 failed', scope: { tenant: 'globex' } }),
      { scrubbing },
    );
    expect(json).not.toContain('ACME-1234');
    expect(json).not.toContain('globex');
  });
});
