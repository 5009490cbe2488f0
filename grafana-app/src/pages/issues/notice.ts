/**
 * What the stream shows instead of an empty table: pick a project, install the SDK (the project
 * sent nothing in the range), or "no issues" (traffic, but no error matched). Pure, tested by table.
 */
import { DataFrame, LoadingState } from '@grafana/data';
import { prefixRoute, ROUTES } from '../../constants';

export interface StreamNotice {
  title: string;
  message: string;
  action?: { label: string; href: string };
  variant: 'call-to-action' | 'not-found' | 'completed';
}

export const PICK_PROJECT: StreamNotice = {
  title: 'Pick a project',
  message:
    'Choose a project in the Project picker above. No projects yet? An admin creates one on the Setup page, with the ingest key the SDK sends with.',
  action: { label: 'Go to Setup', href: prefixRoute(ROUTES.Setup) },
  variant: 'call-to-action',
};

export const INSTALL_SDK: StreamNotice = {
  title: 'No events from this project in this time range',
  message:
    'Install the PulseTrace SDK in your web app (Setup has the npm install, the loader tag and a button that sends a test event), or widen the time range.',
  action: { label: 'Install the SDK', href: prefixRoute(ROUTES.Setup) },
  variant: 'call-to-action',
};

export const NO_ISSUES: StreamNotice = {
  title: 'No issues in this time range',
  message:
    'No error matched the filters in this time range. Widen the time range, or set Status, Browser, Route, Assignee and Search back to their defaults.',
  variant: 'completed',
};

const pageViews = (frames: DataFrame[]) =>
  frames
    .flatMap((f) => f.fields.find((x) => x.name === 'page_views')?.values ?? [])
    .reduce((sum: number, v) => sum + (typeof v === 'number' ? v : 0), 0);

/**
 * The notice for the project (interpolated `$project`), the list's state and rows, and the
 * traffic probe's frames; undefined while loading, on an error (the page shows the error), or
 * when there are rows.
 */
export function streamNotice(
  project: string,
  state: LoadingState | undefined,
  rows: number,
  probe: DataFrame[]
): StreamNotice | undefined {
  if (!project.trim()) {
    return PICK_PROJECT;
  }
  if (state !== LoadingState.Done || rows > 0) {
    return undefined;
  }
  return pageViews(probe) === 0 ? INSTALL_SDK : NO_ISSUES;
}
