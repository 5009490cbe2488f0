/**
 * What a page says instead of empty panels: pick a project when none is chosen (or none exists),
 * install the SDK when the project has no page views in the range. Pure, so the rule is tested
 * by table; NoDataNotice.tsx only renders it.
 */
import { DataFrame, LoadingState } from '@grafana/data';
import { prefixRoute, ROUTES } from '../../constants';

export interface Notice {
  title: string;
  message: string;
  action: { label: string; href: string };
}

export const PICK_PROJECT: Notice = {
  title: 'Pick a project',
  message:
    'Choose a project in the Project picker above. No projects yet? An admin creates one on the Setup page, with the ingest key the SDK sends with.',
  action: { label: 'Go to Setup', href: prefixRoute(ROUTES.Setup) },
};

export const INSTALL_SDK: Notice = {
  title: 'No page views in this time range',
  message:
    'Install the PulseTrace SDK in your web app (Setup has the npm install, the loader tag and a button that sends a test event), or widen the time range.',
  action: { label: 'Install the SDK', href: prefixRoute(ROUTES.Setup) },
};

/** The sum of a field over the frames (0 when absent): the probe answers one row. */
function total(frames: DataFrame[], name: string): number {
  let sum = 0;
  for (const frame of frames) {
    for (const value of frame.fields.find((f) => f.name === name)?.values ?? []) {
      sum += typeof value === 'number' ? value : 0;
    }
  }
  return sum;
}

/**
 * The notice for the page's project (interpolated `$project`) and the probe's answer, if any. An
 * error or a load in flight says nothing: the panels show their own errors.
 */
export function noticeFor(project: string, probe?: { state: LoadingState; series: DataFrame[] }): Notice | undefined {
  if (!project.trim()) {
    return PICK_PROJECT;
  }
  if (probe?.state === LoadingState.Done && total(probe.series, 'page_views') === 0) {
    return INSTALL_SDK;
  }
  return undefined;
}
