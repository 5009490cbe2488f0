/**
 * Explanations of long-task time and of a release against the previous one through per-window
 * filters (issue #16, "Explain"), on a real processor with seeded rows: a third-party script
 * blocks the main thread in one country; release 1.1 slows one route's LCP over the same hour as
 * 1.0. The top hypotheses must name the injected cause, and each hypothesis's reproducing queries
 * answer its numbers through POST /api/v1/query, within its intervals.
 */
import { explainChange, type Explanation } from '../src/insights/explain/explain';
import type { RunningProcessor } from '../src/processor';
import { assertReproduced, BASELINE, CURRENT, significant, ticks, WINDOWS } from './helpers/explain';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { longTask, msOf, webVital } from './helpers/seed-performance';

jest.setTimeout(60_000);

const COUNTRIES = ['DE', 'BR', 'US'];

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p?.stop());

describe('a third-party script causes long tasks in one country', () => {
  let e: Explanation;

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    const rows = WINDOWS.flatMap((w) =>
      ticks(w, 300).flatMap(({ i, atMs }) => {
        const country = COUNTRIES[i % 3]!;
        const own = longTask(
          { atMs, project_id: project, country },
          { blocking_duration_ms: 40 + (i % 7) * 10 },
        );
        if (w !== CURRENT || country !== 'BR' || i % 2 === 1) return [own];
        // A cache-busting query string on every load: one script all the same.
        const chat = longTask(
          { atMs: atMs + 1000, project_id: project, country },
          { script_url: `https://widgets.thirdparty.example/chat.js?v=${i}`, blocking_duration_ms: 400 },
        );
        return [own, chat];
      }),
    );
    await insertRows(p, 'long_tasks', rows);
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'long_tasks' },
      baseline: BASELINE,
      current: CURRENT,
    });
  });

  it('ranks the script (query string stripped), its origin and the country first', () => {
    const top = e.hypotheses.slice(0, 3).map((h) => [h.dimension, h.segments]);
    expect(top).toEqual(
      expect.arrayContaining([
        ['script', ['https://widgets.thirdparty.example/chat.js']],
        ['script_origin', ['https://widgets.thirdparty.example']],
        ['country', ['BR']],
      ]),
    );
    const script = e.hypotheses.find((h) => h.dimension === 'script')!;
    // 50 tasks in BR (every other tick of 100) × 400 ms, none before.
    expect(script).toMatchObject({ field: 'total_blocking_ms', baseline: 0, current: 50 * 400 });
    expect(script.stats!.current.samples).toBe(50);
    significant(script);
  });

  it("each hypothesis's queries answer its numbers through POST /api/v1/query", async () => {
    await assertReproduced(p, e);
  });
});

describe('release 1.1 against 1.0 over the same hour (per-window filters)', () => {
  let e: Explanation;
  let vitals: ReturnType<typeof webVital>[];

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    vitals = ticks(CURRENT, 300).map(({ i, atMs }) => {
      const release = i % 2 ? '1.1' : '1.0';
      const route = ['/', '/product', '/checkout'][Math.floor(i / 2) % 3]!;
      const slower = release === '1.1' && route === '/checkout' ? 1800 : 0;
      return webVital(
        { atMs, project_id: project, release, route },
        { name: 'LCP', value: 1500 + ((i * 53) % 900) + slower },
      );
    });
    await insertRows(p, 'web_vitals', vitals);
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'web_vital', metric: 'LCP' },
      baseline: { ...CURRENT, filters: { release: ['1.0'] } },
      current: { ...CURRENT, filters: { release: ['1.1'] } },
    });
  });

  it('ranks route = /checkout first; release is the comparison, not a hypothesis', () => {
    expect(e.hypotheses[0]).toMatchObject({ dimension: 'route', segments: ['/checkout'] });
    expect(e.dimensions.map((d) => d.dimension)).not.toContain('release');
    significant(e.hypotheses[0]!);
  });

  it('reads each window through its own filter: the seed counts per release', () => {
    const route = e.dimensions.find((d) => d.dimension === 'route')!;
    const count = (release: string, r: string) =>
      vitals.filter((v) => v.release === release && v.route === r).length;
    for (const s of route.segments) {
      expect(s.baseline.y).toBe(count('1.0', s.segment));
      expect(s.current.y).toBe(count('1.1', s.segment));
    }
    expect(msOf(vitals[0]!.timestamp)).toBe(CURRENT.from);
  });

  it('the reproducing queries carry the release filter and answer the per-release numbers', async () => {
    expect(e.hypotheses[0]!.queries.baseline).toMatchObject({
      filters: { release: ['1.0'], route: ['/checkout'] },
    });
    expect(e.hypotheses[0]!.queries.current).toMatchObject({
      filters: { release: ['1.1'], route: ['/checkout'] },
    });
    await assertReproduced(p, e);
  });
});
