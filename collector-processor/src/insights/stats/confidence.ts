/**
 * Confidence intervals for release comparison, pure. Differences are always target − base.
 * References: Newcombe, "Interval estimation for the difference between independent proportions"
 * (Stat Med 1998, method 10); Wilson (1927); Campbell & Gardner in "Statistics with Confidence"
 * (2nd ed., ch. 5) for quantile ranks; Welch (1947) with the Welch–Satterthwaite degrees of freedom.
 */

/** Two-sided 95%. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export interface Estimate extends Interval {
  estimate: number;
}

/** Wilson score interval for x successes in n trials (n > 0). */
export function wilson(x: number, n: number, z = Z95): Estimate {
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return { estimate: p, low: (centre - spread) / denominator, high: (centre + spread) / denominator };
}

/**
 * MOVER (method of variance estimates recovery): the difference a − b with an interval combining
 * each estimate's own interval, side by side in quadrature. Applied to Wilson intervals it is
 * Newcombe's hybrid score interval; applied to quantile intervals it combines two asymmetric
 * order-statistic intervals.
 */
export function moverDifference(a: Estimate, b: Estimate): Estimate {
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    low: d - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2),
    high: d + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2),
  };
}

/** Difference of two proportions xa/na − xb/nb, Newcombe's method 10 (better than Wald near 0 and 1). */
export function proportionDifference(xa: number, na: number, xb: number, nb: number, z = Z95): Estimate {
  return moverDifference(wilson(xa, na, z), wilson(xb, nb, z));
}

/** Wald interval for a difference of proportions (the textbook large-sample one, for comparison). */
export function waldProportionDifference(xa: number, na: number, xb: number, nb: number, z = Z95): Estimate {
  const pa = xa / na;
  const pb = xb / nb;
  const se = Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb);
  return { estimate: pa - pb, low: pa - pb - z * se, high: pa - pb + z * se };
}

/** Difference of Poisson rates ea/na − eb/nb (events per unit of exposure), Wald: var(e/n) = e/n². */
export function poissonRateDifference(ea: number, na: number, eb: number, nb: number, z = Z95): Estimate {
  const d = ea / na - eb / nb;
  const se = Math.sqrt(ea / (na * na) + eb / (nb * nb));
  return { estimate: d, low: d - z * se, high: d + z * se };
}

/** Difference of two Poisson counts a − b: var = a + b. */
export function poissonCountDifference(a: number, b: number, z = Z95): Estimate {
  const se = Math.sqrt(a + b);
  return { estimate: a - b, low: a - b - z * se, high: a - b + z * se };
}

export interface Moments {
  mean: number;
  /** Sample variance (n − 1 denominator). */
  variance: number;
  n: number;
}

/** Welch interval for mean a − mean b (each n ≥ 2), t quantile at Welch–Satterthwaite df. */
export function welchDifference(a: Moments, b: Moments, confidence = 0.95): Estimate {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const d = a.mean - b.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { estimate: d, low: d, high: d };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { estimate: d, low: d - t * se, high: d + t * se };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
function lnGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const aa of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + aa * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile (0.5 < p < 1) of Student's t, by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export interface QuantileRanks {
  /** 1-based rank of the point estimate: ceil(n·p), the smallest value with at least p of the sample at or below it. */
  point: number;
  low: number;
  high: number;
}

/**
 * Ranks (1-based, within [1, n]) of the order statistics that bound a distribution-free interval
 * for the p-quantile, from the normal approximation to the binomial (Campbell & Gardner):
 * low = round(n·p − z·√(n·p·(1−p))), high = round(1 + n·p + z·√(n·p·(1−p))).
 */
export function quantileRanks(n: number, p: number, z = Z95): QuantileRanks {
  const spread = z * Math.sqrt(n * p * (1 - p));
  const clamp = (r: number) => Math.min(n, Math.max(1, r));
  return {
    point: clamp(Math.ceil(n * p)),
    low: clamp(Math.round(n * p - spread)),
    high: clamp(Math.round(1 + n * p + spread)),
  };
}

/** Whether an interval excludes zero. */
export function excludesZero(i: Interval): boolean {
  return i.low > 0 || i.high < 0;
}
