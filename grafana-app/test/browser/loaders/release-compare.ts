/** 1.0.0 against 1.1.0 over the last six hours (the release traffic's window), as the compare page asks. */
import type { ReleaseCompareShotData } from '../../../src/components/ReleaseCompareTable/release-compare.shot';
import { comparisonByQuery, comparisonQuery, releaseIssuesQuery } from '../../../src/pages/releases/queries';
import { AppProcessor, runPanelQuery } from '../../helpers/processor';
import { shotFrames } from '../frames';

export default async function load(app: AppProcessor): Promise<ReleaseCompareShotData> {
  const options = {
    from: app.now - 6 * 3_600_000,
    vars: { base: '1.0.0', target: '1.1.0', route: '*', browser: '*' },
  };
  const [[comparison], [byRoute], [baseIssues], [targetIssues]] = (
    await Promise.all([
      runPanelQuery(app, comparisonQuery(), options),
      runPanelQuery(app, comparisonByQuery('route'), options),
      runPanelQuery(app, releaseIssuesQuery('base'), options),
      runPanelQuery(app, releaseIssuesQuery('target'), options),
    ])
  ).map(shotFrames);
  if (!comparison || !byRoute || !baseIssues || !targetIssues) {
    throw new Error('release comparison: a query answered no frame');
  }
  return { base: '1.0.0', target: '1.1.0', comparison, byRoute, baseIssues, targetIssues };
}
