/**
 * Test doubles for Grafana's services, registered through @grafana/runtime's own setters:
 * a backend whose fetch answers from a handler (the HTTP boundary: everything above it is the
 * real plugin code), and a template service that expands $var / ${var} like Grafana's, calling a
 * format function with an array for multi-value variables.
 */
import { ScopedVars, TypedVariableModel } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

export interface Answer {
  status: number;
  data?: unknown;
}

export type Handler = (request: BackendSrvRequest) => Answer | Promise<Answer>;

export interface FakeBackend {
  requests: BackendSrvRequest[];
  /** Requests to the processor, by path after the route prefix: "read /api/v1/query". */
  paths(): string[];
}

export const PROXY = '/api/datasources/proxy/uid/pt';

function respond(request: BackendSrvRequest, answer: Answer) {
  if (answer.status >= 200 && answer.status < 300) {
    return {
      data: answer.data,
      status: answer.status,
      ok: true,
      statusText: 'OK',
      headers: new Headers(),
      redirected: false,
      type: 'basic',
      url: request.url,
      config: request,
    };
  }
  return Promise.reject({ status: answer.status, data: answer.data, statusText: 'Error', config: request });
}

export function fakeBackend(handler: Handler): FakeBackend {
  const requests: BackendSrvRequest[] = [];
  const fetch = (request: BackendSrvRequest) =>
    new Observable((subscriber) => {
      requests.push(request);
      let cancelled = false;
      Promise.resolve(handler(request))
        .then((answer) => respond(request, answer))
        .then(
          (response) => {
            if (!cancelled) {
              subscriber.next(response);
              subscriber.complete();
            }
          },
          (err) => !cancelled && subscriber.error(err)
        );
      return () => {
        cancelled = true;
      };
    });
  const get = async (url: string, params?: Record<string, unknown>) => {
    const answer = await handler({ url, method: 'GET', params });
    return (await respond({ url }, answer)).data;
  };
  setBackendSrv({ fetch, get } as unknown as BackendSrv);
  return {
    requests,
    paths: () =>
      requests
        .filter((r) => r.url.startsWith(PROXY))
        .map((r) => {
          const [, role, ...rest] = r.url.slice(PROXY.length).split('/');
          return `${role} /${rest.join('/')}`;
        }),
  };
}

/** Dashboard variables: name → value (an array for a multi-value variable). */
export function fakeTemplateSrv(variables: Record<string, string | string[]> = {}) {
  const pattern = /\$(\w+)|\$\{(\w+)(?::\w+)?\}/g;
  setTemplateSrv({
    getVariables: () => Object.keys(variables).map((name) => ({ name }) as unknown as TypedVariableModel),
    containsTemplate: (target?: string) => !!target && /\$\w|\$\{/.test(target),
    updateTimeRange: () => undefined,
    replace: (target = '', scopedVars: ScopedVars = {}, format?: string | Function) =>
      target.replace(pattern, (match, a?: string, b?: string) => {
        const name = (a ?? b)!;
        const value = scopedVars[name]?.value ?? variables[name];
        if (value === undefined) {
          return match;
        }
        if (typeof format === 'function') {
          return format(value, { name }, String);
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : String(value);
      }),
  });
}
