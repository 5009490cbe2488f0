/**
 * The issue detail page's scene rendered whole in jsdom with the real data source in front of a
 * fake backend (overview/sceneTestKit.tsx): it runs exactly the queries of queries.ts, shows the
 * event, its stack, breadcrumbs and tags from issue_detail's frames, and stepping to an older event
 * puts its id in the URL state and queries that event.
 */
import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { sceneGraph, SceneQueryRunner, getUrlState } from '@grafana/scenes';
import { config } from '@grafana/runtime';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { grafanaServices, SentQuery } from '../../testing/sceneTestKit';
import { issueDetailScene } from './issueDetailPage';
import { issueDetailQueries } from './queries';

jest.setTimeout(90_000);
// @grafana/ui's TextLink is a react-router (v5-compat) link; the root's React types differ from the plugin's.
const Router = MemoryRouter as unknown as React.ComponentType<{ children: React.ReactNode }>;
const slow = { timeout: 30_000 };
const NOW = Date.now();

type Values = Record<string, unknown[]>;
const TYPES: Record<string, string> = { time: 'time', first_seen: 'time', last_seen: 'time' };
function frame(name: string, values: Values, meta?: Record<string, unknown>) {
  return {
    schema: {
      name,
      meta,
      fields: Object.keys(values).map((f) => ({
        name: f,
        type:
          TYPES[f] ??
          (typeof values[f]![0] === 'number' ? 'number' : typeof values[f]![0] === 'boolean' ? 'boolean' : 'string'),
      })),
    },
    data: { values: Object.values(values) },
  };
}

const EVENTS = ['e3', 'e2', 'e1'];
function detailFrames(eventId = 'e3') {
  return [
    frame('summary', {
      id: ['fp'],
      title: ['TypeError: total'],
      culprit: ['submitOrder (src/pay.ts)'],
      type: ['TypeError'],
      status: ['unresolved'],
      substatus: ['new'],
      first_seen: [NOW - 3600_000],
      last_seen: [NOW],
      events: [3],
      users: [2],
      sessions: [3],
      first_release: ['1.0.0'],
      last_release: ['1.1.0'],
      assignee: [''],
      events_in_range: [3],
      users_in_range: [2],
      sessions_in_range: [3],
    }),
    frame('events', {
      time: EVENTS.map((_, i) => NOW - i * 60_000),
      event_id: EVENTS,
      message: EVENTS.map((e) => `total of ${e}`),
      type: EVENTS.map(() => 'TypeError'),
      release: ['1.1.0', '1.1.0', '1.0.0'],
      browser: ['Chrome', 'Firefox', 'Chrome'],
      session_id: ['s3', 's2', 's1'],
      trace_id: ['t3', '', ''],
      handled: [false, false, true],
    }),
    frame(
      'stack',
      {
        function: [`pay_${eventId}`, 'dispatch'],
        filename: ['src/pay.ts', 'node_modules/react-dom/index.js'],
        lineno: [42, 10],
        colno: [1, 2],
        in_app: [true, false],
        symbolicated: [true, false],
        context_line: ['const total = order.total;', ''],
        context_pre: ['', ''],
        context_post: ['', ''],
        raw_function: ['a', 'dispatch'],
        raw_position: ['app.min.js:1:900', 'node_modules/react-dom/index.js:10:2'],
      },
      { custom: { eventId } }
    ),
    frame('breadcrumbs', {
      time: [NOW - 5000],
      category: ['click'],
      level: ['info'],
      message: ['button#pay'],
      data: [''],
    }),
    frame('tags', { tag: ['browser', 'browser'], value: ['Chrome', 'Firefox'], count: [2, 1], share: [2 / 3, 1 / 3] }),
    frame('releases', { release: ['1.0.0', '1.1.0'], events: [1, 2], first_seen: [NOW, NOW], last_seen: [NOW, NOW] }),
    frame(
      'causes',
      { depth: [1], type: ['Error'], message: ['summary missing'], stacktrace: [''] },
      { custom: { eventId } }
    ),
    frame('sessions', {
      session_id: ['s3'],
      user: ['u1'],
      events: [1],
      first_seen: [NOW],
      last_seen: [NOW],
      release: ['1.1.0'],
      browser: ['Chrome'],
    }),
  ];
}

const answer = (q: SentQuery) =>
  q.type === 'issue_detail'
    ? detailFrames((q.eventId as string | undefined) ?? 'e3')
    : [frame('occurrences', { time: [NOW], errors: [3], users: [2], sessions: [3] })];

describe('Issue detail scene', () => {
  beforeEach(() => {
    config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: 'Editor' as never } };
  });

  it('runs the queries of queries.ts and shows the event, stack trace, breadcrumbs and tags', async () => {
    const { sent } = grafanaServices(answer);
    const scene = issueDetailScene('fp');
    render(
      <Router>
        <scene.Component model={scene} />
      </Router>
    );
    expect(await screen.findByText('TypeError: total', {}, slow)).toBeInTheDocument();
    await waitFor(() => expect(sent.map((q) => q.refId).sort()).toEqual(['detail', 'occurrences']), slow);
    const runners = sceneGraph.findAllObjects(scene, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner[];
    const expected = issueDetailQueries('fp');
    expect(runners.map((r) => r.state.queries[0]).sort((a, b) => a!.refId.localeCompare(b!.refId))).toEqual([
      expected.detail,
      expected.occurrences,
    ]);

    expect(screen.getByText('Event 1 of the 3 latest in the time range')).toBeInTheDocument();
    const attributes = screen.getByLabelText('Event attributes');
    expect(within(attributes).getByText('e3')).toBeInTheDocument();
    expect(within(attributes).getByRole('link', { name: 's3' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/a\/pulsetrace-app\/sessions\/s3\?/)
    );
    // In-app frames by default: the vendor frame is hidden.
    expect(screen.getByLabelText('pay_e3 at src/pay.ts:42:1')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^dispatch at/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('User action: button#pay')).toBeInTheDocument();
    expect(screen.getByLabelText('Chrome: 67%')).toBeInTheDocument();
    expect(screen.getByLabelText('Cause 1')).toHaveTextContent('Error: summary missing');
  });

  it('steps to an older event: its id goes to the URL state and its stack is queried', async () => {
    const { sent } = grafanaServices(answer);
    const scene = issueDetailScene('fp');
    render(
      <Router>
        <scene.Component model={scene} />
      </Router>
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Older' }, slow));
    expect(await screen.findByLabelText('pay_e2 at src/pay.ts:42:1', {}, slow)).toBeInTheDocument();
    expect(sent.filter((q) => q.type === 'issue_detail').at(-1)).toMatchObject({ issueId: 'fp', eventId: 'e2' });
    expect(getUrlState(scene)).toMatchObject({ event: 'e2', frames: 'app' });
    expect(screen.getByText('Event 2 of the 3 latest in the time range')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: 'All frames' }));
    expect(screen.getByLabelText(/^dispatch at/)).toBeInTheDocument();
    expect(getUrlState(scene)).toMatchObject({ event: 'e2', frames: 'all' });
  });
});
