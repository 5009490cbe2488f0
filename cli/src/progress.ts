/**
 * Upload progress on stderr (stdout stays for results): a cli-progress bar on a terminal, one
 * line per request otherwise, because CI logs can't redraw a bar and would fill with frames.
 */
import cliProgress from 'cli-progress';
import { formatBytes } from './sourcemaps/pairing';

export interface Progress {
  /** After each request: how many bytes it carried, how many files. */
  advance(bytes: number, files: number): void;
  stop(): void;
}

export function createProgress(
  totalBytes: number,
  totalBatches: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  let bytes = 0;
  let batch = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'uploading [{bar}] {percentage}% | {done} / {total_h} | request {batch}/{batches}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalBytes, 0, {
      done: formatBytes(0),
      total_h: formatBytes(totalBytes),
      batch: 0,
      batches: totalBatches,
    });
    return {
      advance(n) {
        bytes += n;
        bar.update(bytes, { done: formatBytes(bytes), batch: ++batch });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    advance(n, files) {
      bytes += n;
      const pct = totalBytes ? Math.round((bytes / totalBytes) * 100) : 100;
      stream.write(
        `uploaded request ${++batch}/${totalBatches}: ${files} file(s), ${formatBytes(n)} (${formatBytes(bytes)} of ${formatBytes(totalBytes)}, ${pct}%)\n`,
      );
    },
    stop() {},
  };
}
