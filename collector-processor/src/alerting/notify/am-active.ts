/**
 * Alerts an Alertmanager receiver was told are firing (alert_am_active, migration 0019), so the
 * delivery loop can send them again every resendDelay until they resolve, as Prometheus does:
 * Alertmanager resolves an alert by itself once its endsAt (now + 4 × resendDelay) passes unheard.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../../store/query';
import { fromDateTime64, toDateTime64 } from '../../store/time';
import type { Alert, Notification } from '../types';
import { nextVersion } from './versions';

export interface ActiveAlert {
  projectId: string;
  receiver: string;
  alert: Alert;
  sentAt: number;
}

export class AlertmanagerActive {
  constructor(private readonly client: ClickHouseClient) {}

  /**
   * After a notification reached Alertmanager: firing alerts without an end become active (sent
   * now), resolved ones (or ones that carry their own end, like event alerts) stop being resent.
   */
  async delivered(projectId: string, n: Notification, now: number): Promise<void> {
    if (n.status === 'test' || n.alerts.length === 0) return;
    const version = nextVersion(now);
    await this.client.insert({
      table: 'alert_am_active',
      values: n.alerts.map((a) => ({
        project_id: projectId,
        receiver: n.receiver,
        fingerprint: a.fingerprint,
        version,
        active: n.status === 'firing' && a.endsAt === undefined ? 1 : 0,
        alert: JSON.stringify(a),
        sent_at: toDateTime64(now),
      })),
      format: 'JSONEachRow',
    });
  }

  /** Every active alert, for every receiver. */
  async active(): Promise<ActiveAlert[]> {
    const rows = await selectRows<{ project_id: string; receiver: string; alert: string; sent_at: string }>(
      this.client,
      'SELECT project_id, receiver, alert, sent_at FROM (SELECT * FROM alert_am_active FINAL) WHERE active = 1',
      {},
    );
    return rows.map((r) => ({
      projectId: r.project_id,
      receiver: r.receiver,
      alert: JSON.parse(r.alert) as Alert,
      sentAt: fromDateTime64(r.sent_at),
    }));
  }

  /** Marks resent alerts sent at `now` (the loop resends after its deliveries, so never over a resolve). */
  async resent(items: readonly ActiveAlert[], now: number): Promise<void> {
    if (items.length === 0) return;
    const version = nextVersion(now);
    await this.client.insert({
      table: 'alert_am_active',
      values: items.map((i) => ({
        project_id: i.projectId,
        receiver: i.receiver,
        fingerprint: i.alert.fingerprint,
        version,
        active: 1,
        alert: JSON.stringify(i.alert),
        sent_at: toDateTime64(now),
      })),
      format: 'JSONEachRow',
    });
  }

  /** A receiver deleted or changed to another type: nothing of it is resent any more. */
  async forget(projectId: string, receiver: string): Promise<void> {
    const items = (await this.active()).filter((i) => i.projectId === projectId && i.receiver === receiver);
    if (items.length === 0) return;
    const version = nextVersion();
    await this.client.insert({
      table: 'alert_am_active',
      values: items.map((i) => ({
        project_id: i.projectId,
        receiver: i.receiver,
        fingerprint: i.alert.fingerprint,
        version,
        active: 0,
        alert: JSON.stringify(i.alert),
        sent_at: toDateTime64(i.sentAt),
      })),
      format: 'JSONEachRow',
    });
  }
}
