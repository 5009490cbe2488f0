/**
 * Stored API tokens (migration 0007): made by a global admin, each with a scope and the projects it
 * reaches. Only the token's SHA-256 is kept. Cached in memory; a token the cache does not know
 * triggers a reload at most once a second, so a token made on another instance works at once
 * without letting unknown tokens hammer ClickHouse.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import crypto from 'node:crypto';
import { selectRows } from '../store/query';
import { fromDateTime64, toDateTime64 } from '../store/time';
import type { Grant, Scope, TokenLookup } from './auth';

export interface ApiToken {
  id: string;
  name: string;
  scope: Scope;
  projects: 'all' | string[];
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

interface TokenRow {
  id: string;
  name: string;
  token_sha256: string;
  scope: Scope;
  all_projects: number;
  projects: string[];
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  version: string | number;
}

const RELOAD_MIN_MS = 1000;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function fromRow(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    projects: r.all_projects ? 'all' : r.projects,
    createdAt: fromDateTime64(r.created_at),
    createdBy: r.created_by,
    revokedAt: r.revoked_at === null ? null : fromDateTime64(r.revoked_at),
  };
}

export class ApiTokenStore implements TokenLookup {
  private byHash = new Map<string, ApiToken>();
  private rows = new Map<string, TokenRow>();
  private lastLoad = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly client: ClickHouseClient) {}

  async refresh(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await selectRows<TokenRow>(this.client, 'SELECT * FROM api_tokens FINAL', {});
        this.rows = new Map(rows.map((r) => [r.id, r]));
        this.byHash = new Map(
          rows.filter((r) => r.revoked_at === null).map((r) => [r.token_sha256, fromRow(r)]),
        );
        this.lastLoad = Date.now();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  async resolve(token: string): Promise<Grant | undefined> {
    const hash = hashToken(token);
    let found = this.byHash.get(hash);
    if (!found && Date.now() - this.lastLoad >= RELOAD_MIN_MS) {
      await this.refresh();
      found = this.byHash.get(hash);
    }
    return (
      found && {
        scope: found.scope,
        projects: found.projects,
        tokenId: found.id,
        actor: `token:${found.name}`,
      }
    );
  }

  list(): ApiToken[] {
    return [...this.rows.values()].map(fromRow).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Makes a token; the returned secret is never stored or shown again. */
  async create(input: { name: string; scope: Scope; projects: 'all' | string[]; createdBy: string }) {
    const id = crypto.randomUUID();
    const token = `pt_${input.scope}_${crypto.randomBytes(24).toString('base64url')}`;
    const now = Date.now();
    const row: TokenRow = {
      id,
      name: input.name,
      token_sha256: hashToken(token),
      scope: input.scope,
      all_projects: input.projects === 'all' ? 1 : 0,
      projects: input.projects === 'all' ? [] : input.projects,
      created_at: toDateTime64(now),
      created_by: input.createdBy,
      revoked_at: null,
      version: now,
    };
    await this.client.insert({ table: 'api_tokens', values: [row], format: 'JSONEachRow' });
    await this.refresh();
    return { token, apiToken: fromRow(row) };
  }

  /** Revokes a token at once on this instance (others within a 10 s refresh). Undefined if unknown. */
  async revoke(id: string): Promise<ApiToken | undefined> {
    await this.refresh();
    const row = this.rows.get(id);
    if (!row) return undefined;
    if (row.revoked_at !== null) return fromRow(row);
    const now = Date.now();
    const revoked = {
      ...row,
      revoked_at: toDateTime64(now),
      version: Math.max(now, Number(row.version) + 1),
    };
    await this.client.insert({ table: 'api_tokens', values: [revoked], format: 'JSONEachRow' });
    await this.refresh();
    return fromRow(revoked);
  }
}
