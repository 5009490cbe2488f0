/**
 * The release detector's cost per evaluation (docs/insights.md, "Release regressions", Cost):
 * a week of release 1.0 and a healthy 1.1 in its first hours, evaluated every minute by one
 * detector. Counts the statements each evaluation sends; with MEASURE_RELEASE_COST=1 also prints
 * the CPU (process.cpuUsage, chDB's threads included) per evaluation.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { createReleaseRegressionDetector } from '../src/insights/release';
import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { minuteAgo, pageView, webVital } from './helpers/seed-performance';

jest.setTimeout(120_000);

const NOW = minuteAgo(0);
const HOUR = 3_600_000;

function sessions(project: string, release: string, from: number, to: number, count: number, lcp = 1) {
  const pageViews: object[] = [];
  const vitals: object[] = [];
  for (let i = 0; i < count; i++) {
    const at = {
      atMs: from + Math.floor(((to - from) * i) / count),
      project_id: project,
      release,
      route: ['/', '/product', '/checkout'][i % 3]!,
      session_id: `${release}-s${i}`,
      visitor_id: `${release}-v${i}`,
    };
    pageViews.push(pageView(at));
    vitals.push(webVital(at, { name: 'LCP', value: lcp * (1500 + ((i * 53) % 1000)) }));
  }
  return { pageViews, vitals };
}

/** The client with a count of the statements sent through it. */
function counting(client: ClickHouseClient): { client: ClickHouseClient; count: () => number } {
  let n = 0;
  const proxy = new Proxy(client, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (key === 'query' && typeof v === 'function')
        return (...args: unknown[]) => {
          n++;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { client: proxy, count: () => n };
}

/** 20 evaluations a minute apart from NOW: statements and CPU ms of each. */
async function evaluate(project: string) {
  const detector = createReleaseRegressionDetector();
  const c = counting(p.store.client);
  const statements: number[] = [];
  const cpu: number[] = [];
  const found: unknown[] = [];
  for (let minute = 0; minute < 20; minute++) {
    const before = c.count();
    const used = process.cpuUsage();
    found.push(
      ...(await detector.detect({ client: c.client, projectId: project, now: NOW + minute * 60_000 })),
    );
    const u = process.cpuUsage(used);
    cpu.push((u.user + u.system) / 1000);
    statements.push(c.count() - before);
  }
  if (process.env.MEASURE_RELEASE_COST) {
    const sorted = [...cpu].sort((a, b) => a - b);
    const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    console.log(
      `${project}: statements ${statements.join(',')}; CPU ms median ${sorted[10]!.toFixed(1)}, ` +
        `mean ${mean.toFixed(1)}, each ${cpu.map((x) => x.toFixed(0)).join(',')}`,
    );
  }
  return { statements, found };
}

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p?.stop());

async function seeded(next: { from: number; to: number; count: number }) {
  const project = (await createProject(p.url)).id;
  const old = sessions(project, '1.0', NOW - 7 * 24 * HOUR, next.from, 40_000);
  const young = sessions(project, '1.1', next.from, next.to, next.count);
  await insertRows(p, 'page_views', [...old.pageViews, ...young.pageViews]);
  await insertRows(p, 'web_vitals', [...old.vitals, ...young.vitals]);
  return project;
}

describe('a healthy release, evaluated every minute', () => {
  it('two hours old, no new sessions: one statement an evaluation once judged, but on a clock half-hour', async () => {
    const { statements, found } = await evaluate(await seeded({ from: NOW - 2 * HOUR, to: NOW, count: 300 }));
    expect(found).toEqual([]);
    // Judgements (3 statements or more): 20 minutes cross at most one clock half-hour. The full
    // list (2 statements) every 10 minutes; else one.
    expect(statements.slice(1).filter((n) => n > 2).length).toBeLessThanOrEqual(1);
    expect(statements.slice(1).filter((n) => n === 1).length).toBeGreaterThanOrEqual(16);
  });

  it('in its first hour, 6 sessions a minute: judged only at the steps of the look grid', async () => {
    // 180 sessions at the first evaluation, 294 at the last (rows after `now` are not read).
    const { statements, found } = await evaluate(
      await seeded({ from: NOW - 30 * 60_000, to: NOW + 20 * 60_000, count: 300 }),
    );
    expect(found).toEqual([]);
    // The first evaluation, the steps at 187, 233 and 290 sessions, at most one half-hour.
    expect(statements.filter((n) => n > 2).length).toBeLessThanOrEqual(5);
  });
});

describe('the cached release list', () => {
  it('lists a release whose first rows arrive late, timestamped before the last full read', async () => {
    const project = (await createProject(p.url)).id;
    const old = sessions(project, '1.0', NOW - 3 * HOUR, NOW - HOUR, 300);
    await insertRows(p, 'page_views', old.pageViews);
    await insertRows(p, 'web_vitals', old.vitals);
    const detector = createReleaseRegressionDetector();
    expect(await detector.detect({ client: p.store.client, projectId: project, now: NOW })).toEqual([]);
    // 1.1's last hour, LCP doubled, ingested only now (an offline queue, a slow batch).
    const late = sessions(project, '1.1', NOW - HOUR, NOW, 300, 2);
    await insertRows(p, 'page_views', late.pageViews);
    await insertRows(p, 'web_vitals', late.vitals);
    const found = await detector.detect({ client: p.store.client, projectId: project, now: NOW + 60_000 });
    expect(found.map((c) => [c.metric, c.release])).toEqual([['web_vital.LCP.p75', '1.1']]);
  });
});
