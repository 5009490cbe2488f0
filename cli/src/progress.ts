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

/**
 * Progress in steps of a phase (the demo seeder's hours): the same bar on a terminal, and for
 * logs one line every `everyPct` percent instead of one per step.
 */
export function createStepProgress(
  stream: NodeJS.WriteStream = process.stderr,
  everyPct = 10,
): { update(phase: string, done: number, total: number): void; stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  let current = '';
  let lastPct = -1;
  return {
    update(phase, done, total) {
      if (stream.isTTY) {
        if (phase !== current) {
          bar?.stop();
          bar = new cliProgress.SingleBar(
            { stream, format: `${phase} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done);
        } else bar!.update(done);
      } else {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (phase !== current || pct >= lastPct + everyPct || done === total) {
          stream.write(`${phase}: ${done}/${total} (${pct}%)\n`);
          lastPct = pct;
        }
      }
      current = phase;
    },
    stop: () => bar?.stop(),
  };
}
