import {
  candidateBaselines,
  chooseWindows,
  RELEASE_DEFAULTS,
  releasesToAnalyse,
  lookStep,
  verdictStands,
  type ReleaseTraffic,
} from './select';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 10, 12);
const rel = (version: string, firstSeenAgo: number, sessions: number, lastSeenAgo = 0): ReleaseTraffic => ({
  version,
  firstSeen: NOW - firstSeenAgo,
  sessions,
  lastSeen: NOW - lastSeenAgo,
});

describe('releasesToAnalyse', () => {
  it.each([
    [
      'the new release against the one before',
      [rel('1.0', 3 * DAY, 5000), rel('1.1', HOUR, 300)],
      [['1.1', '1.0']],
    ],
    [
      'a release before its first early look waits; the one before is still judged against its own predecessor',
      [rel('0.9', 9 * DAY, 5000), rel('1.0', 3 * DAY, 5000), rel('1.1', HOUR, 49)],
      [['1.0', '0.9']],
    ],
    [
      'from the first early look (50 sessions) a release is judged',
      [rel('0.9', 9 * DAY, 5000), rel('1.0', 3 * DAY, 5000), rel('1.1', HOUR, 50)],
      [
        ['1.1', '1.0'],
        ['1.0', '0.9'],
      ],
    ],
    [
      'a predecessor needs minSessions, not just an early look',
      [rel('0.9', 6 * DAY, 4000), rel('1.0', 4 * DAY, 100), rel('1.1', HOUR, 300)],
      [
        ['1.1', '0.9'],
        ['1.0', '0.9'],
      ],
    ],
    [
      'first seen before the lookback: not analysed',
      [rel('1.0', 20 * DAY, 5000), rel('1.1', 8 * DAY, 900)],
      [],
    ],
    [
      'semver order, not string order',
      [rel('1.10.0', 2 * HOUR, 400), rel('1.9.0', HOUR, 400)],
      [['1.10.0', '1.9.0']],
    ],
    [
      'the previous release needs minSessions too',
      [rel('0.9', 6 * DAY, 4000), rel('1.0', 4 * DAY, 20), rel('1.1', HOUR, 300)],
      [['1.1', '0.9']],
    ],
    [
      'at most maxReleases, newest first',
      [rel('1.0', 6 * DAY, 900), rel('1.1', 4 * DAY, 900), rel('1.2', 2 * DAY, 900), rel('1.3', HOUR, 900)],
      [
        ['1.3', '1.2'],
        ['1.2', '1.1'],
      ],
    ],
    ['events without a release are no release', [rel('', 9 * DAY, 9000), rel('1.0', HOUR, 900)], []],
    ['one release: nothing to compare with', [rel('1.0', HOUR, 900)], []],
    [
      'rolled back (no page view for 6 hours): the release rolled back to is judged',
      [rel('1.0', 6 * DAY, 900), rel('1.1', 3 * DAY, 900), rel('1.2', DAY, 900, 7 * HOUR)],
      [['1.1', '1.0']],
    ],
    [
      'a quiet night is not a rollback',
      [rel('1.0', 3 * DAY, 900), rel('1.1', DAY, 900, 5 * HOUR)],
      [['1.1', '1.0']],
    ],
    [
      'first seen after now (replayed time) is not there yet',
      [rel('1.0', DAY, 900), rel('1.1', -HOUR, 900)],
      [],
    ],
    [
      'non-semver releases in time order',
      [rel('abc123', 2 * DAY, 900), rel('fed456', HOUR, 900)],
      [['fed456', 'abc123']],
    ],
  ])('%s', (_name, traffic, expected) => {
    expect(releasesToAnalyse(traffic, NOW).map((p) => [p.release, p.previous])).toEqual(expected);
  });

  it("the pair starts at the new release's first session", () => {
    expect(releasesToAnalyse([rel('1.0', DAY, 900), rel('1.1', HOUR, 900)], NOW)[0]!.firstSeen).toBe(
      NOW - HOUR,
    );
  });
});

describe('candidateBaselines and chooseWindows', () => {
  const firstSeen = NOW - 2 * HOUR;
  const options = candidateBaselines({ firstSeen }, NOW);

  it('compares the new release from its first session to now, else over its first windowMs', () => {
    expect(options.map((o) => o.current)).toEqual(Array(3).fill({ from: firstSeen, to: NOW }));
    const late = candidateBaselines({ firstSeen: NOW - 3 * DAY }, NOW);
    expect(late[0]!.current).toEqual({ from: NOW - 3 * DAY, to: NOW - 3 * DAY + RELEASE_DEFAULTS.windowMs });
  });

  it('offers the same window, the same hours a day before, then the period just before', () => {
    expect(options.map((o) => [o.mode, o.baseline])).toEqual([
      ['side_by_side', { from: firstSeen, to: NOW }],
      ['day_before', { from: firstSeen - DAY, to: NOW - DAY }],
      ['before', { from: firstSeen - 2 * HOUR, to: firstSeen }],
    ]);
    // Ten minutes in, the period before is an hour: enough of the previous release to compare with.
    expect(candidateBaselines({ firstSeen: NOW - 600_000 }, NOW)[2]!.baseline).toEqual({
      from: NOW - 600_000 - HOUR,
      to: NOW - 600_000,
    });
  });

  it.each([
    ['a rollout: both releases live side by side', [400, 5000, 5000], 'side_by_side'],
    ['a full switch: the same hours yesterday', [3, 5000, 5000], 'day_before'],
    ['the previous release is a day old too: the period before', [0, 0, 800], 'before'],
    ['nowhere enough of the previous release', [100, 149, 20], undefined],
  ])('%s', (_name, sessions, mode) => {
    expect(chooseWindows(options, sessions, 150)?.mode).toBe(mode);
  });
});

describe('lookStep', () => {
  it.each([
    [49, -1],
    [50, 0],
    [62, 0],
    [63, 1],
    [149, 4],
    [150, 5],
    [186, 5],
    [187, 6],
    [450, 10],
  ])('%d sessions: step %d', (sessions, step) => {
    expect(lookStep(sessions)).toBe(step);
  });
});

describe('verdictStands', () => {
  const first = NOW - 2 * HOUR;
  const MIN = 60_000;
  // NOW is on a clock half-hour: a verdict before it is on the previous one.
  // [name, verdict (when, the release's sessions then), first seen, sessions now, stands]
  it.each([
    ['same step, same half-hour: stands', { at: NOW + MIN, sessions: 200 }, first, 230, true, 2],
    ['the next step (×1.246): re-judged', { at: NOW + MIN, sessions: 200 }, first, 240, false, 2],
    [
      'a young release reaching 150: re-judged',
      { at: NOW + MIN, sessions: 140 },
      NOW - 9 * MIN,
      150,
      false,
      2,
    ],
    ['flat, but a new half-hour: re-judged', { at: NOW - MIN, sessions: 200 }, first, 200, false, 0],
    ['flat for 29 minutes of one half-hour: stands', { at: NOW, sessions: 200 }, first, 200, true, 29],
    [
      'judged after the window ended and late rows came: final',
      { at: NOW - 3 * DAY, sessions: 500 },
      NOW - 5 * DAY,
      5000,
      true,
      0,
    ],
    [
      'judged before it ended: not final',
      { at: NOW - 3 * DAY, sessions: 500 },
      NOW - 3 * DAY - HOUR,
      500,
      false,
      0,
    ],
    [
      'a verdict from the future (replayed time went back)',
      { at: NOW + MIN, sessions: 200 },
      first,
      200,
      false,
      0,
    ],
  ])('%s', (_name, verdict, firstSeen, sessions, stands, minutesPast) => {
    expect(verdictStands(verdict, NOW + minutesPast * MIN, { firstSeen, sessions })).toBe(stands);
  });
});
