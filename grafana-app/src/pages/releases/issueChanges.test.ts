import { countChanges, issueChanges, IssueSummary, issueSummaries } from './issueChanges';

const issue = (id: string, events: number, status = 'unresolved'): IssueSummary => ({
  id,
  title: id,
  culprit: '',
  status,
  events,
  users: 1,
  firstRelease: null,
});

describe('issueChanges', () => {
  it.each([
    ['nothing changed', [issue('a', 5)], [issue('a', 5)], []],
    ['one new in target', [issue('a', 5)], [issue('a', 5), issue('b', 2)], [['new', 'b']]],
    ['one gone in target', [issue('a', 5), issue('b', 2)], [issue('a', 5)], [['resolved', 'b']]],
    // A regressed issue seen in both releases is still what the target brought back.
    ['regressed in both', [issue('a', 5, 'regressed')], [issue('a', 5, 'regressed')], [['regressed', 'a']]],
    [
      'regressed first, then new by events, then gone',
      [issue('gone', 50), issue('both', 1)],
      [issue('both', 1), issue('small', 1), issue('big', 9), issue('back', 3, 'regressed')],
      [
        ['regressed', 'back'],
        ['new', 'big'],
        ['new', 'small'],
        ['resolved', 'gone'],
      ],
    ],
  ])('%s', (_name, base, target, expected) => {
    const changes = issueChanges(base, target);
    expect(changes.map((c) => [c.change, c.id])).toEqual(expected);
  });

  it('counts each kind', () => {
    const changes = issueChanges([issue('gone', 1)], [issue('n1', 1), issue('n2', 1), issue('r', 1, 'regressed')]);
    expect(countChanges(changes)).toEqual({ regressed: 1, new: 2, resolved: 1 });
  });

  it('reads an issues frame', () => {
    expect(
      issueSummaries({
        id: ['fp-1'],
        title: ['TypeError: x'],
        culprit: ['pay.ts'],
        status: ['regressed'],
        events: [12],
        users: [3],
        first_release: [null],
      })
    ).toEqual([
      {
        id: 'fp-1',
        title: 'TypeError: x',
        culprit: 'pay.ts',
        status: 'regressed',
        events: 12,
        users: 3,
        firstRelease: null,
      },
    ]);
  });
});
