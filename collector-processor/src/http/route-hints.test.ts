import { knownRoutes, suggestRoute } from './route-hints';

describe('suggestRoute', () => {
  test.each<[string, string, string | undefined]>([
    ['POST', '/api/v1/querry', 'did you mean POST /api/v1/query?'],
    ['POST', '/v1/trace', 'did you mean POST /v1/traces?'],
    ['POST', '/v1/log', 'did you mean POST /v1/logs?'],
    ['POST', '/api/v1/project', 'did you mean POST /api/v1/projects?'],
    ['GET', '/api/v1/project/p1/issues', 'did you mean GET /api/v1/projects/p1/issues?'],
    ['GET', '/api/v1/projects/p1/isues/abc', 'did you mean GET /api/v1/projects/p1/issues/abc?'],
    ['GET', '/api/whoami', 'did you mean GET /api/v1/whoami?'],
    ['GET', '/healthzz', 'did you mean GET /healthz?'],
    // The method is part of the suggestion: GET /api/v1/quer has only a POST neighbour.
    ['GET', '/api/v1/quer', 'did you mean POST /api/v1/query?'],
    ['GET', '/wp-login.php', undefined],
    ['GET', '/', undefined],
    ['POST', '/api/v1/something/else/entirely', undefined],
  ])('%s %s', (method, path, expected) => {
    expect(suggestRoute(method, path)).toBe(expected);
  });

  test('the routes come from the OpenAPI document, OTLP and Faro included', () => {
    const templates = knownRoutes().map((r) => r.template);
    expect(templates).toEqual(
      expect.arrayContaining(['/api/v1/query', '/v1/traces', '/v1/logs', '/collect/{ingestKey}']),
    );
  });
});
