/**
 * The Issues stream's first page as the page queries it (every status, last seen first), over the
 * shop's last six hours in 30-minute sparkline buckets (what the page's default 24 hours get with TREND_POINTS).
 */
import type { IssueTableShotData } from '../../../src/components/IssueTable/issue-table.shot';
import { issueListQuery, TREND_POINTS } from '../../../src/pages/issues/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { shotFrames } from '../frames';

export default async function load(app: AppProcessor): Promise<IssueTableShotData> {
  const from = app.now - 6 * 3600_000;
  const [frame] = await runPanelQuery(app, issueListQuery(1), {
    from,
    to: app.now,
    intervalMs: 30 * 60_000,
    maxDataPoints: TREND_POINTS,
    vars: { status: '*', sort: 'last_seen', browser: '*', route: '*', assignee: '', search: '' },
  });
  if (!frame || (frame.data.values[0]?.length ?? 0) < 2) {
    throw new Error('issues: fewer than two issues in the shop’s last six hours (seed.ts ISSUES)');
  }
  return { frame: shotFrames([frame])[0]!, now: app.now };
}
