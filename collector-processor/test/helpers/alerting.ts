/**
 * Helpers of the alerting scenario tests: a rule file for a test processor, the outbox's rows,
 * and web-vitals traffic per route as @pulsetrace/web sends it (span form, bench/insights/otlp.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { encodeSessions } from '../../../bench/insights/otlp';
import type { SimSession } from '../../../bench/insights/generate';
import type { AlertRuleInput } from '../../src/alerting/rules/schema';
import { selectRows } from '../../src/store/query';
import { tempDataDir } from './processor';

/** Writes a rule file (JSON) and answers its path, for PULSETRACE_ALERT_RULES_FILE. */
export function ruleFile(rules: AlertRuleInput[]): string {
  const file = path.join(tempDataDir('pt-rules-'), 'rules.json');
  fs.writeFileSync(file, JSON.stringify({ apiVersion: 1, rules }));
  return file;
}

export interface OutboxRow {
  key: string;
  status: string;
  state: string;
  notification: {
    alerts: Array<{
      labels: Record<string, string>;
      startsAt: number;
      endsAt?: number;
      value: number | null;
    }>;
  };
}

/** The outbox's notifications of a project (newest version of each key). */
export async function outbox(client: ClickHouseClient, projectId: string): Promise<OutboxRow[]> {
  const rows = await selectRows(
    client,
    `SELECT key, status, state, notification FROM alert_outbox FINAL WHERE project_id = {p:String} ORDER BY created_at, key`,
    { p: projectId },
  );
  return rows.map((r) => ({
    key: String(r.key),
    status: String(r.status),
    state: String(r.state),
    notification: JSON.parse(String(r.notification)),
  }));
}

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
let session = 0;

/** `count` page views of `route` at `at` with this LCP each. */
export function lcpSessions(route: string, lcp: number, at: number, count: number): SimSession[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${(++session).toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
    return {
      id,
      visitorId: `v${session}`,
      start: at + i,
      release: '1.0.0',
      agent: { browser: 'Chrome', device: 'desktop', ua: CHROME, weight: 1 },
      country: 'DE',
      pages: [
        {
          id: `pv-${session}`,
          at: at + i,
          route,
          url: `https://shop.example${route}`,
          hard: true,
          vitals: [{ name: 'LCP', value: lcp, at: at + i + 500, attribution: {} }],
          calls: [],
          longTasks: [],
          resources: [],
          errors: [],
        },
      ],
    };
  });
}

export async function postSessions(url: string, ingestKey: string, sessions: SimSession[]): Promise<void> {
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
    body: encodeSessions(sessions).traces,
  });
  if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
}

/** Polls until `check` answers something truthy (ingest → writer → hook → outbox is asynchronous). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
