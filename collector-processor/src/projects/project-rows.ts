/** The projects table's row shape and its conversion to and from `Project`. */
import { fromDateTime64, toDateTime64 } from '../store/time';
import type { Project } from './project-store';
import { parseStoredSettings } from './settings';

export interface ProjectRow {
  id: string;
  name: string;
  environment: string;
  allowed_origins: string[];
  ingest_keys: string[];
  /** Epoch ms per key; 0 = current key (no expiry). Plain numbers: DateTime64 inside arrays does not parse from epoch strings. */
  key_expires_at_ms: (string | number)[];
  retention_days: number;
  sample_rate: number;
  rate_limit_per_second: number;
  /** JSON of ProjectSettings (migration 0004). */
  settings: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: string | number;
}

export function toRow(p: Project, version: number): ProjectRow {
  return {
    id: p.id,
    name: p.name,
    environment: p.environment,
    allowed_origins: p.allowedOrigins,
    ingest_keys: p.ingestKeys.map((k) => k.key),
    key_expires_at_ms: p.ingestKeys.map((k) => k.expiresAt ?? 0),
    retention_days: p.retentionDays,
    sample_rate: p.sampleRate,
    rate_limit_per_second: p.rateLimitPerSecond,
    settings: JSON.stringify(p.settings),
    created_at: toDateTime64(p.createdAt),
    updated_at: toDateTime64(p.updatedAt),
    deleted_at: p.deletedAt === null ? null : toDateTime64(p.deletedAt),
    version,
  };
}

export function fromRow(r: ProjectRow): Project {
  return {
    id: r.id,
    name: r.name,
    environment: r.environment,
    allowedOrigins: r.allowed_origins,
    ingestKeys: r.ingest_keys.map((key, i) => {
      const expires = Number(r.key_expires_at_ms[i] ?? 0);
      return { key, expiresAt: expires > 0 ? expires : null };
    }),
    retentionDays: Number(r.retention_days),
    sampleRate: Number(r.sample_rate),
    rateLimitPerSecond: Number(r.rate_limit_per_second),
    settings: parseStoredSettings(r.settings),
    createdAt: fromDateTime64(r.created_at),
    updatedAt: fromDateTime64(r.updated_at),
    deletedAt: r.deleted_at === null ? null : fromDateTime64(r.deleted_at),
  };
}
