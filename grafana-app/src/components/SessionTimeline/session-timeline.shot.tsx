/**
 * The rich seeded session (test/helpers/seed-sessions.ts) as its page shows it: who it was, then
 * every event with its time since the start, kind, outcome and duration; a Tempo data source is
 * assumed, so the calls with a trace link to it.
 */
import React from 'react';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { dataFrameFromJSON, DataFrameJSON } from '@grafana/data';
import type { ShotRender } from '../../testing/shot';
import { SessionCard } from './SessionCard';
import { sessionFacts, timelineRows } from './model';

export interface SessionTimelineShotData {
  summary: DataFrameJSON;
  timeline: DataFrameJSON;
}

// TextLink's internal links are router links: Grafana renders the app inside its router.
const Router = MemoryRouter as unknown as React.ComponentType<{
  children?: React.ReactNode;
  future?: Record<string, boolean>;
}>;
// React Router 7's behaviour now, as Grafana opts in (else it warns on the console).
const FUTURE = { v7_startTransition: true, v7_relativeSplatPath: true };

const shot: ShotRender<SessionTimelineShotData> = {
  name: 'session-timeline',
  title: 'Session timeline',
  width: 1000,
  render: ({ summary, timeline }) => (
    <Router future={FUTURE}>
      <SessionCard
        facts={sessionFacts(dataFrameFromJSON(summary)).join(' · ')}
        rows={timelineRows(dataFrameFromJSON(timeline))}
        tempoUid="tempo"
        timeZone="utc"
      />
    </Router>
  ),
};

export default shot;
