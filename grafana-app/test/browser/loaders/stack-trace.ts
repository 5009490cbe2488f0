/** issue_detail for the seeded checkout issue (its latest event), as the issue page queries it. */
import type { IssueFramesShotData } from '../../../src/components/StackTraceView/stack-trace.shot';
import { detailQuery } from '../../../src/pages/issue-detail/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { shotFrames } from '../frames';

export default async function load(app: AppProcessor): Promise<IssueFramesShotData> {
  const frames = await runPanelQuery(app, detailQuery('fp-checkout-total'));
  const stack = frames.find((f) => f.schema.name === 'stack');
  if (!stack || (stack.data.values[0]?.length ?? 0) === 0) {
    throw new Error('issue_detail fp-checkout-total: no stack frames (seed.ts ISSUES)');
  }
  return { frames: shotFrames(frames) };
}
