/** The LCP regression's detail frames, as the insight's page asks for them. */
import type { InsightDetailShotData } from '../../../src/pages/insights/insight-detail.shot';
import { insightDetailQuery } from '../../../src/pages/insights/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { ensureInsights } from '../../helpers/seed-insights';
import { shotFrames } from '../frames';

export default async function load(app: AppProcessor): Promise<InsightDetailShotData> {
  const { cards } = await ensureInsights(app);
  const frames = shotFrames(await runPanelQuery(app, insightDetailQuery(cards.regression.insightId)));
  if (frames.length !== 4) {
    throw new Error(`insight-detail: ${frames.length} frames, expected summary, deltas, hypotheses, feedback`);
  }
  return { frames };
}
