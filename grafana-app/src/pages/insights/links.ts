/**
 * Where a card points next, as app URLs keeping the view's data source and project (`params`, a
 * query string): the release (its comparison with the previous one when the card names both), the
 * related issues' detail pages.
 */
import { prefixRoute, ROUTES } from '../../constants';
import { COMPARE_VARS } from '../releases/queries';
import type { InsightLinks } from './model';

/**
 * releases/comparePage.ts's COMPARE_ROUTE, spelled out: importing that page would pull Grafana
 * scenes into the components that render links (and the screenshot bundle, which has no scenes).
 */
const COMPARE_ROUTE = `${ROUTES.Releases}/compare`;

const withParams = (path: string, query: Record<string, string>, params: string) => {
  const own = new URLSearchParams(query).toString();
  return `${prefixRoute(path)}?${[own, params].filter(Boolean).join('&')}`;
};

/** The release's page: compared with the previous release when known, else the releases list filtered to it. */
export function releaseHref(release: string, links: InsightLinks, params: string): string {
  if (links.previousRelease) {
    return withParams(
      COMPARE_ROUTE,
      { [`var-${COMPARE_VARS.base}`]: links.previousRelease, [`var-${COMPARE_VARS.target}`]: release },
      params
    );
  }
  return withParams(ROUTES.Releases, { 'var-release': release }, params);
}

export function issueHref(fingerprint: string, params: string): string {
  return withParams(`${ROUTES.Issues}/${encodeURIComponent(fingerprint)}`, {}, params);
}
