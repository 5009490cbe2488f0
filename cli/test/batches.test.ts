import { MAX_FILE_BYTES, planBatches, type UploadFile } from '../src/sourcemaps/batches';

const f = (name: string, bytes: number): UploadFile => ({ name, bytes });
const names = (batches: UploadFile[][]) => batches.map((b) => b.map((x) => x.name).join('+'));

describe('planBatches', () => {
  it.each<[string, UploadFile[][], number, string[], string[]]>([
    ['nothing', [], 100, [], []],
    ['all in one', [[f('a.js', 10), f('a.js.map', 30)], [f('b.js', 10)]], 100, ['a.js+a.js.map+b.js'], []],
    ['split at the limit', [[f('a', 60)], [f('b', 40)], [f('c', 1)]], 100, ['a+b', 'c'], []],
    [
      'a pair is never split',
      [[f('a', 10)], [f('b.js', 50), f('b.js.map', 50)]],
      100,
      ['a', 'b.js+b.js.map'],
      [],
    ],
    [
      'a unit over the limit goes alone',
      [[f('a', 10)], [f('big.js', 80), f('big.js.map', 90)], [f('c', 10)]],
      100,
      ['a', 'big.js+big.js.map', 'c'],
      [],
    ],
    [
      'files over the per-file limit are left out',
      [[f('huge.js', 10), f('huge.js.map', MAX_FILE_BYTES + 1)], [f('ok', 1)]],
      MAX_FILE_BYTES * 4,
      ['huge.js+ok'],
      ['huge.js.map'],
    ],
  ])('%s', (_name, units, max, batches, tooLarge) => {
    const plan = planBatches(units, max);
    expect(names(plan.batches)).toEqual(batches);
    expect(plan.tooLarge.map((x) => x.name)).toEqual(tooLarge);
  });

  it('never exceeds the limit with units that fit', () => {
    const units = Array.from({ length: 200 }, (_, i) => [
      f(`${i}.js`, 1 + ((i * 7919) % 97)),
      f(`${i}.js.map`, 1 + ((i * 104729) % 89)),
    ]);
    const plan = planBatches(units, 500);
    for (const b of plan.batches) expect(b.reduce((n, x) => n + x.bytes, 0)).toBeLessThanOrEqual(500);
    expect(plan.batches.flat()).toHaveLength(400);
  });
});
