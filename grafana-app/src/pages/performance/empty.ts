/**
 * What each Performance panel says when it has nothing to show: pick a project when none is
 * chosen, else why this kind of data may be missing and where to fix it (the SDK's install on
 * Setup, the time range, the route). Pure, tested by table.
 */
import { prefixRoute, ROUTES } from '../../constants';

export type PanelKind = 'vitals' | 'distribution' | 'attribution' | 'http' | 'longTasks' | 'resources';

export interface Notice {
  title: string;
  message: string;
  action?: { label: string; href: string };
}

const SETUP = prefixRoute(ROUTES.Setup);
const WIDEN = 'or widen the time range';

const NOTICES: Record<PanelKind, Notice> = {
  vitals: {
    title: 'No web vitals in this time range',
    message: `The SDK reports LCP, INP, CLS, FCP and TTFB from every page load once it is installed: see Setup for the snippet, ${WIDEN}.`,
    action: { label: 'Install the SDK', href: SETUP },
  },
  distribution: {
    title: 'No samples of this vital here',
    message: `Nothing for the chosen vital on the chosen route: pick All routes or another vital, ${WIDEN}.`,
  },
  attribution: {
    title: 'No attribution for these samples',
    message: `Attribution comes from the PulseTrace SDK (web-vitals' attribution build). Vitals sent by other SDKs carry none; pick All routes ${WIDEN}.`,
    action: { label: 'Install the SDK', href: SETUP },
  },
  http: {
    title: 'No fetch or XHR requests',
    message: `The SDK records the page's fetch and XHR calls with its HTTP instrumentation (on by default): check it is installed and enabled, ${WIDEN}.`,
    action: { label: 'Open Setup', href: SETUP },
  },
  longTasks: {
    title: 'No long tasks',
    message: `No main-thread task of 50 ms or more was reported: either none happened, or the browsers lack Long Animation Frames (Chromium 123+). Widen the time range to check.`,
  },
  resources: {
    title: 'No resource timings',
    message: `The SDK reports scripts, styles, images and fonts the pages load: check it is installed, ${WIDEN}.`,
    action: { label: 'Open Setup', href: SETUP },
  },
};

export const PICK_PROJECT: Notice = {
  title: 'Pick a project',
  message: 'Choose a project in the Project picker above. No projects yet? An admin creates one on the Setup page.',
  action: { label: 'Go to Setup', href: SETUP },
};

/** The notice of an empty panel of `kind` for the page's (interpolated) project. */
export function emptyNotice(kind: PanelKind, project: string): Notice {
  return project.trim() ? NOTICES[kind] : PICK_PROJECT;
}

/** Whether a panel's frames hold no rows (a time series with no points counts as empty). */
export function hasNoRows(frames: ReadonlyArray<{ length: number }>): boolean {
  return frames.every((f) => f.length === 0);
}
