import { bound } from './store';

const b = (id: string, createdAt: number) => ({ id, body: '{}', createdAt });

describe('bound', () => {
  it.each([
    ['under the bound', [b('a', 1), b('b', 2)], 3, ['a', 'b'], 0],
    ['at the bound', [b('a', 1), b('b', 2)], 2, ['a', 'b'], 0],
    [
      'over: oldest go first, whatever the input order',
      [b('c', 3), b('a', 1), b('d', 4), b('b', 2)],
      2,
      ['c', 'd'],
      2,
    ],
  ])('%s', (_name, batches, max, kept, dropped) => {
    const out = bound(batches, max);
    expect(out.kept.map((x) => x.id)).toEqual(kept);
    expect(out.dropped).toBe(dropped);
  });
});
