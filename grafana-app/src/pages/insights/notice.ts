/**
 * What the Insights page and the Overview's row show instead of an empty list. Pure, tested by
 * table. The message says what the engine watches, so "nothing" reads as "all quiet", not "broken".
 */
import { LoadingState } from '@grafana/data';
import { PICK_PROJECT, StreamNotice } from '../issues/notice';

export const WATCHES =
  'The insight engine watches error rates and each issue’s events, Core Web Vitals p75 per route, browser, device and country, HTTP error rate and p95 per endpoint, long tasks per script and traffic, against the same hour of past weeks, and compares each new release with the previous one.';

export const NO_OPEN_INSIGHTS: StreamNotice = {
  title: 'No open insights',
  message: `${WATCHES} Nothing has moved beyond its usual range.`,
  variant: 'completed',
};

export const NO_MATCH: StreamNotice = {
  title: 'No insights match',
  message: `No card matches the filters in this time range: widen the range, or set Status, Severity and Kind back to All. ${WATCHES}`,
  variant: 'completed',
};

/**
 * The notice for the project (interpolated `$project`), the list's state and rows, and whether
 * the filters ask only for open cards; undefined while loading, on an error, or with rows.
 */
export function insightsNotice(
  project: string,
  state: LoadingState | undefined,
  rows: number,
  onlyOpen: boolean
): StreamNotice | undefined {
  if (!project.trim()) {
    return PICK_PROJECT;
  }
  if (state !== LoadingState.Done || rows > 0) {
    return undefined;
  }
  return onlyOpen ? NO_OPEN_INSIGHTS : NO_MATCH;
}
