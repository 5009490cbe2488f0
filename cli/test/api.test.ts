import {
  describeHttpError,
  describeNetworkError,
  joinUrl,
  releasePath,
  type RequestContext,
} from '../src/api';

const ctx: RequestContext = {
  url: 'http://pt:4318',
  method: 'POST',
  path: '/api/v1/projects/p1/releases',
  scope: 'write',
};

describe('describeHttpError', () => {
  it.each<[string, number, unknown, RequestContext, RegExp[]]>([
    [
      '401 names the env var and token',
      401,
      { error: 'send Authorization: Bearer <token>' },
      ctx,
      [/needs a token/, /PULSETRACE_TOKEN/, /--token/, /PULSETRACE_WRITE_TOKEN/],
    ],
    [
      '403 for projects needs admin',
      403,
      { error: 'this token may not administer projects' },
      { ...ctx, scope: 'admin' },
      [/refused/, /PULSETRACE_TOKEN/, /admin token/, /administer projects/],
    ],
    [
      '400 lists the issues',
      400,
      { error: 'invalid request body', issues: [{ path: 'version', message: 'Required' }] },
      ctx,
      [/HTTP 400: invalid request body/, /\n {2}- version: Required/],
    ],
    [
      '404 for a missing project',
      404,
      { error: 'no project p1' },
      ctx,
      [/HTTP 404: no project p1/, /pulsetrace projects list/],
    ],
    [
      '404 for a missing route',
      404,
      { error: 'not found: OTLP goes to POST /v1/traces or /v1/logs, the API is under /api/v1' },
      ctx,
      [/has no POST \/api\/v1\/projects\/p1\/releases/, /PULSETRACE_URL/],
    ],
    [
      '404 for a missing route, as processors since #14 say it',
      404,
      { error: 'no route POST /api/v1/projects/p1/releases: did you mean GET /api/v1/projects/p1/releases?' },
      ctx,
      [/has no POST \/api\/v1\/projects\/p1\/releases/, /PULSETRACE_URL/],
    ],
    [
      '405: the path takes other methods',
      405,
      { error: '/api/v1/projects/{id}/releases takes GET, not POST' },
      ctx,
      [/has no POST \/api\/v1\/projects\/p1\/releases/, /PULSETRACE_URL/],
    ],
    ['413 says what to lower', 413, { error: 'too large' }, ctx, [/--batch-mb/]],
    ['500 points at the logs', 500, { error: 'internal error' }, ctx, [/processor's logs|its logs/]],
    ['a non-JSON body', 502, '<html>Bad Gateway</html>', ctx, [/HTTP 502: <html>Bad Gateway<\/html>/]],
    ['an empty body', 503, undefined, ctx, [/HTTP 503: no error message/]],
  ])('%s', (_name, status, body, c, expected) => {
    const text = describeHttpError(status, body, c);
    for (const re of expected) expect(text).toMatch(re);
  });
  it('says each issue once when the processor already put it in its error sentence', () => {
    const body = {
      error: 'invalid request body: version: required: expected string; colour: unknown field',
      issues: [
        { path: 'version', message: 'required: expected string' },
        { path: 'colour', message: 'unknown field' },
        { path: 'extra', message: 'only in issues' },
      ],
    };
    const text = describeHttpError(400, body, ctx);
    expect(text.match(/version: required/g)).toHaveLength(1);
    expect(text.match(/colour: unknown field/g)).toHaveLength(1);
    expect(text).toMatch(/\n {2}- extra: only in issues/);
  });
});

describe('describeNetworkError', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'connection refused',
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      /ECONNREFUSED/,
    ],
    [
      'unknown host',
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }),
      /ENOTFOUND/,
    ],
    ['no cause', new Error('socket hang up'), /socket hang up/],
  ])('%s', (_name, err, re) => {
    const text = describeNetworkError(err, 'http://pt:9');
    expect(text).toMatch(re);
    expect(text).toContain('http://pt:9');
    expect(text).toContain('PULSETRACE_URL');
  });
});

describe('paths', () => {
  it.each<[string, string | undefined, string[], string]>([
    ['p1', undefined, [], '/api/v1/projects/p1/releases'],
    ['p1', '1.2.3', ['finalize'], '/api/v1/projects/p1/releases/1.2.3/finalize'],
    [
      'p1',
      'web@1.0.0+build/7',
      ['sourcemaps'],
      '/api/v1/projects/p1/releases/web%401.0.0%2Bbuild%2F7/sourcemaps',
    ],
  ])('releasePath(%s, %s)', (project, version, rest, expected) =>
    expect(releasePath(project, version, ...rest)).toBe(expected),
  );

  it.each([
    ['http://pt:4318', 'http://pt:4318/api/v1/projects'],
    ['http://pt:4318/', 'http://pt:4318/api/v1/projects'],
    ['https://proxy.test/pulsetrace/', 'https://proxy.test/pulsetrace/api/v1/projects'],
  ])('joinUrl(%s)', (base, expected) => expect(joinUrl(base, '/api/v1/projects')).toBe(expected));
});
