/** What the Releases pages show with fewer than two releases: how to tag them. */
import React from 'react';
import { prefixRoute, ROUTES } from '../../constants';
import { EmptyState } from '../../components/EmptyState/EmptyState';

export const TAG_RELEASES_MESSAGE =
  "Set the SDK's release option in every build (PulseTrace.init({ release: '1.4.2', … }), for example from your CI's version), " +
  'and register each release with `npx @pulsetrace/cli releases new 1.4.2` so source maps and "resolved in next release" know it. ' +
  'Once two releases have traffic in the time range, they appear here side by side.';

export function TagReleases({ found }: { found: number }) {
  return (
    <EmptyState
      title={found === 0 ? 'No releases in this time range' : 'Only one release in this time range'}
      message={TAG_RELEASES_MESSAGE}
      action={{ label: 'Set up the SDK', href: prefixRoute(ROUTES.Setup) }}
    />
  );
}
