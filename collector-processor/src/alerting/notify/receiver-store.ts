/**
 * A project's receivers and default receivers in ClickHouse (alert_receivers,
 * alert_receiver_defaults; migration 0019), newest version wins (FINAL), so every replica reads
 * the same. Implements the ReceiverSource the ruler reads. Secrets are stored here as written
 * (docs/alerting.md "Secrets"); nothing here logs a receiver.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../../store/query';
import { toDateTime64 } from '../../store/time';
import { Receiver } from '../rules/schema';
import type { ReceiverSource } from '../types';
import { nextVersion } from './versions';

export class ReceiverStore implements ReceiverSource {
  constructor(private readonly client: ClickHouseClient) {}

  async receivers(projectId: string): Promise<Receiver[]> {
    const rows = await selectRows<{ config: string }>(
      this.client,
      `SELECT config FROM (SELECT * FROM alert_receivers FINAL WHERE project_id = {p:String})
       WHERE deleted = 0 ORDER BY name`,
      { p: projectId },
    );
    return rows.flatMap((r) => parseStored(r.config));
  }

  async get(projectId: string, name: string): Promise<Receiver | undefined> {
    const rows = await selectRows<{ config: string }>(
      this.client,
      `SELECT config FROM (SELECT * FROM alert_receivers FINAL WHERE project_id = {p:String} AND name = {n:String})
       WHERE deleted = 0`,
      { p: projectId, n: name },
    );
    return rows.flatMap((r) => parseStored(r.config))[0];
  }

  async put(projectId: string, receiver: Receiver, actor: string): Promise<void> {
    await this.write(projectId, receiver.name, receiver.type, JSON.stringify(receiver), 0, actor);
  }

  /** False when there was no such receiver. */
  async delete(projectId: string, name: string, actor: string): Promise<boolean> {
    const existing = await this.get(projectId, name);
    if (!existing) return false;
    await this.write(projectId, name, existing.type, '{}', 1, actor);
    return true;
  }

  async defaultReceivers(projectId: string): Promise<string[]> {
    const rows = await selectRows<{ receivers: string[] }>(
      this.client,
      'SELECT receivers FROM alert_receiver_defaults FINAL WHERE project_id = {p:String}',
      { p: projectId },
    );
    return rows[0]?.receivers ?? [];
  }

  async setDefaultReceivers(projectId: string, names: string[], actor: string): Promise<void> {
    await this.client.insert({
      table: 'alert_receiver_defaults',
      values: [
        {
          project_id: projectId,
          version: nextVersion(),
          receivers: names,
          updated_at: toDateTime64(Date.now()),
          updated_by: actor,
        },
      ],
      format: 'JSONEachRow',
    });
  }

  private async write(
    projectId: string,
    name: string,
    type: string,
    config: string,
    deleted: number,
    actor: string,
  ) {
    const row = {
      project_id: projectId,
      name,
      version: nextVersion(),
      deleted,
      type,
      config,
      updated_at: toDateTime64(Date.now()),
      updated_by: actor,
    };
    // A failed insert's message may quote the row (the config, secrets included): never pass it on.
    await this.client
      .insert({ table: 'alert_receivers', values: [row], format: 'JSONEachRow' })
      .catch((err: Error & { code?: string }) => {
        throw new Error(
          `could not store receiver ${name}: ClickHouse error${err.code ? ` ${err.code}` : ''}`,
        );
      });
  }
}

/** A stored receiver, or none when it no longer fits the schema (it is then shown as missing). */
function parseStored(config: string): Receiver[] {
  try {
    const parsed = Receiver.safeParse(JSON.parse(config));
    return parsed.success ? [parsed.data] : [];
  } catch {
    return [];
  }
}
