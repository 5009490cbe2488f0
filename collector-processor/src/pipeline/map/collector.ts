/** Gathers one resource's rows, rejections and unmapped records while mappers see them. */
import { emptyRumRows, type RumRows, type SignalTable } from '../../store/rows';
import { isRejection, type Rejection } from './common';
import { TIMESTAMP_ADJUSTED_ATTRIBUTE } from './timestamps';
import { isTelemetryExportUrl, type UnmappedReason } from './unmapped';

export interface MapResult {
  rows: RumRows;
  rejected: number;
  /** Distinct rejection reasons, with a count suffix when a reason occurred more than once. */
  reasons: string[];
  /** Rows whose event time was moved into the accepted window, by reason (see timestamps.ts). */
  timestampsAdjusted: Map<string, number>;
  /** Records (spans, log records) that became no row, by reason (see unmapped.ts). */
  unmapped: Map<UnmappedReason, number>;
}

const MAX_REASONS = 20;

export class Collector {
  readonly rows = emptyRumRows();
  rejected = 0;
  readonly reasons = new Map<string, number>();
  readonly timestampsAdjusted = new Map<string, number>();
  readonly unmapped = new Map<UnmappedReason, number>();
  /** Records added, rejected, skipped or set aside so far: a span that moved none maps to nothing. */
  touched = 0;

  add<K extends SignalTable>(table: K, result: RumRows[K][number] | Rejection | undefined): void {
    if (!result) return;
    this.touched++;
    if (isSelfTelemetry(table, result)) return this.skip('self_telemetry');
    if (isRejection(result)) {
      this.rejected++;
      this.reasons.set(result.reject, (this.reasons.get(result.reject) ?? 0) + 1);
      return;
    }
    (this.rows[table] as RumRows[K][number][]).push(result);
    const adjusted = result.attributes[TIMESTAMP_ADJUSTED_ATTRIBUTE];
    if (adjusted !== undefined)
      this.timestampsAdjusted.set(adjusted, (this.timestampsAdjusted.get(adjusted) ?? 0) + 1);
  }

  skip(reason: UnmappedReason): void {
    this.touched++;
    this.unmapped.set(reason, (this.unmapped.get(reason) ?? 0) + 1);
  }

  result(): MapResult {
    const reasons = [...this.reasons].slice(0, MAX_REASONS).map(([r, n]) => (n > 1 ? `${r} (x${n})` : r));
    return {
      rows: this.rows,
      rejected: this.rejected,
      reasons,
      timestampsAdjusted: this.timestampsAdjusted,
      unmapped: this.unmapped,
    };
  }
}

/** An HTTP call or resource timing of a telemetry export: the exporter observing itself. */
function isSelfTelemetry(table: SignalTable, row: object): boolean {
  if (table === 'http_requests') {
    const { method, http_url } = row as RumRows['http_requests'][number];
    return (method === 'POST' || method === '') && isTelemetryExportUrl(http_url);
  }
  return table === 'resources' && isTelemetryExportUrl((row as RumRows['resources'][number]).resource_url);
}
