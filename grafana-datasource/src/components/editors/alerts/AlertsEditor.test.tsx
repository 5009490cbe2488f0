import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { PulseTraceQuery } from '../../../types';
import { makeDataSource } from '../../../testing/datasource';
import { fakeBackend, fakeTemplateSrv } from '../../../testing/grafana';
import { buildQueryBody } from '../../../query/request';
import { templateInterpolator } from '../../../query/interpolate';
import { QueryEditor } from '../../QueryEditor';

/** The alerts editor inside the real query editor, as a panel shows it. */
function setup(query: Partial<PulseTraceQuery>) {
  const onChange = jest.fn();
  const view = render(
    <QueryEditor
      query={{ refId: 'A', type: 'alerts', ...query } as PulseTraceQuery}
      onChange={onChange}
      onRunQuery={jest.fn()}
      datasource={makeDataSource()}
    />
  );
  const last = (): PulseTraceQuery => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, last, ...view };
}

/** Types into a multi-select and picks the highlighted option, as a keyboard user would. */
async function choose(input: HTMLElement, label: string) {
  await act(async () => {
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: label } });
  });
  await act(async () => {
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
  });
}

// Rendering Grafana's pickers in jsdom takes seconds each: jest's default 5 s is short on a busy machine.
jest.setTimeout(20_000);

const TIMELINE_ONLY = ['State', 'Rule kind', 'Hide silenced'];

beforeEach(() => {
  fakeTemplateSrv();
  fakeBackend(() => ({ status: 200, data: { projects: [{ id: 'shop' }], values: [] } }));
});

describe('AlertsEditor', () => {
  it.each<[string, Partial<PulseTraceQuery>, string[], string[]]>([
    ['a new query: the timeline and its filters', {}, ['Rules', 'Severity', ...TIMELINE_ONLY], []],
    ['the timeline view', { view: 'timeline' }, ['Rules', 'Severity', ...TIMELINE_ONLY], []],
    ['the firing view: rules and severity only', { view: 'firing' }, ['Rules', 'Severity'], TIMELINE_ONLY],
  ])('%s', (_what, query, shown, hidden) => {
    setup(query);
    expect(screen.getByRole('radiogroup', { name: 'View' })).toBeInTheDocument();
    for (const label of shown) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    for (const label of hidden) {
      expect(screen.queryByLabelText(label)).not.toBeInTheDocument();
    }
  });

  it('a new query reads the timeline (the processor’s default view)', () => {
    setup({});
    expect(screen.getByRole('radio', { name: 'Timeline' })).toBeChecked();
  });

  it('filters the timeline by state, severity and rule kind with the values the processor accepts', async () => {
    const { last } = setup({ states: ['firing'] });
    await choose(screen.getByLabelText('Severity'), 'Info');
    expect(last()).toMatchObject({ type: 'alerts', states: ['firing'], severities: ['info'] });
    await choose(screen.getByLabelText('State'), 'Resolved');
    expect(last()).toMatchObject({ states: ['firing', 'resolved'] });
    await choose(screen.getByLabelText('Rule kind'), 'Event');
    expect(last()).toMatchObject({ kinds: ['event'] });
  });

  it('adds rule ids and hides silenced alerts', () => {
    const { last } = setup({});
    const rules = screen.getByLabelText('Rules');
    fireEvent.change(rules, { target: { value: 'new-issue' } });
    fireEvent.keyDown(rules, { key: 'Enter' });
    expect(last()).toMatchObject({ type: 'alerts', ruleIds: ['new-issue'] });
    fireEvent.click(screen.getByLabelText('Hide silenced'));
    expect(last()).toMatchObject({ excludeSilenced: true });
  });

  it('switches to the firing view and sends what the processor reads for it', () => {
    const { last } = setup({ severities: ['critical'], ruleIds: ['lcp-p75'] });
    fireEvent.click(screen.getByRole('radio', { name: 'Firing' }));
    const next = last();
    expect(next).toMatchObject({ type: 'alerts', view: 'firing', severities: ['critical'], ruleIds: ['lcp-p75'] });
    const built = buildQueryBody(next, {
      from: 1_000,
      to: 2_000,
      defaultProject: 'shop',
      interpolate: templateInterpolator(),
    });
    expect(built.ok && built.body).toMatchObject({
      type: 'alerts',
      project: 'shop',
      view: 'firing',
      severities: ['critical'],
      ruleIds: ['lcp-p75'],
    });
  });
});
