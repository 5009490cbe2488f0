/**
 * Pure planning of upload requests. The processor takes about 200 MB per request and 50 MB per
 * file; smaller requests (20 MB by default) keep memory flat on both sides, make a retry cheap
 * and let the progress bar move.
 */

export interface UploadFile {
  /** The part's filename: the path relative to the uploaded directory, forward slashes. */
  name: string;
  bytes: number;
}

/** The processor's per-file limit. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const DEFAULT_BATCH_BYTES = 20 * 1024 * 1024;

export interface BatchPlan<F extends UploadFile> {
  batches: F[][];
  /** Files over MAX_FILE_BYTES: the processor would refuse them, so they are not sent. */
  tooLarge: F[];
}

/**
 * Groups of files, each group one request. A JS file and its map stay in one group (`units`),
 * so the processor sees both in the same request and can report the pair as matched. A unit
 * larger than `maxBytes` goes alone.
 */
export function planBatches<F extends UploadFile>(
  units: F[][],
  maxBytes = DEFAULT_BATCH_BYTES,
): BatchPlan<F> {
  const batches: F[][] = [];
  const tooLarge: F[] = [];
  let current: F[] = [];
  let size = 0;
  for (const unit of units) {
    const files = unit.filter((f) => (f.bytes > MAX_FILE_BYTES ? (tooLarge.push(f), false) : true));
    if (!files.length) continue;
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    if (current.length && size + bytes > maxBytes) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(...files);
    size += bytes;
  }
  if (current.length) batches.push(current);
  return { batches, tooLarge };
}
