/**
 * The statistics of insight detection, pure: seasonal baselines, intervals and two-sample tests,
 * change points. No I/O here; the engine feeds these from SQL aggregates. docs/insights.md,
 * "Statistics", states each method and its defaults.
 */
export { BASELINE_DEFAULTS, seasonalBaseline } from './baseline';
export { compareCounts, compareSums, poissonInterval, sumInterval } from './counts';
export { CHANGE_POINT_DEFAULTS, changePoint, differenceSigma } from './change-point';
export {
  compareQuantiles,
  compareRates,
  quantileInterval,
  quantileRankInterval,
  quantileShiftP,
  rateInterval,
  rateStdError,
} from './intervals';
export { seededRandom } from './random';
export type { Random } from './random';
export {
  MAD_SCALE,
  madSmallSampleFactor,
  madSpread,
  median,
  normalCdf,
  normalQuantile,
  twoSidedP,
  zFor,
} from './robust';
export type * from './types';
