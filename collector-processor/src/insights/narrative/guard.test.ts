import { checkAnswer, inventedNumbers } from './guard';

const evidence = JSON.stringify({
  release: '1.4.2',
  startedAt: '2026-12-01T10:00:00.000Z',
  affectedSessions: 1840,
  deltas: [{ metric: 'LCP p75', value: 3180, baseline: 2410, interval: [2950, 3400] }],
  score: 0.82,
});

describe('inventedNumbers', () => {
  it.each<[string, string[]]>([
    ['LCP p75 on /checkout went from 2410 to 3180 ms in release 1.4.2.', []],
    ['About 1,840 sessions were affected since 10:00.', []],
    ['The interval is 2950 to 3400; score 0.820.', []],
    ['LCP rose by 770 ms.', ['770']],
    ['LCP rose by 32 %.', ['32']],
    ['Roughly 3.2 seconds now.', ['3.2']],
    ['Release 1.4.3 is to blame.', ['1.4.3']],
    ['1. Check the hero image.\n2. Roll back 1.4.2.', []],
    ['Check the top 5 resources.', ['5']],
    ['No numbers at all.', []],
  ])('%s', (answer, invented) => expect(inventedNumbers(answer, evidence)).toEqual(invented));
});

describe('checkAnswer', () => {
  it('accepts a clean answer, with whitespace tidied', () => {
    expect(checkAnswer('  LCP rose in 1.4.2.\r\n\r\n\r\nNext step:   check   the image. ', evidence)).toEqual(
      {
        ok: true,
        summary: 'LCP rose in 1.4.2.\n\nNext step: check the image.',
      },
    );
  });
  it.each<[string, string]>([
    ['', 'empty'],
    ['   \n ', 'empty'],
    ['x'.repeat(1201), 'too_long'],
    ['LCP rose by 770 ms.', 'invented_number'],
    ['Evidence pack: {"kind":"release_regression"', 'not_prose'],
    ['The "metric": web_vital.LCP.p75 moved.', 'not_prose'],
  ])('rejects %j as %s', (answer, reason) =>
    expect(checkAnswer(answer, evidence)).toMatchObject({ ok: false, reason }),
  );
});
