/**
 * The fingerprint stage: sets `fingerprint`, `fingerprint_version` and the `grouping` explanation
 * on every error row, from what is stored (symbolicated, scrubbed), using the project's grouping
 * rules. The algorithm is in compute.ts and docs/grouping.md.
 */
import type { Stage } from '../pipeline/stages';
import { computeFingerprint } from './compute';

export const fingerprint: Stage = (rows, { project }) => {
  if (rows.errors.length === 0) return rows;
  const settings = { groupingRules: project.settings?.groupingRules };
  const errors = rows.errors.map((row) => {
    const { fingerprint, fingerprint_version, grouping } = computeFingerprint(row, settings);
    return { ...row, fingerprint, fingerprint_version, grouping: JSON.stringify(grouping) };
  });
  return { ...rows, errors };
};

export {
  FINGERPRINT_VERSION,
  SDK_FINGERPRINT_ATTRIBUTE,
  computeFingerprint,
  hashComponents,
  sdkFingerprint,
  type FingerprintInput,
  type FingerprintResult,
  type ExplainedFrame,
  type Grouping,
  type GroupingMethod,
  type GroupingSettings,
} from './compute';
export { isChunkLoadError } from './chunk-load';
export {
  MAX_GROUPING_FRAMES,
  classifyFrames,
  inAppFrames,
  normaliseFunction,
  normaliseModule,
  type FrameExclusion,
} from './frames';
export { isAppFile, notInAppReason, type NotInAppReason } from './in-app';
export { canonicalEngineMessage, normaliseMessage, titleMessage } from './message';
export { Glob } from './rules';
