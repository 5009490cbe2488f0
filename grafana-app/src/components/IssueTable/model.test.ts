import { FieldType, toDataFrame } from '@grafana/data';
import { bulkBody, bulkOutcome } from './bulk';
import { pageCount, pageInfoOf, rangeLabel, rowsFromFrame, statusBadge } from './model';

describe('rowsFromFrame', () => {
  it('reads the issues frame into rows, in order, with empty values as null and the trend as numbers', () => {
    const frame = toDataFrame({
      refId: 'issues',
      meta: { custom: { source: 'issues', total: 120, trend: { from: 0, intervalMs: 1800_000, buckets: 3 } } },
      fields: [
        { name: 'id', type: FieldType.string, values: ['a', 'b'] },
        { name: 'title', type: FieldType.string, values: ['TypeError: x', 'RangeError: y'] },
        { name: 'culprit', type: FieldType.string, values: ['f (a.ts)', ''] },
        { name: 'status', type: FieldType.string, values: ['unresolved', 'ignored'] },
        { name: 'substatus', type: FieldType.string, values: ['new', null] },
        { name: 'first_seen', type: FieldType.time, values: [1000, 2000] },
        { name: 'last_seen', type: FieldType.time, values: [3000, 4000] },
        { name: 'events', type: FieldType.number, values: [24, 6] },
        { name: 'users', type: FieldType.number, values: [8, null] },
        { name: 'first_release', type: FieldType.string, values: ['1.0.0', null] },
        { name: 'assignee', type: FieldType.string, values: [null, 'ann'] },
        {
          name: 'trend',
          type: FieldType.other,
          values: [
            [1, 0, 2],
            ['3', 0, 0],
          ],
        },
      ],
    });
    expect(rowsFromFrame(frame)).toEqual([
      {
        id: 'a',
        title: 'TypeError: x',
        culprit: 'f (a.ts)',
        status: 'unresolved',
        substatus: 'new',
        firstSeen: 1000,
        lastSeen: 3000,
        events: 24,
        users: 8,
        firstRelease: '1.0.0',
        assignee: null,
        trend: [1, 0, 2],
      },
      {
        id: 'b',
        title: 'RangeError: y',
        culprit: '',
        status: 'ignored',
        substatus: null,
        firstSeen: 2000,
        lastSeen: 4000,
        events: 6,
        users: 0,
        firstRelease: null,
        assignee: 'ann',
        trend: [3, 0, 0],
      },
    ]);
    expect(pageInfoOf(frame)).toEqual({ total: 120, trend: { from: 0, intervalMs: 1800_000, buckets: 3 } });
    expect(rowsFromFrame(undefined)).toEqual([]);
    expect(pageInfoOf(undefined)).toEqual({ total: null, trend: undefined });
  });
});

describe('status badge', () => {
  it.each([
    ['unresolved', 'new', 'New', 'orange'],
    ['unresolved', 'ongoing', 'Ongoing', 'blue'],
    ['regressed', 'regressed', 'Regressed', 'red'],
    ['resolved', null, 'Resolved', 'green'],
    ['resolved_in_next_release', null, 'Resolved in next release', 'green'],
    ['ignored', 'forever', 'Ignored', 'darkgrey'],
  ])('%s / %s → %s (%s)', (status, substatus, text, color) => {
    expect(statusBadge({ status, substatus })).toMatchObject({ text, color });
  });
});

describe('paging labels', () => {
  it.each([
    [1, 50, 50, 10_000, '1–50 of 10,000', 200],
    [200, 50, 50, 10_000, '9,951–10,000 of 10,000', 200],
    [3, 50, 7, 107, '101–107 of 107', 3],
    [1, 50, 0, 0, 'No issues', 1],
    [5, 50, 0, null, 'No issues', 5], // past the end: the processor has no row to count on
  ])('page %i of size %i with %i rows of %s', (page, size, rows, total, label, pages) => {
    expect(rangeLabel(page, size, rows, total)).toBe(label);
    expect(pageCount(total, size, page)).toBe(pages);
  });
});

describe('bulk changes', () => {
  const titles = new Map([
    ['a', 'TypeError: x'],
    ['b', 'RangeError: y'],
  ]);
  it.each([
    [{ kind: 'resolve' } as const, { ids: ['a'], status: 'resolved' }],
    [{ kind: 'ignore' } as const, { ids: ['a'], status: 'ignored' }],
    [{ kind: 'assign', assignee: 'ann' } as const, { ids: ['a'], assignee: 'ann' }],
    [{ kind: 'assign', assignee: null } as const, { ids: ['a'], assignee: null }],
  ])('%j sends %j', (action, body) => {
    expect(bulkBody(action, ['a'])).toEqual(body);
  });

  it.each([
    [
      'all changed',
      { kind: 'resolve' } as const,
      { updated: [{ id: 'a' }, { id: 'b' }], failed: [] },
      { severity: 'success', title: 'Resolved 2 issues', details: [] },
    ],
    [
      'some did not: which and why, by title',
      { kind: 'assign', assignee: 'ann' } as const,
      { updated: [{ id: 'a' }], failed: [{ id: 'b', error: 'no issue b in project shop' }] },
      {
        severity: 'warning',
        title: 'Assigned 1 of 2 issues to ann; 1 did not change',
        details: ['RangeError: y: no issue b in project shop'],
      },
    ],
    [
      'none did',
      { kind: 'ignore' } as const,
      { updated: [], failed: [{ id: 'zz', error: 'gone' }] },
      { severity: 'error', title: 'Ignored 0 of 1 issue; 1 did not change', details: ['zz: gone'] },
    ],
    [
      'the call failed',
      { kind: 'assign', assignee: null } as const,
      new Error('Editors and admins can change issues'),
      { severity: 'error', title: 'Nothing was changed', details: ['Editors and admins can change issues'] },
    ],
  ])('%s', (_name, action, result, outcome) => {
    expect(bulkOutcome(action, result, titles)).toEqual(outcome);
  });
});
