/**
 * The processor's REST API (issues, releases, projects, tokens) through the PulseTrace data
 * source's proxy routes: `/api/datasources/proxy/uid/<ds>/<read|write|admin>/api/v1/…`, where
 * Grafana's server adds the token of that role. The client and the failure sentences are the data
 * source's own (grafana-datasource/src/api/), so the app and the data source fail the same way.
 */
import { lastValueFrom } from 'rxjs';
import { ProcessorClient } from '../../../grafana-datasource/src/api/client';
import { describeFailure, toFailure } from '../../../grafana-datasource/src/api/failure';
import type { RouteRole } from '../../../grafana-datasource/src/types';

export type { RouteRole };
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const proxyUrl = (dsUid: string) => `/api/datasources/proxy/uid/${dsUid}`;

export class ProcessorApi {
  readonly client: ProcessorClient;

  constructor(readonly dsUid: string) {
    this.client = new ProcessorClient(proxyUrl(dsUid));
  }

  /** `path` is after /api/v1. Failures reject with an Error whose message says what to do. */
  async call<T>(role: RouteRole, method: Method, path: string, data?: unknown, params?: Record<string, unknown>) {
    try {
      const response = await lastValueFrom(this.client.request<T>(role, path, { method, data, params }));
      return response.data;
    } catch (err) {
      throw new Error(describeFailure(toFailure(err), role));
    }
  }

  get<T>(path: string, params?: Record<string, unknown>) {
    return this.call<T>('read', 'GET', path, undefined, params);
  }
}

/** `/projects/<id>` with the id encoded. */
export const projectPath = (project: string, rest = '') => `/projects/${encodeURIComponent(project)}${rest}`;
