/** The query benchmark's results: per-case statistics, the printed table and the misses. */
import type { Explained } from './explain';
import type { BenchCase } from './queries';

/** Issue #5's p95 targets. */
export const TARGET_MS: Record<BenchCase['target'], number> = { panel: 150, issue_list: 50 };

export interface CaseResult {
  type: string;
  name: string;
  target: BenchCase['target'];
  targetMs: number;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
  frames: number;
  rows: number;
  /** meta.custom.source of the frames: the table(s) that answered. */
  source: string;
  met: boolean;
  /** The processor's peak RSS while this case ran. */
  rssPeakMB?: number;
  explained?: Explained;
}

const ALL_SIGNAL_TABLES = 'page_views+web_vitals+errors+custom_events+http_requests+long_tasks+resources';
const round = (x: number) => Math.round(x * 10) / 10;

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarise(
  c: BenchCase,
  samples: number[],
  shape: { frames: number; rows: number; source: string },
): CaseResult {
  const p95 = percentile(samples, 95);
  return {
    type: c.type,
    name: c.name,
    target: c.target,
    targetMs: TARGET_MS[c.target],
    runs: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(p95),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    ...shape,
    met: p95 <= TARGET_MS[c.target],
  };
}

/** The rows and tables a missed case's statements read, in one line per statement. */
function reads(e: Explained | undefined): string[] {
  if (!e) return ['(not explained)'];
  return e.statements.map(
    (s, i) =>
      `statement ${i + 1}: ` +
      (s.error
        ? `EXPLAIN ESTIMATE failed: ${s.error}`
        : s.reads
            .map((r) => `${r.table} ${r.rows.toLocaleString()} rows / ${r.marks} marks / ${r.parts} parts`)
            .join(', ') || 'no MergeTree reads'),
  );
}

export function printReport(results: CaseResult[], notRegistered: string[], uncovered: string[]): void {
  console.table(
    results.map((r) => ({
      type: r.type,
      case: r.name,
      'p50 ms': r.p50,
      'p95 ms': r.p95,
      'max ms': r.max,
      'direct ms': r.explained ? round(r.explained.directMs) : '',
      rows: r.rows,
      source: r.source.replace(ALL_SIGNAL_TABLES, 'all 7 signal tables'),
      target: `≤ ${r.targetMs}`,
      '': r.met ? 'ok' : 'MISS',
    })),
  );
  const misses = results.filter((r) => !r.met);
  process.stderr.write(`\n${results.length - misses.length}/${results.length} cases met their p95 target\n`);
  for (const r of misses) {
    process.stderr.write(
      `MISS ${r.type} "${r.name}": p95 ${r.p95} ms > ${r.targetMs} ms (source ${r.source})\n`,
    );
    for (const line of reads(r.explained)) process.stderr.write(`    ${line}\n`);
  }
  if (notRegistered.length) process.stderr.write(`not registered (skipped): ${notRegistered.join(', ')}\n`);
  if (uncovered.length)
    process.stderr.write(`registered but without a benchmark case: ${uncovered.join(', ')}\n`);
}
