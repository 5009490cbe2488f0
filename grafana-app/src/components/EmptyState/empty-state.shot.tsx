/**
 * The empty state a page shows for a project that has no data yet (here the seeded project, by
 * the name the processor gives it), with the link to the Setup page's install snippet.
 */
import React from 'react';
import { prefixRoute, ROUTES } from '../../constants';
import type { ShotRender } from '../../testing/shot';
import { EmptyState } from './EmptyState';

export interface EmptyStateShotData {
  project: string;
}

const shot: ShotRender<EmptyStateShotData> = {
  name: 'empty-state',
  title: 'Empty state',
  width: 900,
  render: ({ project }) => (
    <EmptyState
      title={`No page views from ${project} yet`}
      message={`Install the PulseTrace SDK in ${project}'s web app with the project's ingest key, then come back: this page fills in as soon as the first page view arrives.`}
      action={{ label: 'Install the SDK', href: prefixRoute(ROUTES.Setup) }}
    />
  ),
};

export default shot;
