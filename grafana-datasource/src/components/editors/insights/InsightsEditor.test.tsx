import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { PulseTraceQuery } from '../../../types';
import { makeDataSource } from '../../../testing/datasource';
import { fakeBackend, fakeTemplateSrv } from '../../../testing/grafana';
import { QueryEditor } from '../../QueryEditor';

/** The insights editor inside the real query editor, as a panel shows it. */
function setup(query: Partial<PulseTraceQuery>) {
  const onChange = jest.fn();
  const view = render(
    <QueryEditor
      query={{ refId: 'A', type: 'insights', ...query } as PulseTraceQuery}
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

beforeEach(() => {
  fakeTemplateSrv();
  fakeBackend(() => ({ status: 200, data: { projects: [{ id: 'shop' }], values: [] } }));
});

describe('InsightsEditor', () => {
  it.each<[string, Partial<PulseTraceQuery>, string[], string[]]>([
    ['a new query: the list and its filters', {}, ['Status', 'Severity', 'Kind'], ['Insight id']],
    ['the list view', { view: 'list' }, ['Status', 'Severity', 'Kind'], ['Insight id']],
    ['the detail view: only the card id', { view: 'detail' }, ['Insight id'], ['Status', 'Severity', 'Kind']],
    ['the count view (alert rules): the filters', { view: 'count' }, ['Status', 'Severity', 'Kind'], ['Insight id']],
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

  it('filters the list by status, severity and kind with the values the processor accepts', async () => {
    const { last } = setup({ statuses: ['open'] });
    await choose(screen.getByLabelText('Severity'), 'Critical');
    expect(last()).toMatchObject({ type: 'insights', statuses: ['open'], severities: ['critical'] });
    await choose(screen.getByLabelText('Kind'), 'Release regression');
    expect(last()).toMatchObject({ kinds: ['release_regression'] });
  });

  it('switches to the detail view and commits the card id on blur', () => {
    const { last, rerender, onChange } = setup({});
    fireEvent.click(screen.getByRole('radio', { name: 'Detail' }));
    const next = last();
    expect(next).toMatchObject({ type: 'insights', view: 'detail' });
    rerender(<QueryEditor query={next} onChange={onChange} onRunQuery={jest.fn()} datasource={makeDataSource()} />);
    const id = screen.getByLabelText('Insight id');
    fireEvent.change(id, { target: { value: ' abc ' } });
    fireEvent.blur(id);
    expect(last()).toMatchObject({ view: 'detail', insightId: 'abc' });
  });
});
