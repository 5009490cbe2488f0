import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { PulseTraceQuery } from '../types';
import { makeDataSource } from '../testing/datasource';
import { fakeBackend, fakeTemplateSrv } from '../testing/grafana';
import { QueryEditor } from './QueryEditor';

function setup(query: unknown) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const view = render(
    <QueryEditor
      query={query as PulseTraceQuery}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={makeDataSource()}
    />
  );
  /** The query as last changed. */
  const last = (): PulseTraceQuery => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, last, ...view };
}

/**
 * Types into a combobox and picks the first matching option, as a keyboard user would. A combobox
 * with a fixed list highlights it as you type; one with loaded options (or several values) needs
 * ArrowDown first.
 */
async function pick(input: HTMLElement, text: string, arrowDown = false) {
  await act(async () => {
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: text } });
  });
  // Async options are loaded after a short debounce.
  await act(() => new Promise((resolve) => setTimeout(resolve, 250)));
  await act(async () => {
    if (arrowDown) {
      fireEvent.keyDown(input, { key: 'ArrowDown' });
    }
    fireEvent.keyDown(input, { key: 'Enter' });
  });
}

beforeEach(() => {
  fakeTemplateSrv({ release: '1.2.0' });
  fakeBackend((request) =>
    request.url.endsWith('/projects')
      ? { status: 200, data: { projects: [{ id: 'shop' }, { id: 'blog' }] } }
      : {
          status: 200,
          data: {
            values: [{ value: '1.3.0', count: 3 }].filter((v) =>
              v.value.includes(String(request.params?.search ?? ''))
            ),
          },
        }
  );
});

describe('QueryEditor', () => {
  it('shows a new query as web vitals for the default project', () => {
    setup({ refId: 'A' });
    expect(screen.getByLabelText('Project')).toHaveAttribute('placeholder', 'Default (shop)');
    expect(screen.getByLabelText('Query')).toHaveValue('Web vitals');
    expect(screen.getByRole('radio', { name: 'LCP' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Time series' })).toBeChecked();
  });

  it('changes an option and runs the query', () => {
    const { last, onRunQuery } = setup({ refId: 'A', type: 'web_vitals' });
    fireEvent.click(screen.getByRole('radio', { name: 'INP' }));
    expect(last()).toMatchObject({ type: 'web_vitals', metric: 'INP', schemaVersion: 1 });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('switches the type, keeping project and filters, with the new type defaults', async () => {
    const { last } = setup({
      refId: 'A',
      type: 'web_vitals',
      project: 'blog',
      filters: { release: ['1.0'] },
      metric: 'CLS',
    });
    await pick(screen.getByLabelText('Query'), 'Issues');
    expect(last()).toMatchObject({ type: 'issues', project: 'blog', filters: { release: ['1.0'] }, sort: 'last_seen' });
    expect(last().metric).toBeUndefined();
  });

  it('picks a project from the processor', async () => {
    const { last } = setup({ refId: 'A' });
    await pick(screen.getByLabelText('Project'), 'blo', true);
    expect(last().project).toBe('blog');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['web analytics', { type: 'web_analytics' }, ['Metrics', 'View']],
    ['breakdown', { type: 'web_breakdown' }, ['Break down by']],
    ['errors', { type: 'errors' }, ['Issues', 'Exception types']],
    ['error rate', { type: 'error_rate' }, ['Rate']],
    ['issues', { type: 'issues' }, ['Status', 'Search', 'Sort']],
    ['issue detail', { type: 'issue_detail' }, ['Issue id', 'Event id']],
    ['release comparison', { type: 'release_comparison' }, ['Base release', 'Target release']],
    ['HTTP', { type: 'http' }, ['Methods', 'URL templates']],
    ['long tasks', { type: 'long_tasks' }, ['View']],
    ['resources', { type: 'resources' }, ['Resource types']],
    ['sessions', { type: 'sessions' }, ['Sort', 'Visitor', 'Had an error']],
    ['session timeline', { type: 'session_timeline' }, ['Session id']],
    ['custom events by property', { type: 'custom_events', view: 'properties' }, ['Events', 'Property']],
    [
      'a custom-event measure',
      { type: 'custom_events', view: 'measure_timeseries' },
      ['Events', 'Property', 'Aggregation'],
    ],
    ['releases', { type: 'releases' }, ['Group by', 'Limit', 'Include bots']],
  ])('shows the options of %s', (_name, query, labels) => {
    setup({ refId: 'A', ...query });
    for (const label of labels) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
  });

  it('explains live events', () => {
    setup({ refId: 'A', type: 'live' });
    expect(screen.getByText(/Limit is how many rows stay on screen/)).toBeInTheDocument();
  });

  it('commits a text option on blur, not on every key', () => {
    const { onChange, last } = setup({ refId: 'A', type: 'issue_detail' });
    const input = screen.getByLabelText('Issue id');
    fireEvent.change(input, { target: { value: ' abc123 ' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(input);
    expect(last()).toMatchObject({ type: 'issue_detail', issueId: 'abc123' });
  });

  it('asks for the attribution key only in web vitals’ attribution view', () => {
    const table = setup({ refId: 'A', type: 'web_vitals', metric: 'INP', view: 'table' });
    expect(screen.getByLabelText('Percentiles')).toBeInTheDocument();
    expect(screen.queryByLabelText('Attribution key')).not.toBeInTheDocument();
    table.unmount();
    const { last } = setup({ refId: 'A', type: 'web_vitals', metric: 'INP', view: 'attribution' });
    const input = screen.getByLabelText('Attribution key');
    fireEvent.change(input, { target: { value: 'interactionTarget' } });
    fireEvent.blur(input);
    expect(last()).toMatchObject({ type: 'web_vitals', view: 'attribution', attribution: 'interactionTarget' });
  });

  it('sets the limit and bots switch', () => {
    const { last } = setup({ refId: 'A', type: 'sessions' });
    const limit = screen.getByLabelText('Limit');
    fireEvent.change(limit, { target: { value: '25' } });
    fireEvent.keyDown(limit, { key: 'Enter' });
    expect(last().limit).toBe(25);
    fireEvent.click(screen.getByLabelText('Include bots'));
    expect(last().includeBots).toBe(true);
  });

  it('adds a filter with a typed value, and removes one', async () => {
    const { last } = setup({ refId: 'A', type: 'web_vitals', exclude: { country: ['US'] } });
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(screen.getByLabelText('Values', { selector: '#pulsetrace-A-filter-new-values' }), '$release', true);
    expect(last()).toMatchObject({ filters: { release: ['$release'] }, exclude: { country: ['US'] } });

    fireEvent.click(screen.getByRole('button', { name: 'Remove the country filter' }));
    expect(last().exclude).toEqual({});
  });

  it('offers web vitals’ navigation type as a filter with its fixed values, and as a group-by', async () => {
    const { last } = setup({ refId: 'A', type: 'web_vitals' });
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(screen.getByLabelText('Filter', { selector: '#pulsetrace-A-filter-new-key' }), 'Navigation type');
    // "soft" typed: the first option is the typed value itself, the next the matching fixed value.
    const values = screen.getByLabelText('Values', { selector: '#pulsetrace-A-filter-new-values' });
    await act(async () => {
      fireEvent.click(values);
      fireEvent.change(values, { target: { value: 'soft' } });
    });
    await act(() => new Promise((resolve) => setTimeout(resolve, 250)));
    await act(async () => {
      fireEvent.keyDown(values, { key: 'ArrowDown' });
      fireEvent.keyDown(values, { key: 'ArrowDown' });
      fireEvent.keyDown(values, { key: 'Enter' });
    });
    expect(last().filters).toEqual({ navigationType: ['soft-navigation'] });
    await pick(screen.getByLabelText('Group by'), 'Navigation type', true);
    expect(last().groupBy).toEqual(['navigationType']);
  });

  it('does not offer navigation type on a type that does not take it', async () => {
    const { last } = setup({ refId: 'A', type: 'errors' });
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(screen.getByLabelText('Filter', { selector: '#pulsetrace-A-filter-new-key' }), 'Navigation type');
    await pick(screen.getByLabelText('Values', { selector: '#pulsetrace-A-filter-new-values' }), '$release', true);
    expect(last().filters).toEqual({ release: ['$release'] });
  });

  it.each([
    ['undefined', undefined],
    ['a string', 'SELECT 1'],
    ['an unknown type', { refId: 'A', type: 'heatmap', view: 42 }],
    ['wrong field types', { refId: 'A', type: 'issues', statuses: 'open', filters: 'x', groupBy: {}, limit: 'many' }],
    ['a v0 query', { refId: 'A', queryType: 'pageviews', metric: 'views', projectId: 'blog' }],
    ['a future query', { refId: 'A', schemaVersion: 7, type: 'custom_events', view: 'funnels', names: [1, null] }],
  ])('renders %s without crashing', (_name, query) => {
    setup(query);
    expect(screen.getByLabelText('Query')).toBeInTheDocument();
  });

  it('says what could not be kept from a saved query', () => {
    setup({ refId: 'A', type: 'heatmap', filters: { planet: 'mars' } });
    expect(screen.getByText('Parts of this saved query could not be kept')).toBeInTheDocument();
    expect(screen.getByText(/does not know the query type "heatmap"/)).toBeInTheDocument();
    expect(screen.getByText(/filter on "planet" was removed/)).toBeInTheDocument();
  });
});
