/** The Overview's open cards of the seeded shop. */
import type { OpenInsightsShotData } from '../../../src/pages/insights/open-insights.shot';
import { openInsightsQuery } from '../../../src/pages/insights/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { ensureInsights } from '../../helpers/seed-insights';
import { shotFrames } from '../frames';

export default async function load(app: AppProcessor): Promise<OpenInsightsShotData> {
  await ensureInsights(app);
  const [list] = shotFrames(await runPanelQuery(app, openInsightsQuery()));
  if (!list) {
    throw new Error('open-insights: no frame');
  }
  return { list };
}
