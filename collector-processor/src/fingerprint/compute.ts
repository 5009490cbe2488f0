/**
 * Fingerprint v2: which issue an error belongs to. Pure, and reads only stored columns, so issues
 * can be regrouped later from ClickHouse rows (after a rule change, or a version change:
 * `pulsetrace issues regroup`, src/issues/regroup.ts).
 *
 * Precedence (first that applies):
 * 1. a project grouping rule (first match) - the server overrides the SDK, as Sentry's
 *    server-side fingerprint rules do: whoever runs the project can fix a bad SDK fingerprint
 *    without a redeploy of the app;
 * 2. the SDK's explicit fingerprint (`pulsetrace.exception.fingerprint`, entries joined by "\n");
 * 3. a chunk-load / dynamic-import failure: ["chunk-load", release], one deploy-caused issue;
 * 4. exception type + the crash site: the top in-app frame with a name or source line (frames.ts);
 *    its callers do not count; only the app's own files
 *    (in-app.ts), without frames one engine prints and another does not (Error-subclass
 *    constructors, async continuations); + the normalised message when the app wrote it
 *    (app-message.ts), so different faults thrown from one shared helper stay apart;
 * 5. exception type + the normalised message, in one wording for every engine (message.ts).
 * v2 (from v1): stricter in-app files, the crash site instead of the top 5 frames, constructor
 * frames, engine message classes, titles without variable data, `frames` in the explanation.
 * Rules and SDK fingerprints may use {{ default }} (the components of 3-5), {{ type }},
 * {{ message }} (normalised) and {{ release }}.
 */
import crypto from 'node:crypto';
import type { GroupingRule } from '../projects/settings';
import type { ErrorRow } from '../store/rows';
import { isAppWrittenMessage } from './app-message';
import { chunkLoadTitle, isChunkLoadError } from './chunk-load';
import {
  classifyFrames,
  frameLabel,
  judgeFrames,
  looksMinified,
  type FrameExclusion,
  type FramesFallback,
  type NormalisedFrame,
} from './frames';
import { normaliseMessage, titleMessage } from './message';
import { compileRules, expandFingerprint, matchRule } from './rules';

/** Stored in `fingerprint_version`; bump when the same input would get a different fingerprint. */
export const FINGERPRINT_VERSION = 2;

export const SDK_FINGERPRINT_ATTRIBUTE = 'pulsetrace.exception.fingerprint';

// Keeps the stored explanation small whatever an SDK or rule produces.
const MAX_COMPONENTS = 32;
const MAX_COMPONENT_CHARS = 500;
/** Frames listed in the explanation: the stack's first ones, which are those that can count. */
const MAX_EXPLAINED_FRAMES = 20;

export type GroupingMethod = 'rule' | 'sdk' | 'chunk_load' | 'frames' | 'message';

/** The "why grouped" explanation stored in `grouping` (JSON) with every error. */
export interface Grouping {
  version: number;
  method: GroupingMethod;
  /** What was hashed: sha256 of JSON.stringify(components), first 32 hex characters. */
  components: string[];
  /** The matching rule's name, or its index in settings.groupingRules. */
  rule?: string | number;
  /** A rule replaced the fingerprint the SDK sent. */
  sdkOverridden?: true;
  /** A chunk-load failure: stale pages after a deploy (or a flaky network). */
  deployCaused?: true;
  /** Why the message grouped the error rather than its frames. */
  fallback?: FramesFallback;
  /**
   * The normalised message, when it counted with the frames (the last component): the app wrote
   * it (`throw new ApiError('Order not found')`), so it tells faults of one crash site apart.
   */
  message?: string;
  /**
   * Each frame of the stack (the first 20), innermost first, and whether it counted; `async` is
   * the engine's async-continuation prefix ("async", "setTimeout handler"), kept apart from the name.
   */
  frames?: ExplainedFrame[];
  /** "<type>: <first line of the message>", ids and numbers replaced (at most 200 characters of message). */
  title: string;
  /** "function (module)" of the top in-app frame, or ''. */
  culprit: string;
}

export interface ExplainedFrame {
  frame: string;
  counted: boolean;
  /** Why it did not count. */
  reason?: FrameExclusion;
  async?: string;
}

export interface FingerprintResult {
  fingerprint: string;
  fingerprint_version: number;
  grouping: Grouping;
}

/** The columns grouping reads: a full ErrorRow, or the same columns selected from ClickHouse. */
export type FingerprintInput = Pick<
  ErrorRow,
  'exception_type' | 'exception_message' | 'release' | 'frames.filename' | 'frames.function' | 'frames.in_app'
> &
  Partial<
    Pick<
      ErrorRow,
      'attributes' | 'frames.raw_function' | 'frames.colno' | 'frames.symbolicated' | 'frames.context'
    >
  >;

export interface GroupingSettings {
  groupingRules?: readonly GroupingRule[];
}

export function hashComponents(components: readonly string[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(components)).digest('hex').slice(0, 32);
}

/** The SDK's fingerprint entries, or undefined when it sent none (blank entries do not count). */
export function sdkFingerprint(attributes: Record<string, string> | undefined): string[] | undefined {
  const raw = attributes?.[SDK_FINGERPRINT_ATTRIBUTE];
  const entries = raw
    ?.split('\n')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries?.length ? entries : undefined;
}

function capped(components: string[]): string[] {
  return components.slice(0, MAX_COMPONENTS).map((c) => c.slice(0, MAX_COMPONENT_CHARS));
}

type DefaultGrouping = Pick<Grouping, 'method' | 'components' | 'deployCaused' | 'fallback' | 'message'>;

function defaultGrouping(
  row: FingerprintInput,
  type: string,
  labels: string[],
  fallback: FramesFallback | undefined,
  message: string,
): DefaultGrouping {
  if (isChunkLoadError(type, row.exception_message)) {
    return { method: 'chunk_load', components: ['chunk-load', row.release], deployCaused: true };
  }
  if (labels.length) {
    // Engine-written messages never count here: each engine words them its own way.
    if (message && isAppWrittenMessage(type, row.exception_message))
      return { method: 'frames', components: [type, ...labels, message], message };
    return { method: 'frames', components: [type, ...labels] };
  }
  return { method: 'message', components: [type, message], fallback };
}

/**
 * The same fault under engine-specific names: Firefox throws InternalError "too much recursion"
 * where V8 and JavaScriptCore throw RangeError "Maximum call stack size exceeded".
 */
function canonical(type: string, message: string): { type: string; message: string } {
  if (type === 'InternalError' && /^too much recursion$/i.test(message.trim())) {
    return { type: 'RangeError', message: 'Maximum call stack size exceeded' };
  }
  return { type, message };
}

export function computeFingerprint(
  row: FingerprintInput,
  settings: GroupingSettings = {},
): FingerprintResult {
  const rawType = row.exception_type || 'Error';
  const { type, message: rawMessage } = canonical(rawType, row.exception_message);
  const classified = classifyFrames(row);
  const frames = classified.filter((f): f is NormalisedFrame => !('excluded' in f));
  const { labels, fallback, verdicts } = judgeFrames(frames, type);
  const message = normaliseMessage(rawMessage, type);
  const byDefault = defaultGrouping(row, type, labels, fallback, message);
  const values = { default: byDefault.components, type, message, release: row.release };

  const sdk = sdkFingerprint(row.attributes);
  const rules = settings.groupingRules?.length ? compileRules(settings.groupingRules) : [];
  // Rules match what users see in the issue: the stored type and message.
  const rule = rules.length
    ? matchRule(rules, { type: rawType, message: row.exception_message, frames })
    : undefined;

  let chosen: Omit<Grouping, 'version' | 'title' | 'culprit'>;
  if (rule) {
    chosen = { method: 'rule', components: expandFingerprint(rule.fingerprint, values), rule: rule.id };
    if (sdk) chosen.sdkOverridden = true;
  } else if (sdk) {
    chosen = { method: 'sdk', components: expandFingerprint(sdk, values) };
  } else {
    chosen = byDefault;
  }
  const components = capped(chosen.components);
  const headline = titleMessage(row.exception_message);
  const counted = frames.filter((_, i) => verdicts[i] === 'counted');
  const top = counted.find((f) => !looksMinified(f)) ?? counted[0] ?? frames[0];
  const verdictOf = new Map(frames.map((f, i) => [f.index, verdicts[i]]));
  const explained = classified.slice(0, MAX_EXPLAINED_FRAMES).map((f): ExplainedFrame => {
    if ('excluded' in f) return { frame: f.label, counted: false, reason: f.excluded };
    const verdict = verdictOf.get(f.index) ?? 'counted';
    return {
      frame: frameLabel(f),
      // Frames count only when the frames method decided the fingerprint.
      counted: verdict === 'counted' && chosen.method === 'frames',
      ...(verdict !== 'counted' ? { reason: verdict } : {}),
      ...(f.asyncCause ? { async: f.asyncCause } : {}),
    };
  });
  const grouping: Grouping = {
    version: FINGERPRINT_VERSION,
    ...chosen,
    components,
    ...(explained.length ? { frames: explained } : {}),
    title:
      chosen.method === 'chunk_load'
        ? chunkLoadTitle(rawType, row.exception_message)
        : headline
          ? `${rawType}: ${headline}`
          : rawType,
    culprit: top ? frameLabel(top) : '',
  };
  return { fingerprint: hashComponents(components), fingerprint_version: FINGERPRINT_VERSION, grouping };
}
