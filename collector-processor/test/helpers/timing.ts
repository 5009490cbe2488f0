/**
 * Relative timing for the linear-time tests (test/adversarial/redos.test.ts): a worst-case input
 * is timed against a normal input of the same size in the same process, so the bound holds on a
 * slow or busy machine where an absolute time would not.
 *
 * Times are this process's CPU time (user + system), not wall time: when other jest workers or
 * jobs share the cores, the scheduler preempts a long run more often than a short one, and wall
 * time made linear code look 8-11× slower at 4× the length (seen in CI and with two busy loops
 * beside the test). CPU time is what the code itself costs.
 */

function cpuMsNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The least CPU time of `runs` calls of `fn` (the least disturbed by collections and caches). */
export function fastestMs(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = cpuMsNow();
    fn();
    best = Math.min(best, cpuMsNow() - start);
  }
  return best;
}

/**
 * CPU milliseconds one call of `fn(input)` takes: calls are repeated until a measure takes at
 * least `minMs`, so timer resolution does not decide it, and the least of `runs` measures is kept.
 */
export function perCallMs(fn: (s: string) => unknown, input: string, minMs = 2, runs = 3): number {
  let reps = 1;
  while (fastestMs(() => fn(input), 1) * reps < minMs && reps < 1 << 16) reps *= 2;
  const total = fastestMs(() => {
    for (let i = 0; i < reps; i++) fn(input);
  }, runs);
  return total / reps;
}

/** `unit` repeated and cut to exactly `size` characters. */
export const fill = (unit: string, size: number): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
