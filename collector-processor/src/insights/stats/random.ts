/**
 * A seeded generator for simulations (tests, and the insight benchmark's scenarios): the same seed
 * gives the same numbers on every machine, so a simulated coverage or false-alarm count is exact.
 */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Binomial(n, p), exact. */
  binomial(n: number, p: number): number;
  /** Poisson(λ) by Knuth's product method for λ ≤ 30, else a rounded normal approximation. */
  poisson(lambda: number): number;
}

/** mulberry32: 32-bit state, passes gjrand's tests at the sizes simulations here use. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return {
    uniform,
    normal,
    binomial(n, p) {
      if (p >= 1) return n;
      if (p <= 0) return 0;
      // Geometric gaps between successes (exact): O(n·p) draws instead of n.
      const logQ = Math.log1p(-p);
      let k = 0;
      for (
        let i = Math.floor(Math.log(1 - uniform()) / logQ);
        i < n;
        i += Math.floor(Math.log(1 - uniform()) / logQ) + 1
      )
        k++;
      return k;
    },
    poisson(lambda) {
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
      const limit = Math.exp(-lambda);
      let k = 0;
      for (let prod = uniform(); prod > limit; prod *= uniform()) k++;
      return k;
    },
  };
}
