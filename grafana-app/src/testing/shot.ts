/**
 * A catalog screenshot of one custom component, rendered in real Chromium with real data
 * (grafana-app/test/browser/). Two halves with the same name:
 * - `src/components/<Name>/<name>.shot.tsx` (default export: ShotRender) renders the component
 *   from the data, in the browser bundle;
 * - `test/browser/loaders/<name>.ts` (default export: ShotLoader) loads that data in node from the
 *   seeded processor, through the data source's request builder (runPanelQuery) or a proxy route
 *   (callRoute): frames stay DataFrameJSON, the render half converts them (dataFrameFromJSON).
 * Screenshots land in src/img/screenshots/<name>-<light|dark>.png and plugin.json lists them.
 */
import type { ReactElement } from 'react';

export interface ShotRender<Data = unknown> {
  /** File name base, kebab-case; the loader file has the same name. */
  name: string;
  /** plugin.json's screenshot name (the theme is added). */
  title: string;
  /** Width of the area the component gets, px (default 1200). */
  width?: number;
  render(data: Data): ReactElement;
}
