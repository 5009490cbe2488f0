/**
 * @grafana/runtime for the dashboards tests (jest.config.js maps it here), standing in for the two
 * services the data source's own code calls, each doing what Grafana's does, against the real
 * processor:
 * - getBackendSrv().fetch: Grafana's data proxy. `<proxy>/<role>/api/v1/…` goes to the processor
 *   with that role's token, as plugin.json's routes add it on Grafana's server.
 * - getTemplateSrv().replace: `$var` / `${var}` with the dashboard's current values, a multi-value
 *   variable passed to the format function as an array (Grafana's behaviour).
 * Tests set both with `connect` and `setVariables`.
 */
import { Observable } from 'rxjs';

interface Proxy {
  processorUrl: string;
  tokens: Record<string, string>;
}
let proxy: Proxy | undefined;
let variables: Record<string, string | string[]> = {};

/** The data source instance's proxy URL (what Grafana gives instanceSettings.url). */
export const PROXY_URL = '/api/datasources/proxy/uid/pulsetrace';

export function connect(p: Proxy) {
  proxy = p;
}
export function setVariables(vars: Record<string, string | string[]>) {
  variables = vars;
}

interface Request {
  url: string;
  method?: string;
  data?: unknown;
  params?: Record<string, unknown>;
}

async function forward(request: Request) {
  if (!proxy) throw new Error('dashboards test bug: call connect() before the data source makes requests');
  if (!request.url.startsWith(`${PROXY_URL}/`)) throw new Error(`not a data proxy URL: ${request.url}`);
  const [role, ...rest] = request.url.slice(PROXY_URL.length + 1).split('/');
  const token = proxy.tokens[role!];
  if (!token) throw new Error(`no proxy route for role "${role}" (plugin.json has read, write, admin)`);
  const url = new URL(`${proxy.processorUrl}/${rest.join('/')}`);
  for (const [k, v] of Object.entries(request.params ?? {})) url.searchParams.set(k, String(v));
  const res = await fetch(url, {
    method: request.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.data === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: request.data === undefined ? undefined : JSON.stringify(request.data),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  // Grafana's FetchError shape: the data source reads status and data.
  if (!res.ok) throw { status: res.status, data, statusText: res.statusText, config: request };
  return {
    data,
    status: res.status,
    ok: true,
    statusText: res.statusText,
    headers: res.headers,
    config: request,
  };
}

export function getBackendSrv() {
  return {
    fetch: (request: Request) =>
      new Observable((subscriber) => {
        forward(request).then(
          (response) => {
            subscriber.next(response);
            subscriber.complete();
          },
          (err: unknown) => subscriber.error(err),
        );
      }),
  };
}

export function getTemplateSrv() {
  return {
    replace(text: string, _scoped?: unknown, format?: (value: unknown) => string) {
      return text.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
        const value = variables[(braced ?? bare)!];
        if (value === undefined) return match;
        return format ? format(value) : Array.isArray(value) ? value.join(',') : value;
      });
    },
  };
}

export const config = { bootData: { user: { orgRole: 'Viewer' } }, datasources: {} };
