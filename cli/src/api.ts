/**
 * The processor's HTTP API as the CLI uses it, and the errors a person at a terminal or a CI log
 * can act on: which token, which env var, which URL.
 */

/** What the CLI prints and exits with: 1 for failures, 2 for usage mistakes. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export interface Connection {
  url: string;
  token?: string;
}

/** The token a route needs (collector-processor/src/http/auth.ts). */
export type Scope = 'admin' | 'write' | 'read';

const NEEDS: Record<Scope, string> = {
  read: 'any PulseTrace token (read, editor or admin: PULSETRACE_READ_TOKEN, PULSETRACE_WRITE_TOKEN or PULSETRACE_ADMIN_TOKEN)',
  admin: 'the admin token (the processor’s PULSETRACE_ADMIN_TOKEN)',
  write:
    'the editor token or the admin token (the processor’s PULSETRACE_WRITE_TOKEN or PULSETRACE_ADMIN_TOKEN)',
};

export interface RequestContext {
  url: string;
  method: string;
  path: string;
  scope: Scope;
}

function bodyError(body: unknown): { error?: string; issues?: Array<{ path?: string; message?: string }> } {
  if (body && typeof body === 'object') return body as ReturnType<typeof bodyError>;
  return typeof body === 'string' && body.trim() ? { error: body.trim().slice(0, 500) } : {};
}

/** One message for a non-2xx answer: what went wrong, then what to do. */
export function describeHttpError(status: number, body: unknown, ctx: RequestContext): string {
  const { error, issues } = bodyError(body);
  const said = error ? ` (processor: "${error}")` : '';
  // The processor answers 401 for a missing token and for an unknown or revoked one.
  if (status === 401 && error?.startsWith('unknown or revoked token'))
    return `the token was refused for ${ctx.method} ${ctx.path}${said}: set PULSETRACE_TOKEN (or --token) to ${NEEDS[ctx.scope]}.`;
  if (status === 401)
    return `${ctx.method} ${ctx.path} needs a token${said}: pass --token or set PULSETRACE_TOKEN to ${NEEDS[ctx.scope]}.`;
  if (status === 403)
    return `the token was refused for ${ctx.method} ${ctx.path}${said}: set PULSETRACE_TOKEN (or --token) to ${NEEDS[ctx.scope]}.`;
  // The processor's catch-all 404 (405: the path takes other methods) means the route itself is
  // missing, not a project or release. `not found: OTLP goes` is how processors before #14 said it.
  const routeMissing =
    (status === 404 && /^(no route |not found: OTLP goes)/.test(error ?? '')) || status === 405;
  if (routeMissing)
    return `${ctx.url} has no ${ctx.method} ${ctx.path}${said}: check --url / PULSETRACE_URL points at a pulsetrace-processor recent enough for this CLI.`;
  const lines = [`${ctx.method} ${ctx.path} failed with HTTP ${status}: ${error ?? 'no error message'}`];
  // A processor from #14 on already says each issue in `error`: list only what it left out.
  for (const i of issues ?? []) {
    const line = `${i.path ? `${i.path}: ` : ''}${i.message ?? ''}`;
    if (!error?.includes(line)) lines.push(`  - ${line}`);
  }
  if (status === 404)
    lines.push('  (list what exists with `pulsetrace projects list` or `pulsetrace releases list`)');
  if (status === 413) lines.push('  (the request is over the processor’s size limit: lower --batch-mb)');
  if (status >= 500) lines.push(`  (a processor problem: its logs say more; retry later)`);
  return lines.join('\n');
}

/** fetch() failures: the URL is wrong, or nothing listens there. */
export function describeNetworkError(err: unknown, url: string): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  const what = code ?? cause?.message ?? (err as Error).message;
  return `cannot reach the processor at ${url} (${what}): start it, or point --url / PULSETRACE_URL at it (default http://localhost:4318).`;
}

export interface RequestOptions {
  scope: Scope;
  json?: unknown;
  form?: FormData;
}

/** `path` under the base URL, keeping a path prefix a reverse proxy may add (`https://x/pt`). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** A JSON API call; throws CliError with an actionable message on any failure. */
export async function request<T>(
  conn: Connection,
  method: string,
  path: string,
  o: RequestOptions,
): Promise<T> {
  return (await call<T>(conn, method, path, o)).body;
}

/** request() with the status, for routes where 200 and 201 mean different things. */
export async function call<T>(
  conn: Connection,
  method: string,
  path: string,
  o: RequestOptions,
): Promise<{ status: number; body: T }> {
  let target: URL;
  try {
    target = new URL(joinUrl(conn.url, path));
  } catch {
    throw new CliError(`--url "${conn.url}" is not a URL: use e.g. http://localhost:4318`, 2);
  }
  const headers: Record<string, string> = {};
  if (conn.token) headers.authorization = `Bearer ${conn.token}`;
  let body: string | FormData | undefined = o.form;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  let res: Response;
  try {
    res = await fetch(target, { method, headers, body });
  } catch (err) {
    throw new CliError(describeNetworkError(err, conn.url));
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a proxy's HTML error page): shown as text
  }
  if (!res.ok)
    throw new CliError(
      describeHttpError(res.status, parsed, { url: conn.url, method, path, scope: o.scope }),
    );
  return { status: res.status, body: parsed as T };
}

/** `/api/v1/projects/<id>/releases[/<version>…]` with each segment encoded. */
export function releasePath(project: string, version?: string, ...rest: string[]): string {
  const parts = [
    'api',
    'v1',
    'projects',
    project,
    'releases',
    ...(version === undefined ? [] : [version]),
    ...rest,
  ];
  return `/${parts.map(encodeURIComponent).join('/')}`;
}
