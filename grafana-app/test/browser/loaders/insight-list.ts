/** Every card of the seeded shop (status All), as the Insights page asks for them. */
import type { InsightListShotData } from '../../../src/pages/insights/insight-list.shot';
import { insightListQuery } from '../../../src/pages/insights/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { ensureInsights } from '../../helpers/seed-insights';
import { shotFrames } from '../frames';

export default async function load(app: AppProcessor): Promise<InsightListShotData> {
  await ensureInsights(app);
  const [list] = shotFrames(
    await runPanelQuery(app, insightListQuery(), {
      from: app.now - 7 * 24 * 3_600_000,
      vars: { status: '*', severity: '*', kind: '*' },
    })
  );
  if (!list?.data?.values[0]?.length) {
    throw new Error('insight-list: the list answered no card');
  }
  return { list };
}
