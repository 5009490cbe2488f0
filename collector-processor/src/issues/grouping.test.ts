import { explainGrouping, parseGrouping, type Grouping } from './grouping';
import { initialState, type IssueState } from './state';
import { substatusOf } from './views';

describe('explainGrouping', () => {
  it.each<[string, Grouping | null, string, string]>([
    ['no grouping stored', null, 'TypeError', 'No grouping explanation is stored for this issue.'],
    [
      'in-app frames',
      { method: 'frames', components: ['TypeError', 'renderCart (app)', 'onClick (app)', 'main (app)'] },
      '',
      'Grouped by exception type TypeError and 3 in-app frames: renderCart (app), onClick (app), main (app).',
    ],
    [
      'one frame',
      { method: 'frames', components: ['Error', 'pay (checkout)'] },
      '',
      'Grouped by exception type Error and 1 in-app frame: pay (checkout).',
    ],
    [
      'message: no in-app frames',
      { method: 'message', components: ['Error', 'timeout after <n> ms'], fallback: 'no_in_app_frames' },
      '',
      'Grouped by exception type Error and the normalised message "timeout after <n> ms", because the error has no in-app stack frames.',
    ],
    [
      'message: minified frames',
      { method: 'message', components: ['Error', 'x'], fallback: 'minified_frames' },
      '',
      'Grouped by exception type Error and the normalised message "x", because its frames are minified and no source map resolved them.',
    ],
    [
      'SDK fingerprint',
      { method: 'sdk', components: ['checkout', 'db'] },
      '',
      'Grouped by the fingerprint the SDK sent: "checkout", "db".',
    ],
    [
      'named project rule overriding the SDK',
      { method: 'rule', rule: 'stripe errors', sdkOverridden: true, components: ['stripe'] },
      '',
      'Grouped by the project\'s grouping rule "stripe errors", which replaced the fingerprint the SDK sent: "stripe".',
    ],
    [
      'unnamed project rule (index)',
      { method: 'rule', rule: 0, components: ['a', 'b', 'c', 'd', 'e'] },
      '',
      'Grouped by the project\'s grouping rule #1: "a", "b", "c" and 2 more.',
    ],
    [
      'chunk load failure',
      { method: 'chunk_load', deployCaused: true, components: ['chunk-load', '1.4.0'] },
      'ChunkLoadError',
      'Grouped as one chunk-load failure of release 1.4.0: usually pages loaded before a deploy asking for scripts that are no longer served.',
    ],
    [
      'unknown method',
      { method: 'future' as never, components: ['a'] },
      '',
      'Grouped by "a" (method future).',
    ],
    ['no components', {}, '', 'Grouped by the error fingerprint.'],
    [
      'v2: the frames that did not count, and why',
      {
        version: 2,
        method: 'frames',
        components: ['PaymentError', 'pay (app.js)'],
        frames: [
          { frame: 'PaymentError (app.js)', counted: false, reason: 'constructor' },
          { frame: 'pay (app.js)', counted: true },
          { frame: 'checkout (app.js)', counted: false, reason: 'async', async: 'async' },
          { frame: 'n (pulsetrace/pulsetrace.min.js)', counted: false, reason: 'sdk' },
        ],
      },
      '',
      'Grouped by exception type PaymentError and 1 in-app frame: pay (app.js). Not counted: PaymentError (app.js) (Error-subclass constructor, printed by one engine only), checkout (app.js) (async continuation, printed by some engines only), n (pulsetrace/pulsetrace.min.js) (the PulseTrace SDK).',
    ],
    [
      'v1 explanation (no frames list) still reads',
      { version: 1, method: 'frames', components: ['TypeError', 'total (cart.js)'], title: 'TypeError: x' },
      '',
      'Grouped by exception type TypeError and 1 in-app frame: total (cart.js).',
    ],
  ])('%s', (_name, grouping, type, expected) => {
    expect(explainGrouping(grouping, type)).toBe(expected);
  });

  it.each([
    ['', null],
    ['not json', null],
    ['[1]', null],
    ['{"method":"sdk"}', { method: 'sdk' }],
  ])('parseGrouping(%j)', (json, expected) => expect(parseGrouping(json)).toEqual(expected));
});

describe('substatusOf', () => {
  const T = Date.UTC(2026, 4, 1);
  const DAY = 86400_000;
  const s = (o: Partial<IssueState>): IssueState => ({ ...initialState('p', 'f'), ...o });
  it.each<[string, Partial<IssueState>, number, string | null]>([
    ['unresolved, first seen 2 days ago', {}, T - 2 * DAY, 'new'],
    ['unresolved, first seen 8 days ago', {}, T - 8 * DAY, 'ongoing'],
    ['woken from ignore within the week', { substatus: 'ongoing' }, T - DAY, 'ongoing'],
    ['regressed', { status: 'regressed' }, T - DAY, 'regressed'],
    ['ignored forever', { status: 'ignored' }, T - DAY, 'forever'],
    ['ignored until a count', { status: 'ignored', ignoreUntilCount: 3 }, T - DAY, 'until_condition'],
    ['resolved', { status: 'resolved' }, T - DAY, null],
  ])('%s → %j', (_name, state, firstSeen, expected) => {
    expect(substatusOf(s(state), firstSeen, T)).toBe(expected);
  });
});
