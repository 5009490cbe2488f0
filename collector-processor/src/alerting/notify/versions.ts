/**
 * Versions of ReplacingMergeTree rows written by this process: microseconds since the epoch, made
 * strictly increasing within the process so two writes in one millisecond keep their order.
 */
let last = 0;
export function nextVersion(now = Date.now()): number {
  last = Math.max(last + 1, now * 1000);
  return last;
}
