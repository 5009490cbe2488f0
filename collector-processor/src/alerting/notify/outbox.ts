/**
 * The notification outbox in ClickHouse (alert_outbox, attempts in alert_deliveries; migration
 * 0019). `enqueue` writes each key once: keys already there are skipped, and a key two replicas
 * insert at the same moment collapses to one row (ReplacingMergeTree on the key, both at version 0).
 * The delivery loop writes each later state at a higher version, so a late enqueue of a key never
 * brings a delivered notification back. Everything is read with FINAL, filtered outside it.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows, type Row } from '../../store/query';
import { fromDateTime64, toDateTime64 } from '../../store/time';
import type { Notification, NotificationOutbox } from '../types';
import { nextVersion } from './versions';

export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface OutboxRow {
  key: string;
  projectId: string;
  receiver: string;
  status: Notification['status'];
  notification: Notification;
  createdAt: number;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string;
  updatedAt: number;
}

export interface AttemptRow {
  projectId: string;
  key: string;
  receiver: string;
  attempt: number;
  at: number;
  ok: boolean;
  httpStatus: number | null;
  error: string;
  durationMs: number;
  nextDelayMs: number | null;
  leaseTerm: number;
}

const time = (v: unknown) => fromDateTime64(v as string);

function fromRow(r: Row): OutboxRow {
  return {
    key: String(r.key),
    projectId: String(r.project_id),
    receiver: String(r.receiver),
    status: r.status as Notification['status'],
    notification: JSON.parse(String(r.notification)) as Notification,
    createdAt: time(r.created_at),
    state: r.state as DeliveryState,
    attempts: Number(r.attempts),
    nextAttemptAt: time(r.next_attempt_at),
    lastStatus: Number(r.last_status) || null,
    lastError: String(r.last_error),
    updatedAt: time(r.updated_at),
  };
}

function toRow(o: OutboxRow, version: number) {
  return {
    key: o.key,
    version,
    project_id: o.projectId,
    receiver: o.receiver,
    status: o.status,
    notification: JSON.stringify(o.notification),
    created_at: toDateTime64(o.createdAt),
    state: o.state,
    attempts: o.attempts,
    next_attempt_at: toDateTime64(o.nextAttemptAt),
    last_status: o.lastStatus ?? 0,
    last_error: o.lastError,
    updated_at: toDateTime64(o.updatedAt),
  };
}

/** The outbox row a notification starts as (pending, due at once). */
export function pendingRow(n: Notification): OutboxRow {
  const projectId = n.alerts[0]?.projectId;
  if (!projectId)
    throw new Error(
      `notification ${n.key} has no alert: a notification names its project through its alerts`,
    );
  return {
    key: n.key,
    projectId,
    receiver: n.receiver,
    status: n.status,
    notification: n,
    createdAt: n.createdAt,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: n.createdAt,
    lastStatus: null,
    lastError: '',
    updatedAt: n.createdAt,
  };
}

export class ClickHouseOutbox implements NotificationOutbox {
  constructor(private readonly client: ClickHouseClient) {}

  async enqueue(notifications: readonly Notification[]): Promise<void> {
    const unique = [...new Map(notifications.map((n) => [n.key, n])).values()];
    if (unique.length === 0) return;
    const present = new Set(
      (
        await selectRows<{ key: string }>(
          this.client,
          'SELECT DISTINCT key FROM alert_outbox WHERE key IN {keys:Array(String)}',
          {
            keys: unique.map((n) => n.key),
          },
        )
      ).map((r) => r.key),
    );
    const fresh = unique.filter((n) => !present.has(n.key));
    if (fresh.length === 0) return;
    await this.client.insert({
      table: 'alert_outbox',
      values: fresh.map((n) => toRow(pendingRow(n), 0)),
      format: 'JSONEachRow',
    });
  }

  /** Every pending notification, oldest first (the loop picks the due ones, in order per receiver). */
  async pending(limit = 1000): Promise<OutboxRow[]> {
    const rows = await selectRows(
      this.client,
      `SELECT * FROM (SELECT * FROM alert_outbox FINAL) WHERE state = 'pending'
       ORDER BY created_at, key LIMIT {limit:UInt32}`,
      { limit },
    );
    return rows.map(fromRow);
  }

  /** Writes the row's next state (a higher version than any before it). */
  async update(row: OutboxRow): Promise<void> {
    await this.client.insert({
      table: 'alert_outbox',
      values: [toRow(row, nextVersion())],
      format: 'JSONEachRow',
    });
  }

  async list(
    projectId: string,
    filter: { state?: DeliveryState; receiver?: string; limit: number },
  ): Promise<OutboxRow[]> {
    const rows = await selectRows(
      this.client,
      `SELECT * FROM (SELECT * FROM alert_outbox FINAL WHERE project_id = {p:String})
       WHERE ({state:String} = '' OR state = {state:String}) AND ({receiver:String} = '' OR receiver = {receiver:String})
       ORDER BY created_at DESC, key LIMIT {limit:UInt32}`,
      { p: projectId, state: filter.state ?? '', receiver: filter.receiver ?? '', limit: filter.limit },
    );
    return rows.map(fromRow);
  }

  async get(projectId: string, key: string): Promise<OutboxRow | undefined> {
    const rows = await selectRows(
      this.client,
      'SELECT * FROM alert_outbox FINAL WHERE project_id = {p:String} AND key = {key:String}',
      { p: projectId, key },
    );
    return rows.map(fromRow)[0];
  }

  async recordAttempt(a: AttemptRow): Promise<void> {
    await this.client.insert({
      table: 'alert_deliveries',
      values: [
        {
          project_id: a.projectId,
          key: a.key,
          receiver: a.receiver,
          attempt: a.attempt,
          at: toDateTime64(a.at),
          ok: a.ok ? 1 : 0,
          http_status: a.httpStatus ?? 0,
          error: a.error,
          duration_ms: Math.round(a.durationMs),
          next_delay_ms: a.nextDelayMs ?? 0,
          lease_term: a.leaseTerm,
        },
      ],
      format: 'JSONEachRow',
    });
  }

  async attempts(projectId: string, key: string): Promise<AttemptRow[]> {
    const rows = await selectRows(
      this.client,
      `SELECT * FROM alert_deliveries FINAL WHERE project_id = {p:String} AND key = {key:String} ORDER BY attempt, at`,
      { p: projectId, key },
    );
    return rows.map((r) => ({
      projectId,
      key,
      receiver: String(r.receiver),
      attempt: Number(r.attempt),
      at: time(r.at),
      ok: Number(r.ok) === 1,
      httpStatus: Number(r.http_status) || null,
      error: String(r.error),
      durationMs: Number(r.duration_ms),
      nextDelayMs: Number(r.next_delay_ms) || null,
      leaseTerm: Number(r.lease_term),
    }));
  }
}
