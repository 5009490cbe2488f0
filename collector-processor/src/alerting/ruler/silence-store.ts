/** Silences in ClickHouse (`alert_silences`, migration 0018): newest version per id, deleted hidden. */
import crypto from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../../store/query';
import { fromDateTime64, toDateTime64 } from '../../store/time';
import type { Matcher, Silence } from './silence';

const ms = (v: unknown) => fromDateTime64(v as string | number);

/** Silences of a project not deleted and not ended before `since` (all when absent). */
export async function listSilences(
  client: ClickHouseClient,
  projectId: string,
  since?: number,
): Promise<Silence[]> {
  const rows = await selectRows(
    client,
    `SELECT silence_id, matchers, starts_at, ends_at, created_by, comment, created_at
     FROM (SELECT * FROM alert_silences FINAL WHERE project_id = {project:String})
     WHERE deleted = 0 AND toUnixTimestamp64Milli(ends_at) >= {since:Int64}
     ORDER BY created_at DESC LIMIT 1000`,
    { project: projectId, since: since ?? 0 },
  );
  return rows.map((r) => ({
    id: String(r.silence_id),
    projectId,
    matchers: JSON.parse(String(r.matchers)) as Matcher[],
    startsAt: ms(r.starts_at),
    endsAt: ms(r.ends_at),
    createdBy: String(r.created_by),
    comment: String(r.comment),
    createdAt: ms(r.created_at),
  }));
}

function row(s: Silence, version: number, deleted: boolean) {
  return {
    project_id: s.projectId,
    silence_id: s.id,
    version,
    deleted: deleted ? 1 : 0,
    matchers: JSON.stringify(s.matchers),
    starts_at: toDateTime64(s.startsAt),
    ends_at: toDateTime64(s.endsAt),
    created_by: s.createdBy,
    comment: s.comment,
    created_at: toDateTime64(s.createdAt),
  };
}

/** Microseconds: a delete right after a create still wins. */
const version = (now: number) => now * 1000 + Math.floor(Math.random() * 1000);

export async function createSilence(
  client: ClickHouseClient,
  input: Omit<Silence, 'id' | 'createdAt'>,
  now: number,
): Promise<Silence> {
  const silence: Silence = { ...input, id: crypto.randomUUID(), createdAt: now };
  await client.insert({
    table: 'alert_silences',
    format: 'JSONEachRow',
    values: [row(silence, version(now), false)],
  });
  return silence;
}

/** Deletes (expires for good) a silence; false when there is none with that id. */
export async function deleteSilence(
  client: ClickHouseClient,
  projectId: string,
  id: string,
  now: number,
): Promise<boolean> {
  const found = (await listSilences(client, projectId)).find((s) => s.id === id);
  if (!found) return false;
  await client.insert({
    table: 'alert_silences',
    format: 'JSONEachRow',
    values: [row(found, version(now), true)],
  });
  return true;
}
