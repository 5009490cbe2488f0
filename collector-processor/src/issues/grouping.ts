/**
 * "Why were these errors grouped together?" The fingerprint stage stores how it grouped each
 * error in `errors.grouping` (src/fingerprint/compute.ts `Grouping`: method, the hashed
 * components, rule, deployCaused, fallback, title, culprit, and from v2 each frame with whether
 * it counted and why not); the issue keeps the latest. This
 * turns it into one sentence for people. An unknown shape degrades to a generic sentence rather
 * than failing the issue view (the JSON may come from a later fingerprint version).
 */
import type { Grouping as StoredGrouping } from '../fingerprint';

export type Grouping = Partial<StoredGrouping> & Record<string, unknown>;

export function parseGrouping(json: string): Grouping | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Grouping) : null;
  } catch {
    return null;
  }
}

function list(items: string[], max = 3): string {
  const shown = items
    .slice(0, max)
    .map((i) => `"${i}"`)
    .join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** Why a frame did not count, as people read it (fingerprint/frames.ts FrameExclusion). */
const FRAME_REASON: Record<string, string> = {
  no_file: 'no file',
  browser_internal: 'browser-internal',
  eval: 'eval code',
  foreign_scheme: 'not a page script (extension, automation or debugger)',
  vendor: 'vendor code',
  sdk: 'the PulseTrace SDK',
  not_in_app: 'not in-app',
  constructor: 'Error-subclass constructor, printed by one engine only',
  async: 'async continuation, printed by some engines only',
  minified: 'minified',
  duplicate: 'repeated (recursion)',
  caller: 'a caller of the crash site',
  beyond_limit: 'more than 5 anonymous frames',
};

/** " Not counted: a (why), b (why)." for the excluded frames of a v2 explanation, else ''. */
function excludedFrames(g: Grouping, max = 5): string {
  if (!Array.isArray(g.frames)) return '';
  const skipped = g.frames.filter((f) => f && typeof f === 'object' && f.counted === false && f.reason);
  if (!skipped.length) return '';
  const shown = skipped
    .slice(0, max)
    .map((f) => `${String(f.frame)} (${FRAME_REASON[String(f.reason)] ?? String(f.reason)})`)
    .join(', ');
  const more = skipped.length > max ? ` and ${skipped.length - max} more` : '';
  return ` Not counted: ${shown}${more}.`;
}

const FALLBACK_REASON: Record<string, string> = {
  no_in_app_frames: 'the error has no in-app stack frames',
  minified_frames: 'its frames are minified and no source map resolved them',
};

/** One sentence; `type` is the issue's exception type, used when the components do not name it. */
export function explainGrouping(g: Grouping | null, type = ''): string {
  if (!g) return 'No grouping explanation is stored for this issue.';
  const components = Array.isArray(g.components) ? g.components.map(String) : [];
  switch (g.method) {
    case 'rule': {
      // A rule without a name is identified by its position in the project settings, from 1.
      const rule = typeof g.rule === 'number' ? ` #${g.rule + 1}` : g.rule ? ` "${g.rule}"` : '';
      const override = g.sdkOverridden ? ', which replaced the fingerprint the SDK sent' : '';
      return `Grouped by the project's grouping rule${rule}${override}: ${list(components)}.`;
    }
    case 'sdk':
      return `Grouped by the fingerprint the SDK sent: ${list(components)}.`;
    case 'chunk_load': {
      const release = components[1] ? ` of release ${components[1]}` : '';
      return `Grouped as one chunk-load failure${release}: usually pages loaded before a deploy asking for scripts that are no longer served.`;
    }
    case 'frames': {
      const [exceptionType = type, ...frames] = components;
      // From v2 an app-written message counts too, as the last component (fingerprint/app-message.ts).
      const message = typeof g.message === 'string' ? g.message : undefined;
      if (message !== undefined) frames.pop();
      const n = frames.length;
      const byMessage = message !== undefined ? `, and the app's normalised message "${message}"` : '';
      return `Grouped by exception type ${exceptionType} and ${n} in-app frame${n === 1 ? '' : 's'}: ${frames.join(', ')}${byMessage}.${excludedFrames(g)}`;
    }
    case 'message': {
      const [exceptionType = type, message = ''] = components;
      const why = FALLBACK_REASON[String(g.fallback)] ?? 'no stack frames could group it';
      return `Grouped by exception type ${exceptionType} and the normalised message "${message}", because ${why}.${excludedFrames(g)}`;
    }
    default:
      return components.length
        ? `Grouped by ${list(components)}${g.method ? ` (method ${String(g.method)})` : ''}.`
        : 'Grouped by the error fingerprint.';
  }
}
