/**
 * The query registry's typing: a parsed query is bound to the handler whose schema accepted it,
 * and that handler's run receives its own schema's output (defaults and transforms applied). The
 * `@ts-expect-error` lines are checked by `tsc` (this file is in the processor's tsconfig): they
 * fail the typecheck if the registry ever exposes a `run` that takes any query again.
 */
import { z } from 'zod';
import { defineHandler, type QueryContext } from './handler';
import { HANDLERS, querySchema, querySchemaOf } from './registry';
import { QueryBase } from './schema';
import type { DataFrameJSON } from './types';

// Never reached: the toy handlers below do not query ClickHouse.
const ctx = { now: 0 } as unknown as QueryContext;

const frame = (name: string, values: unknown[]): DataFrameJSON => ({
  schema: { name, fields: [{ name: 'value', type: 'other' }] },
  data: { values: [values] },
});

const countHandler = defineHandler({
  type: 'count',
  summary: 'test',
  schema: QueryBase.extend({ type: z.literal('count'), step: z.number().int().default(5) }),
  async run(q) {
    const step: number = q.step;
    // @ts-expect-error a field the count schema does not have
    void q.words;
    return [frame('count', [step, q.limit])];
  },
});

const wordsHandler = defineHandler({
  type: 'words',
  summary: 'test',
  schema: QueryBase.extend({
    type: z.literal('words'),
    words: z.string().transform((s) => s.split(' ')),
  }),
  async run(q) {
    const words: string[] = q.words;
    return [frame('words', words)];
  },
});

const toys = querySchemaOf([countHandler, wordsHandler]);
const base = { project: 'p', from: 1000, to: 2000 };

describe('query registry', () => {
  it('runs each query with the handler of its own type, on that schema’s output', async () => {
    const count = toys.parse({ ...base, type: 'count', refId: 'C' });
    const words = toys.parse({ ...base, type: 'words', words: 'a b' });
    expect([count.type, count.refId, count.project, count.from, count.to]).toEqual([
      'count',
      'C',
      'p',
      1000,
      2000,
    ]);
    expect(await count.run(ctx)).toEqual([frame('count', [5, 100])]);
    expect(await words.run(ctx)).toEqual([frame('words', ['a', 'b'])]);
  });

  it('rejects an unknown type by naming the known ones, and a reversed range', () => {
    const unknown = toys.safeParse({ ...base, type: 'nope' });
    expect(unknown.error?.issues.map((i) => i.message)).toEqual(['type must be one of count, words']);
    const reversed = toys.safeParse({ ...base, type: 'count', from: 3000 });
    expect(reversed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['from', 'from must be before to'],
    ]);
  });

  it('rejects an option of another type (each type’s schema is strict)', () => {
    expect(toys.safeParse({ ...base, type: 'count', words: 'a' }).success).toBe(false);
  });

  it('registers every handler once, and binds each to its own type', () => {
    const types = HANDLERS.map((h) => h.type);
    expect(new Set(types).size).toBe(types.length);
    for (const h of HANDLERS) expect(h.schema.shape.type).toBeInstanceOf(z.ZodLiteral);
    // The registry keeps no run that takes any query: only parsers whose output carries its run.
    // @ts-expect-error RegisteredHandler has no run
    void HANDLERS[0]!.run;
    // Every registered type is a branch of the request schema (options may still be missing).
    for (const h of HANDLERS) {
      const issues = querySchema().safeParse({ ...base, type: h.type }).error?.issues ?? [];
      expect([h.type, issues.filter((i) => i.message.startsWith('type must be one of'))]).toEqual([
        h.type,
        [],
      ]);
    }
  });
});
