/** The rich seeded session's row and timeline, as the session page queries them (pages/sessions/queries.ts). */
import type { SessionTimelineShotData } from '../../../src/components/SessionTimeline/session-timeline.shot';
import { sessionSummaryQuery, sessionTimelineQuery } from '../../../src/pages/sessions/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { RICH_SESSION } from '../../helpers/seed-sessions';

export default async function load(app: AppProcessor): Promise<SessionTimelineShotData> {
  // The session is six days old: the range reaches back a week.
  const options = { from: app.now - 7 * 86_400_000 };
  const [summary] = await runPanelQuery(app, sessionSummaryQuery(RICH_SESSION.id), options);
  const [timeline] = await runPanelQuery(app, sessionTimelineQuery(RICH_SESSION.id), options);
  if (!summary || !timeline || (timeline.data.values[0]?.length ?? 0) === 0) {
    throw new Error(`no timeline for the seeded session ${RICH_SESSION.id}`);
  }
  return { summary, timeline } as unknown as SessionTimelineShotData;
}
