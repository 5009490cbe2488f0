import React, { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { config } from '@grafana/runtime';
import { deniedReason } from '../../auth/roles';
import { BulkActions } from './BulkActions';
import { IssueTable } from './IssueTable';
import { IssueRow, IssueSort } from './model';
import { stubCanvas } from '../../testing/noCanvas';

beforeAll(stubCanvas);

const NOW = Date.UTC(2026, 0, 1, 12);
const ROWS: IssueRow[] = [
  {
    id: 'fp-checkout-total',
    title: "TypeError: Cannot read properties of undefined (reading 'total')",
    culprit: 'submitOrder (src/checkout/pay.ts)',
    status: 'unresolved',
    substatus: 'new',
    firstSeen: NOW - 290 * 60_000,
    lastSeen: NOW - 14 * 60_000,
    events: 24,
    users: 8,
    firstRelease: '1.0.0',
    assignee: 'ann',
    trend: [0, 2, 3, 5, 6, 8],
  },
  {
    id: 'fp-search-range',
    title: 'RangeError: Invalid array length',
    culprit: 'renderGrid (src/search/grid.ts)',
    status: 'regressed',
    substatus: 'regressed',
    firstSeen: NOW - 240 * 60_000,
    lastSeen: NOW - 90 * 60_000,
    events: 6,
    users: 6,
    firstRelease: null,
    assignee: null,
    trend: [1, 1, 1, 1, 2, 0],
  },
];

function signInAs(role: string) {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: role as never } };
}

/** The table with its selection and sort held as the page holds them. */
function Harness({ onSort = () => {} }: { onSort?: (s: IssueSort) => void }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sort, setSort] = useState<IssueSort>('last_seen');
  return (
    <Router>
      <output aria-label="selected">{[...selected].join(',')}</output>
      <IssueTable
        rows={ROWS}
        sort={sort}
        onSort={(s) => {
          setSort(s);
          onSort(s);
        }}
        selected={selected}
        onSelect={setSelected}
        issueHref={(id) => `/a/pulsetrace-app/issues/${id}?var-project=shop&from=now-24h&to=now`}
        now={NOW}
      />
    </Router>
  );
}

// TextLink's internal links are router links: Grafana renders the app inside its router.
const Router = MemoryRouter as unknown as React.ComponentType<{ children?: React.ReactNode }>;

const rowOf = (title: string) => screen.getByRole('link', { name: title }).closest('tr') as HTMLElement;

describe('IssueTable', () => {
  it('shows each issue: link, culprit, status, sparkline, counts, times and the release it came in', () => {
    render(<Harness />);
    const first = rowOf(ROWS[0]!.title);
    expect(within(first).getByRole('link', { name: ROWS[0]!.title })).toHaveAttribute(
      'href',
      '/a/pulsetrace-app/issues/fp-checkout-total?var-project=shop&from=now-24h&to=now'
    );
    expect(within(first).getByText('submitOrder (src/checkout/pay.ts)')).toBeInTheDocument();
    expect(within(first).getByText('New')).toBeInTheDocument();
    expect(within(first).getByText('ann')).toBeInTheDocument();
    expect(within(first).getByRole('img', { name: '24 events in the range' })).toBeInTheDocument();
    expect(within(first).getByText('24')).toBeInTheDocument();
    expect(within(first).getByText('8')).toBeInTheDocument();
    expect(within(first).getByText('5 hours ago')).toBeInTheDocument();
    expect(within(first).getByText('14 minutes ago')).toBeInTheDocument();
    expect(within(first).getByText('1.0.0')).toBeInTheDocument();
    const second = rowOf(ROWS[1]!.title);
    expect(within(second).getByText('Regressed')).toBeInTheDocument();
    expect(within(second).getByRole('img', { name: '6 events in the range' })).toBeInTheDocument();
    expect(within(second).getByText('—')).toBeInTheDocument();
    expect(screen.getAllByTestId('issue-sparkline')).toHaveLength(2);
  });

  it('selects one issue, then all, then none', () => {
    render(<Harness />);
    const selected = screen.getByRole('status', { name: 'selected' });
    fireEvent.click(screen.getByRole('checkbox', { name: `Select ${ROWS[1]!.title}` }));
    expect(selected).toHaveTextContent('fp-search-range');
    const all = screen.getByRole('checkbox', { name: 'Select every issue on this page' });
    expect(all).not.toBeChecked();
    fireEvent.click(all);
    expect(selected).toHaveTextContent('fp-checkout-total,fp-search-range');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select every issue on this page' }));
    expect(selected).toHaveTextContent(/^$/);
  });

  it('sorts by the processor’s sorts from the headers, showing which one is active', () => {
    const onSort = jest.fn();
    render(<Harness onSort={onSort} />);
    expect(screen.getByRole('button', { name: 'Sort by last seen' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'Sort by events' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sort by users' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sort by first seen' }));
    expect(onSort.mock.calls.map(([s]) => s)).toEqual(['frequent', 'users', 'newest']);
    expect(screen.getByRole('button', { name: 'Sort by first seen' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Sort by last seen' })).toHaveAttribute('aria-pressed', 'false');
  });
});

describe('BulkActions', () => {
  it('Viewers see resolve, ignore and assign disabled, with who can', () => {
    signInAs('Viewer');
    const onAction = jest.fn();
    render(<BulkActions selected={2} onAction={onAction} />);
    for (const name of ['Resolve', 'Ignore', 'Unassign']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    expect(screen.getAllByLabelText(deniedReason('changeIssues'))).toHaveLength(3);
    expect(screen.getByRole('textbox', { name: 'Assignee' })).toBeDisabled();
  });

  it('Editors change the selected issues; nothing selected, nothing to press', () => {
    signInAs('Editor');
    const onAction = jest.fn();
    const { rerender } = render(<BulkActions selected={0} onAction={onAction} />);
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeDisabled();
    rerender(<BulkActions selected={2} onAction={onAction} />);
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ignore' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Assignee' }), { target: { value: 'ann' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    expect(onAction.mock.calls.map(([a]) => a)).toEqual([
      { kind: 'resolve' },
      { kind: 'ignore' },
      { kind: 'assign', assignee: 'ann' },
    ]);
  });

  it('says what did not change and why', () => {
    signInAs('Editor');
    render(
      <BulkActions
        selected={0}
        onAction={() => {}}
        outcome={{ severity: 'warning', title: 'Resolved 1 of 2 issues; 1 did not change', details: ['b: gone'] }}
      />
    );
    expect(screen.getByText('Resolved 1 of 2 issues; 1 did not change')).toBeInTheDocument();
    expect(screen.getByText('b: gone')).toBeInTheDocument();
  });
});
