/** The Performance page's per-route vitals queries (LCP as the chosen vital) on the seeded perf shop. */
import type { VitalsByRouteShotData } from '../../../src/components/VitalsByRouteTable/vitals-by-route.shot';
import { vitalsByRouteQueries } from '../../../src/pages/performance/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { shotFrames } from '../frames';
import { PERF_PROJECT } from '../../helpers/seed-performance';

export default async function load(app: AppProcessor): Promise<VitalsByRouteShotData> {
  const vars = { project: PERF_PROJECT, vital: 'LCP', route: '*' };
  const answers = await Promise.all(vitalsByRouteQueries().map((q) => runPanelQuery(app, q, { vars })));
  const frames = answers.flat();
  if (!frames.some((f) => f.schema.refId === 'LCP' && (f.data.values[0]?.length ?? 0) > 0)) {
    throw new Error(`web_vitals by route in ${PERF_PROJECT}: no rows (seed-performance.ts)`);
  }
  return { frames: shotFrames(frames), vital: 'LCP', selectedRoute: '/checkout' };
}
