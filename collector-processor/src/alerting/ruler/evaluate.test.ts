import { tableFrame, timeseriesFrames } from '../../query/frames';
import {
  holds,
  instanceFingerprint,
  judgeSeries,
  planInstances,
  type Outcome,
  type StoredInstance,
} from './evaluate';
import { thresholdRule } from './testkit';

const byRoute = (values: Record<string, number[]>) =>
  timeseriesFrames(
    'A',
    Object.entries(values).flatMap(([route, vs]) => vs.map((v, i) => ({ time: i, route, v }))),
    { values: [{ name: 'v', type: 'number' }], labels: ['route'] },
  );

describe('conditions', () => {
  it.each([
    ['>', 3, 2, true],
    ['>', 2, 2, false],
    ['>=', 2, 2, true],
    ['<', 1, 2, true],
    ['<=', 3, 2, false],
  ] as const)('%s: %d vs %d → %s', (op, value, threshold, expected) => {
    expect(holds(value, { op, threshold })).toBe(expected);
  });
  it('no value never holds, whatever the operator', () => {
    expect(holds(null, { op: '<', threshold: 1 })).toBe(false);
  });
});

describe('judging series', () => {
  it('reduces each series; series without values are left out; none at all is no data', () => {
    const r = judgeSeries({ reducer: 'max', field: undefined }, byRoute({ '/a': [1, 5], '/b': [2] }));
    expect(r).toEqual({
      health: 'ok',
      series: [
        { labels: { route: '/a' }, value: 5 },
        { labels: { route: '/b' }, value: 2 },
      ],
    });
    expect(judgeSeries({ reducer: 'last', field: undefined }, [])).toEqual({ health: 'nodata', series: [] });
    const empty = tableFrame('A', [{ name: 'n', type: 'number' }], [{ n: null }]);
    expect(judgeSeries({ reducer: 'last', field: undefined }, [empty]).health).toBe('nodata');
  });

  it('compareTo: current / earlier per series; no baseline (absent or 0) is no value', () => {
    const r = judgeSeries(
      { reducer: 'sum', field: undefined },
      byRoute({ '/a': [10, 10], '/b': [4], '/c': [3] }),
      byRoute({ '/a': [5], '/b': [0] }),
    );
    expect(r).toEqual({
      health: 'ok',
      series: [{ labels: { route: '/a' }, value: 4, current: 20, earlier: 5 }],
    });
  });
});

describe('planning instances', () => {
  const rule = thresholdRule({ for: '1m' });
  const ok = (values: Record<string, number>): Outcome => ({
    health: 'ok',
    series: Object.entries(values).map(([route, value]) => ({ labels: { route }, value })),
  });
  const stored = (route: string, s: Partial<StoredInstance>): StoredInstance => ({
    fingerprint: instanceFingerprint(rule.id, 'shop', { route }),
    labels: { route },
    state: 'firing',
    activeAt: 0,
    firedAt: 0,
    lastAlertingAt: 0,
    value: 3000,
    ...s,
  });

  it('one instance per series; only the ones over the threshold go pending', () => {
    const changes = planInstances(rule, 'shop', ok({ '/a': 3000, '/b': 100 }), [], 60_000);
    expect(changes.map((c) => [c.labels.route, c.next.state, c.write])).toEqual([
      ['/a', 'pending', true],
      ['/b', 'inactive', false],
    ]);
  });

  it('the fingerprint is stable and depends on rule, project and labels', () => {
    const fp = instanceFingerprint('r', 'p', { route: '/a' });
    expect(instanceFingerprint('r', 'p', { route: '/a' })).toBe(fp);
    expect(instanceFingerprint('r', 'q', { route: '/a' })).not.toBe(fp);
    expect(instanceFingerprint('s', 'p', { route: '/a' })).not.toBe(fp);
  });

  it('a firing series that disappears resolves', () => {
    const changes = planInstances(rule, 'shop', ok({ '/b': 100 }), [stored('/a', {})], 120_000);
    expect(changes.find((c) => c.labels.route === '/a')).toMatchObject({
      transition: 'resolved',
      write: true,
    });
  });

  it.each([
    ['ok', 'resolved', null],
    ['alerting', null, null],
    ['keep', null, null],
    ['nodata', 'resolved', 'DatasourceNoData'],
  ] as const)(
    'no data with noData=%s: the firing series → %s; special instance %s',
    (noData, transition, special) => {
      const r = thresholdRule({ noData, for: '0s' });
      const prev = [{ ...stored('/a', {}), fingerprint: instanceFingerprint(r.id, 'shop', { route: '/a' }) }];
      const changes = planInstances(r, 'shop', { health: 'nodata', series: [] }, prev, 120_000);
      expect(changes.find((c) => c.labels.route === '/a')?.transition ?? null).toBe(transition);
      const s = changes.find((c) => c.labels.alertname);
      expect(s?.labels.alertname ?? null).toBe(special);
      if (s) expect(s.next.state).toBe('firing');
    },
  );

  it('no data with noData=alerting and nothing stored: one instance without series labels fires after `for`', () => {
    const r = thresholdRule({ noData: 'alerting', for: '0s' });
    const changes = planInstances(r, 'shop', { health: 'nodata', series: [] }, [], 60_000);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ labels: {}, transition: 'firing' });
  });

  it('a failed query with onError=error keeps series states and fires DatasourceError; it resolves on success', () => {
    const prev = [stored('/a', {})];
    const failed = planInstances(rule, 'shop', { health: 'error', error: 'boom', series: [] }, prev, 120_000);
    expect(failed.find((c) => c.labels.route === '/a')?.transition).toBeNull();
    const special = failed.find((c) => c.labels.alertname === 'DatasourceError')!;
    expect(special.next.state).toBe('pending'); // `for` applies to it as to any instance
    const after = planInstances(
      rule,
      'shop',
      ok({ '/a': 3000 }),
      [...prev, { fingerprint: special.fingerprint, labels: special.labels, ...special.next }],
      180_000,
    );
    expect(after.find((c) => c.labels.alertname === 'DatasourceError')?.transition).toBe('cancelled');
  });

  it('keepFiringFor: a firing instance whose condition holds rewrites its clock', () => {
    const r = thresholdRule({ keepFiringFor: '5m' });
    const prev = [
      {
        ...stored('/a', { lastAlertingAt: 60_000 }),
        fingerprint: instanceFingerprint(r.id, 'shop', { route: '/a' }),
      },
    ];
    const [c] = planInstances(r, 'shop', ok({ '/a': 3000 }), prev, 120_000);
    expect(c).toMatchObject({ transition: null, write: true });
    expect(c!.next.lastAlertingAt).toBe(120_000);
  });
});
