/**
 * What the processor's admin routes answer (docs/openapi.json: Project, the tokens and
 * source-map listings), as far as the Setup page reads them.
 */
export interface IngestKeyJSON {
  key: string;
  /** null: the current key, valid until rotated. */
  expiresAt: string | null;
}

export interface AdminProjectJSON {
  id: string;
  name: string;
  environment?: string;
  allowedOrigins?: string[];
  ingestKey?: string;
  ingestKeys?: IngestKeyJSON[];
  retentionDays?: number;
  sampleRate?: number;
  rateLimitPerSecond?: number;
  createdAt?: string;
  updatedAt?: string;
  deletedAt: string | null;
  restorableUntil?: string;
}

export type TokenScope = 'read' | 'write' | 'admin';

export interface ApiTokenJSON {
  id: string;
  name: string;
  scope: TokenScope;
  projects: '*' | string[];
  createdAt: string;
  createdBy?: string;
  revokedAt: string | null;
  /** Only in the answer to POST /tokens: the secret, shown once. */
  token?: string;
}

export interface ArtifactJSON {
  name: string;
  kind: string;
  debugId?: string | null;
  bytes: number;
  sha256: string;
}

export interface SetupReleaseJSON {
  version: string;
  createdAt: string;
  finalizedAt: string | null;
  registered?: boolean;
  events?: number;
}
