/**
 * Tag distributions from issue_detail's `tags` frame (tag, value, count, share; the top values of
 * each tag): one group of bars per tag, in the page's order, with the values cut by the query's
 * limit folded into "Other" so each group adds up to the events in range, and whole percentages
 * that add up to exactly 100 (largest remainder), so the numbers read as a breakdown.
 */

export interface TagRow {
  tag: string;
  value: string;
  count: number;
  /** count / every event in range of the issue (0…1). */
  share: number;
}

export interface TagBar {
  value: string;
  count: number;
  /** Whole percent; a group's percents add up to 100. */
  percent: number;
  /** count / the group's total, for the bar's length. */
  fraction: number;
  other?: boolean;
}

export interface TagGroup {
  tag: string;
  label: string;
  total: number;
  bars: TagBar[];
}

export const TAG_LABELS: Record<string, string> = {
  browser: 'Browser',
  os: 'OS',
  device: 'Device',
  release: 'Release',
  route: 'Route',
  country: 'Country',
  environment: 'Environment',
};

/** The distributions the issue page shows, in order. */
export const ISSUE_TAGS = ['browser', 'os', 'device', 'release', 'route', 'country'] as const;

/** Whole percentages of `counts` adding up to 100 (largest remainder); all zeros for no counts. */
export function wholePercents(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) {
    return counts.map(() => 0);
  }
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) {
      break;
    }
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

/**
 * One group per tag of `tags` that has rows, its top `maxValues` values and Other. The group's
 * total is every event of the tag: count / share when the processor cut values (share is of all
 * events in range), else the sum of the counts.
 */
export function tagGroups(rows: TagRow[], tags: readonly string[] = ISSUE_TAGS, maxValues = Infinity): TagGroup[] {
  return tags.flatMap((tag) => {
    const values = rows.filter((r) => r.tag === tag && r.count > 0).sort((a, b) => b.count - a.count);
    if (values.length === 0) {
      return [];
    }
    const listed = values.reduce((a, r) => a + r.count, 0);
    const top = values[0]!;
    const total = top.share > 0 ? Math.max(listed, Math.round(top.count / top.share)) : listed;
    const entries: Array<{ value: string; count: number; other?: boolean }> = values
      .slice(0, maxValues)
      .map((r) => ({ value: r.value || '(not set)', count: r.count }));
    const rest = total - entries.reduce((a, e) => a + e.count, 0);
    if (rest > 0) {
      entries.push({ value: 'Other', count: rest, other: true });
    }
    const percents = wholePercents(entries.map((e) => e.count));
    const bars = entries.map((e, i) => ({ ...e, percent: percents[i]!, fraction: e.count / total }));
    return [{ tag, label: TAG_LABELS[tag] ?? tag, total, bars }];
  });
}
