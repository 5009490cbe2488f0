/**
 * The routes an Express app answers, as `METHOD /path/{param}` (OpenAPI's path style), read from
 * the app itself with router 2.3's `listRoutes()`: mount paths included, nested routers followed.
 * test/openapi-routes.test.ts compares this list with the OpenAPI document's operations.
 */
import type express from 'express';

export interface ListedRoute {
  method: string;
  path: string;
}

interface RouteInfo {
  path: string | RegExp;
  methods?: string[];
  router?: { listRoutes?(): RouteInfo[] };
}

/** `/projects/:id` → `/projects/{id}`. A pattern OpenAPI cannot name (RegExp, `*`, `{…}`) throws. */
export function openApiPath(expressPath: string): string {
  if (/[*{}()?]/.test(expressPath))
    throw new Error(`route ${expressPath} uses a pattern the route list cannot name as an OpenAPI path`);
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(routes: RouteInfo[], prefix: string, out: ListedRoute[]) {
  for (const r of routes) {
    if (typeof r.path !== 'string')
      throw new Error(`a route under ${prefix || '/'} is a RegExp: the route list cannot name it`);
    const path = join(prefix, r.path);
    if (r.router) {
      if (!r.router.listRoutes) throw new Error(`the router mounted at ${path} cannot list its routes`);
      walk(r.router.listRoutes(), path, out);
      continue;
    }
    for (const method of r.methods ?? []) {
      if (method === '*') throw new Error(`${path} takes every method (.all): name them instead`);
      // Express answers HEAD for every GET route by itself; OpenAPI leaves it implied too.
      if (method === 'HEAD' && r.methods?.includes('GET')) continue;
      out.push({ method, path: openApiPath(path) });
    }
  }
}

/** Every method and path the app routes, in registration order (not its 404 or error handlers). */
export function listRoutes(app: express.Express): ListedRoute[] {
  const router = (app as unknown as { router: { listRoutes?(): RouteInfo[] } }).router;
  if (!router.listRoutes) throw new Error('listRoutes needs router >= 2.3 (Express 5)');
  const out: ListedRoute[] = [];
  walk(router.listRoutes(), '', out);
  return out;
}
