import { buildAffectedSql, buildDeploysSql, buildMinutesSql, buildWindowsSql, SOURCES } from './sources';
import { detectWindows } from './windows';

const W = detectWindows(Date.UTC(2026, 2, 2, 12, 34, 30));

describe('buildWindowsSql', () => {
  const all = buildWindowsSql(Object.values(SOURCES), 'acme-shop', W.windows, 10);

  it('one statement for every source, values bound, never in the text', () => {
    expect(all.sql.match(/UNION ALL/g)).toHaveLength(4);
    expect(all.sql).not.toContain('acme-shop');
    expect(Object.values(all.params).filter((v) => v === 'acme-shop')).toHaveLength(5);
    expect(Object.values(all.params).filter((v) => v === 10)).toHaveLength(5);
  });

  it.each(Object.values(SOURCES).map((s) => [s.family, s.table] as const))(
    '%s reads %s by primary-key ranges',
    (family, table) => {
      const { sql, params } = buildWindowsSql([SOURCES[family]], 'proj', W.windows, 10);
      expect(sql).toContain(`FROM ${table} WHERE project_id = {`);
      // One range per window (the sort key prunes on it), and the window bounds as arrays.
      expect(sql.match(/fromUnixTimestamp64Milli/g)).toHaveLength(2 * W.windows.length);
      expect(Object.values(params)).toContainEqual(W.windows.map((w) => w.from));
      expect(sql).toMatch(/LIMIT \{p\d+:UInt32\} BY key, dim\)$/);
    },
  );

  it('pre-aggregates where they hold the dimensions, soft navigations out of load metrics', () => {
    expect(SOURCES.vitals.table).toBe('web_vitals_1m');
    expect(SOURCES.http.table).toBe('http_requests_1m');
    expect(buildWindowsSql([SOURCES.vitals], 'p', W.windows, 10).sql).toContain(
      "navigation_type = 'soft-navigation'",
    );
  });
});

describe('per-alarm statements', () => {
  it('minutes: filtered to the series and its scope', () => {
    const { sql, params } = buildMinutesSql(
      SOURCES.vitals,
      'proj',
      'LCP',
      { route: '/checkout' },
      { from: 0, to: 60_000 },
    );
    expect(sql).toContain('toString(name) = {');
    expect(sql).toContain('route = {');
    expect(sql).toMatch(/GROUP BY t ORDER BY t$/);
    expect(Object.values(params)).toEqual(['proj', 0, 60_000, 'LCP', '/checkout']);
  });

  it('a scope the source is not watched by is refused', () => {
    expect(() => buildMinutesSql(SOURCES.http, 'p', '', { route: '/' }, { from: 0, to: 1 })).toThrow(
      /not watched by route/,
    );
  });

  it.each([
    ['vital above the baseline', SOURCES.vitals, { column: 'value', above: 2500 }, 'value > {'],
    ['HTTP failures', SOURCES.http, { failures: true } as const, 'status_code = 0 OR status_code >= 500'],
    ['every error', SOURCES.errors, 'all' as const, 'uniqExactIf(session_id, 1)'],
  ])('affected sessions: %s, from the raw table', (_, source, bad, fragment) => {
    const { sql } = buildAffectedSql(source, 'p', 'LCP', {}, { from: 0, to: 1 }, bad);
    expect(sql).toContain(fragment);
    expect(sql).toContain(`FROM ${source.rawTable} WHERE`);
  });

  it('deploys newest first', () => {
    expect(buildDeploysSql('p', { from: 0, to: 1 }).sql).toMatch(/ORDER BY finished_at DESC LIMIT 5$/);
  });
});
