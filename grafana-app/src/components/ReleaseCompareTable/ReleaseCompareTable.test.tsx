import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { ReleaseCompareTable } from './ReleaseCompareTable';
import { ComparisonRow } from './compare';

/** Rows as the seeded shop answers 1.0.0 against 1.1.0 (grafana-app/test/releases-page.test.ts). */
const ROWS: ComparisonRow[] = [
  {
    metric: 'lcp_p75',
    unit: 'ms',
    base: 2276,
    target: 2592,
    difference: 316,
    ciLow: 160.1,
    ciHigh: 517.1,
    baseSamples: 50,
    targetSamples: 60,
    significant: true,
  },
  {
    metric: 'inp_p75',
    unit: 'ms',
    base: 251,
    target: 242,
    difference: -9,
    ciLow: -45.4,
    ciHigh: 35.7,
    baseSamples: 50,
    targetSamples: 60,
    significant: false,
  },
  {
    metric: 'crash_free_sessions',
    unit: 'percentunit',
    base: 0.375,
    target: 0.5,
    difference: 0.125,
    ciLow: 0.02,
    ciHigh: 0.23,
    baseSamples: 1200,
    targetSamples: 41,
    significant: true,
  },
];

const rowOf = (label: string) => screen.getByText(label).closest('tr')!;

describe('ReleaseCompareTable', () => {
  beforeEach(() => render(<ReleaseCompareTable base="1.0.0" target="1.1.0" rows={ROWS} />));

  it('names the releases in the headers', () => {
    expect(screen.getByRole('columnheader', { name: '1.0.0' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '1.1.0' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '95% interval' })).toBeInTheDocument();
  });

  it('highlights a significant regression with colour, an icon and a word', () => {
    const lcp = within(rowOf('LCP p75'));
    expect(lcp.getByText('2.28 s')).toBeInTheDocument();
    expect(lcp.getByText('2.59 s')).toBeInTheDocument();
    expect(lcp.getByText('+316 ms')).toBeInTheDocument();
    expect(lcp.getByText('+160 ms to +517 ms')).toBeInTheDocument();
    const verdict = lcp.getByText('Slower');
    // Grafana's Badge: the word, the arrow icon next to it, a red background (not the only signal).
    const badge = verdict.closest('div')!;
    expect(badge.querySelector('svg')).not.toBeNull();
    // Worse and better look different (red / green badges).
    const better = within(rowOf('Crash-free sessions')).getByText('Better').closest('div')!;
    expect(getComputedStyle(badge).backgroundColor).toMatch(/rgb/);
    expect(getComputedStyle(badge).backgroundColor).not.toBe(getComputedStyle(better).backgroundColor);
  });

  it('says a rise of a share that should rise is better, in percentage points', () => {
    const crashFree = within(rowOf('Crash-free sessions'));
    expect(crashFree.getByText('+12.5 pp')).toBeInTheDocument();
    expect(crashFree.getByText('+2.0 pp to +23.0 pp')).toBeInTheDocument();
    expect(crashFree.getByText('Better')).toBeInTheDocument();
    expect(crashFree.getByText('1,200 / 41')).toBeInTheDocument();
  });

  it('keeps an insignificant change quiet: no badge, no verdict word', () => {
    const inp = within(rowOf('INP p75'));
    expect(inp.getByText('\u22129 ms')).toBeInTheDocument();
    expect(inp.getByText('\u221245.4 ms to +35.7 ms')).toBeInTheDocument();
    expect(inp.getByText('No significant change')).toBeInTheDocument();
    for (const word of ['Slower', 'Faster', 'Worse', 'Better']) {
      expect(inp.queryByText(word)).toBeNull();
    }
    // Secondary text, unlike the significant row's values.
    const quiet = inp.getByText('251 ms');
    const loud = within(rowOf('LCP p75')).getByText('2.28 s');
    expect(quiet.className).not.toBe(loud.className);
  });

  it('explains each metric behind a focusable icon', () => {
    const info = screen.getByLabelText('Largest Contentful Paint, 75th percentile (hard loads)');
    expect(info).toHaveAttribute('tabindex', '0');
  });
});

it('shows the group of a grouped comparison first', () => {
  const rows = ROWS.slice(0, 2).map((r, i) => ({ ...r, group: i ? '/cart' : '/checkout' }));
  render(<ReleaseCompareTable base="1.0.0" target="1.1.0" rows={rows} groupLabel="Route" />);
  expect(screen.getAllByRole('columnheader')[0]).toHaveTextContent('Route');
  const checkout = screen.getByText('/checkout').closest('tr')!;
  expect(within(checkout).getByText('LCP p75')).toBeInTheDocument();
  expect(within(checkout).getByText('Slower')).toBeInTheDocument();
  expect(within(screen.getByText('/cart').closest('tr')!).getByText('No significant change')).toBeInTheDocument();
});
