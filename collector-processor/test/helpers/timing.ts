/**
 * Relative timing for the linear-time tests (test/adversarial/redos.test.ts): a worst-case input
 * is timed against a normal input of the same size in the same process, so the bound holds on a
 * slow or busy machine where an absolute time would not.
 */
import { performance } from 'node:perf_hooks';

/** The fastest of `runs` timings of `fn` (the least disturbed by other work on the machine). */
export function fastestMs(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * How many times slower `fn` is on `worst` than on `normal`. Each is repeated until the normal
 * input takes at least `minMs`, so timer resolution does not decide the ratio.
 */
export function slowdown(fn: (s: string) => unknown, normal: string, worst: string, minMs = 2): number {
  let reps = 1;
  while (fastestMs(() => fn(normal), 1) * reps < minMs && reps < 1 << 16) reps *= 2;
  const time = (s: string) =>
    fastestMs(() => {
      for (let i = 0; i < reps; i++) fn(s);
    });
  return time(worst) / time(normal);
}

/** `unit` repeated and cut to exactly `size` characters. */
export const fill = (unit: string, size: number): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
