/**
 * API tokens by scope. A scope includes the ones below it: admin ⊇ write ⊇ read, matching the
 * Grafana roles that reach them through plugin routes (Admin, Editor, Viewer).
 */
import type { NextFunction, Request, Response } from 'express';

export type Scope = 'read' | 'write' | 'admin';

export interface Tokens {
  admin: string;
  /** Editor token: release, source map and issue changes. */
  write?: string;
  read?: string;
}

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

const WHAT: Record<Scope, string> = {
  read: 'read',
  write: 'change releases, source maps or issues (it needs the write or admin token)',
  admin: 'administer projects (it needs the admin token)',
};

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The scope a token grants, or undefined for an unknown token. */
export function scopeOf(tokens: Tokens, token: string | undefined): Scope | undefined {
  if (!token) return undefined;
  if (token === tokens.admin) return 'admin';
  if (tokens.write !== undefined && token === tokens.write) return 'write';
  if (tokens.read !== undefined && token === tokens.read) return 'read';
  return undefined;
}

export function requireToken(tokens: Tokens, scope: Scope) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    const granted = scopeOf(tokens, token);
    if (granted !== undefined && RANK[granted] >= RANK[scope]) {
      res.locals.scope = granted;
      return next();
    }
    res.status(token ? 403 : 401).json({
      error: token ? `this token may not ${WHAT[scope]}` : 'send Authorization: Bearer <token>',
    });
  };
}

/**
 * Who made a change, for audit logs: Grafana's data proxy sends `X-Grafana-User` (with
 * `send_user_header`), other clients may send `X-PulseTrace-Actor`; else the token's scope.
 */
export function actorOf(req: Request, res: Response): string {
  const header = req.headers['x-grafana-user'] ?? req.headers['x-pulsetrace-actor'];
  const name = (Array.isArray(header) ? header[0] : header)?.trim();
  if (name) return name.slice(0, 200);
  return `${(res.locals.scope as string | undefined) ?? 'unknown'}-token`;
}
