import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { TagDistribution } from './TagDistribution';
import { TagRow, tagGroups, wholePercents } from './model';

const rows = (tag: string, counts: Record<string, number>, total: number): TagRow[] =>
  Object.entries(counts).map(([value, count]) => ({ tag, value, count, share: count / total }));

// 24 events: three browsers; four countries of which the processor returned the top two.
const TAGS = [
  ...rows('browser', { Chrome: 13, Firefox: 8, Safari: 3 }, 24),
  ...rows('country', { US: 10, DE: 5 }, 24),
  ...rows('os', { Windows: 6, macOS: 6, Android: 6, iOS: 6 }, 24),
];

const percents = (label: string) =>
  within(screen.getByRole('region', { name: `${label} distribution` }))
    .getAllByRole('listitem')
    .map((li) => li.getAttribute('aria-label'));

describe('TagDistribution', () => {
  it('shows each tag’s values as whole percentages that add up to 100, cut values as Other', () => {
    render(<TagDistribution tags={TAGS} />);
    expect(percents('Browser')).toEqual(['Chrome: 54%', 'Firefox: 33%', 'Safari: 13%']);
    expect(percents('Country')).toEqual(['US: 42%', 'DE: 21%', 'Other: 37%']);
    expect(percents('OS')).toEqual(['Windows: 25%', 'macOS: 25%', 'Android: 25%', 'iOS: 25%']);
    for (const label of ['Browser', 'Country', 'OS']) {
      const sum = percents(label).reduce((a, l) => a + Number(/(\d+)%$/.exec(l!)![1]), 0);
      expect(sum).toBe(100);
    }
    // Tags without rows are left out, in the page's order otherwise.
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual([
      'Browser distribution',
      'OS distribution',
      'Country distribution',
    ]);
  });

  it('folds values past maxValues into Other', () => {
    render(<TagDistribution tags={TAGS} maxValues={1} />);
    expect(percents('Browser')).toEqual(['Chrome: 54%', 'Other: 46%']);
  });

  it('says what to do with no events', () => {
    render(<TagDistribution tags={[]} />);
    expect(screen.getByText(/widen the time range/)).toBeInTheDocument();
  });
});

describe('wholePercents', () => {
  it.each([
    [
      [1, 1, 1],
      [34, 33, 33],
    ],
    [
      [2, 1],
      [67, 33],
    ],
    [
      [13, 8, 3],
      [54, 33, 13],
    ],
    [[1], [100]],
    [
      [0, 0],
      [0, 0],
    ],
    [[], []],
    [
      [1, 1, 1, 1, 1, 1, 1],
      [15, 15, 14, 14, 14, 14, 14],
    ],
  ])('%j → %j', (counts, expected) => {
    expect(wholePercents(counts)).toEqual(expected);
    if (counts.some((c) => c > 0)) {
      expect(expected.reduce((a, b) => a + b, 0)).toBe(100);
    }
  });
});

describe('tagGroups', () => {
  it('takes the tag’s total from share when values were cut, else from the counts', () => {
    const [country, browser] = tagGroups(TAGS, ['country', 'browser']);
    expect(country!.total).toBe(24);
    expect(country!.bars.at(-1)).toMatchObject({ value: 'Other', count: 9, other: true });
    expect(browser!.total).toBe(24);
    expect(browser!.bars.some((b) => b.other)).toBe(false);
  });

  it('names an empty value', () => {
    const [g] = tagGroups([{ tag: 'device', value: '', count: 2, share: 1 }], ['device']);
    expect(g!.bars.map((b) => b.value)).toEqual(['(not set)']);
  });
});
