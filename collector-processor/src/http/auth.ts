/**
 * API tokens by scope. A scope includes the ones below it: admin ⊇ write ⊇ read, matching the
 * Grafana roles that reach them through plugin routes (Admin, Editor, Viewer). The environment
 * tokens reach every project; stored tokens (api-tokens.ts) reach the projects they were granted.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Project, ProjectRef, ProjectStore } from '../projects/project-store';

export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

/** What a token may do: its scope, and the projects it reaches ('all' or a list). */
export interface Grant {
  scope: Scope;
  projects: 'all' | readonly string[];
  /** 'env' for the PULSETRACE_*_TOKEN tokens, else the stored token's id. */
  tokenId: string;
  /**
   * Who the token stands for in audit records: `<scope>-token` for the environment tokens,
   * `token:<name>` for a stored one. Clients cannot change it.
   */
  actor: string;
}

export interface TokenLookup {
  /** The grant of a stored token, or undefined when unknown or revoked. */
  resolve(token: string): Promise<Grant | undefined>;
}

export interface Tokens {
  admin: string;
  /** Editor token: release, source map and issue changes. */
  write?: string;
  read?: string;
  /** Project-scoped tokens made through the tokens API. */
  stored?: TokenLookup;
  /** Turns a `:id` path parameter (a project's id or unique name) into the project whose grant is checked. */
  projects: ProjectResolver;
}

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

const WHAT: Record<Scope, string> = {
  read: 'read',
  write: 'change releases, source maps or issues (it needs the write or admin token)',
  admin: 'administer projects (it needs the admin token)',
};

/** The bearer token, or a problem: whitespace around it is refused, never trimmed away. */
function bearer(req: Request): { token?: string; problem?: string } {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return {};
  const token = header.slice(7);
  if (token === '' || /\s/.test(token))
    return {
      problem:
        'malformed Authorization header: send "Bearer <token>" with one space and no whitespace around or in the token',
    };
  return { token };
}

/** The scope an environment token grants, or undefined for any other token. */
export function scopeOf(tokens: Tokens, token: string | undefined): Scope | undefined {
  if (!token) return undefined;
  if (token === tokens.admin) return 'admin';
  if (tokens.write !== undefined && token === tokens.write) return 'write';
  if (tokens.read !== undefined && token === tokens.read) return 'read';
  return undefined;
}

export async function grantOf(tokens: Tokens, token: string | undefined): Promise<Grant | undefined> {
  if (!token) return undefined;
  const scope = scopeOf(tokens, token);
  if (scope) return { scope, projects: 'all', tokenId: 'env', actor: `${scope}-token` };
  return tokens.stored?.resolve(token);
}

/** Whether the request's token reaches this project (set by requireToken). */
export function grantAllows(res: Response, projectId: string): boolean {
  const grant = res.locals.grant as Grant | undefined;
  return !!grant && (grant.projects === 'all' || grant.projects.includes(projectId));
}

/** The projects the request's token reaches. */
export function grantedProjects(res: Response): 'all' | readonly string[] {
  return (res.locals.grant as Grant | undefined)?.projects ?? [];
}

export type ProjectResolver = Pick<ProjectStore, 'resolve'>;

/**
 * A project by id or unique live name among those the request's token reaches (set by
 * requireToken): projects outside the grant are neither found nor named in an ambiguity.
 */
export function resolveForToken(
  projects: ProjectResolver,
  res: Response,
  ref: string,
  { includeDeleted = false } = {},
): ProjectRef {
  return projects.resolve(ref, { includeDeleted, visible: (id) => grantAllows(res, id) });
}

/** The answer for a name several live projects share (400: the client must pick one by id). */
export function ambiguousName(ref: string, shared: readonly Project[]): string {
  const ids = shared.map((p) => p.id).join(', ');
  return `project name "${ref}" is used by ${shared.length} projects: use its id (${ids})`;
}

/**
 * Requires a token of at least `scope`. On routes with a `:id` project parameter it also requires
 * the token to reach that project, answering 404 as for a project that does not exist. `:id` may
 * be the project's id or its unique name: it is replaced by the id here, so every handler after
 * this one reads an id (deleted projects are reached by id only; handlers decide if they may be).
 */
export function requireToken(tokens: Tokens, scope: Scope, options: { allProjects?: boolean } = {}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const { token, problem } = bearer(req);
    if (problem) return res.status(401).json({ error: problem });
    const grant = await grantOf(tokens, token);
    if (grant === undefined)
      return res.status(401).json({
        error: token
          ? 'unknown or revoked token: check the token, or make one with POST /api/v1/tokens'
          : 'send Authorization: Bearer <token>',
      });
    if (RANK[grant.scope] < RANK[scope])
      return res.status(403).json({ error: `this token may not ${WHAT[scope]}` });
    res.locals.scope = grant.scope;
    res.locals.grant = grant;
    if (options.allProjects && grant.projects !== 'all')
      return res
        .status(403)
        .json({ error: 'this token is limited to some projects; this needs a token for all projects' });
    const ref = req.params?.id;
    if (typeof ref === 'string') {
      const found = resolveForToken(tokens.projects, res, ref, { includeDeleted: true });
      if ('ambiguous' in found) return res.status(400).json({ error: ambiguousName(ref, found.ambiguous) });
      const id = 'project' in found ? found.project.id : ref;
      // Handlers after this one read req.params.id: always the id, whether the client sent it or a name.
      req.params.id = id;
      if (!grantAllows(res, id)) return res.status(404).json({ error: `no project ${ref} for this token` });
    }
    next();
  };
}

/** A client-supplied name, trimmed, with control characters removed and length capped. */
function claimedName(req: Request): string | undefined {
  const header = req.headers['x-grafana-user'] ?? req.headers['x-pulsetrace-actor'];
  // eslint-disable-next-line no-control-regex
  const name = (Array.isArray(header) ? header[0] : header)?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name ? name.slice(0, 100) : undefined;
}

/**
 * Who made a change, for audit logs: the token's actor (see Grant.actor), which no header can
 * change. Grafana's data proxy sends `X-Grafana-User` (with `send_user_header`), other clients may
 * send `X-PulseTrace-Actor`: that name is recorded only as a claim beside the token, e.g.
 * `write-token (claimed: alice)`, since any holder of the token could send any name.
 */
export function actorOf(req: Request, res: Response): string {
  const grant = res.locals.grant as Grant | undefined;
  const actor = grant?.actor ?? 'unknown-token';
  const claimed = claimedName(req);
  return claimed ? `${actor} (claimed: ${claimed})` : actor;
}
