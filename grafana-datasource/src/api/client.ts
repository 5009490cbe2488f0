/**
 * Requests to the processor, always through Grafana's data proxy: `<proxy url>/<role>/api/v1/…`,
 * where plugin.json's route for that role adds the role's token on Grafana's server. The browser
 * never holds a token. Data queries use the read route whatever the user's role.
 */
import { FetchResponse, getBackendSrv } from '@grafana/runtime';
import { lastValueFrom, map, Observable } from 'rxjs';
import { FilterKey, RouteRole } from '../types';
import { QueryBody } from '../query/request';
import { QueryResponseJSON } from '../query/response';

export interface ProjectJSON {
  id: string;
  name?: string;
  environment?: string;
}

export interface WhoamiJSON {
  scope: 'read' | 'write' | 'admin';
  projects: '*' | string[];
  visibleProjects: string[];
  tokenId?: string;
}

export interface ValueCount {
  value: string;
  count?: number;
}

export const VALUE_KINDS = [
  'releases',
  'environments',
  'routes',
  'browsers',
  'os',
  'devices',
  'countries',
  'event_names',
  'property_keys',
  'property_values',
] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** Which values endpoint suggests values for a filter key (none for free-form keys). */
export const FILTER_VALUE_KINDS: Partial<Record<FilterKey, ValueKind>> = {
  release: 'releases',
  environment: 'environments',
  route: 'routes',
  browser: 'browsers',
  os: 'os',
  device: 'devices',
  country: 'countries',
};

export interface ValuesParams {
  from?: number;
  to?: number;
  search?: string;
  limit?: number;
  event?: string;
  key?: string;
}

export interface ReleaseJSON {
  version: string;
  createdAt: string;
  finalizedAt?: string | null;
  ref?: string | null;
  url?: string | null;
  deploys?: number;
  registered?: boolean;
  events?: number;
  issues?: number;
  newIssues?: number;
}

export interface DeployJSON {
  id?: string;
  release: string;
  environment: string;
  name?: string | null;
  url?: string | null;
  startedAt?: string | null;
  finishedAt: string;
}

const API = '/api/v1';

export class ProcessorClient {
  constructor(private readonly proxyUrl: string) {}

  /** A raw request; errors arrive as Grafana's FetchError ({status, data}). */
  request<T>(
    role: RouteRole,
    path: string,
    options: {
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      data?: unknown;
      params?: Record<string, unknown>;
      requestId?: string;
    } = {}
  ): Observable<FetchResponse<T>> {
    const params = options.params
      ? Object.fromEntries(Object.entries(options.params).filter(([, v]) => v !== undefined && v !== ''))
      : undefined;
    return getBackendSrv().fetch<T>({
      url: `${this.proxyUrl}/${role}${API}${path}`,
      method: options.method ?? 'GET',
      data: options.data,
      params,
      requestId: options.requestId,
      // The datasource turns failures into sentences on the panel; no extra toast.
      showErrorAlert: false,
    });
  }

  get<T>(path: string, params?: Record<string, unknown>, role: RouteRole = 'read'): Promise<T> {
    return lastValueFrom(this.request<T>(role, path, { params }).pipe(map((r) => r.data)));
  }

  /** POST /query; rejects with the FetchError when the processor answers an error status. */
  query$(queries: QueryBody[], requestId?: string): Observable<QueryResponseJSON> {
    const data = queries.length === 1 ? queries[0] : { queries };
    return this.request<QueryResponseJSON>('read', '/query', { method: 'POST', data, requestId }).pipe(
      map((r) => r.data)
    );
  }

  whoami(role: RouteRole): Promise<WhoamiJSON> {
    return this.get<WhoamiJSON>('/whoami', undefined, role);
  }

  async projects(): Promise<ProjectJSON[]> {
    const body = await this.get<{ projects?: ProjectJSON[] }>('/projects');
    return body.projects ?? [];
  }

  async values(project: string, kind: ValueKind, params: ValuesParams = {}): Promise<ValueCount[]> {
    const path = `/projects/${encodeURIComponent(project)}/values/${kind}`;
    const body = await this.get<{ values?: ValueCount[] }>(path, { ...params });
    return body.values ?? [];
  }

  async releases(project: string, limit = 1000): Promise<ReleaseJSON[]> {
    const body = await this.get<{ releases?: ReleaseJSON[] }>(`/projects/${encodeURIComponent(project)}/releases`, {
      limit,
    });
    return body.releases ?? [];
  }

  async deploys(project: string, version: string, limit = 100): Promise<DeployJSON[]> {
    const path = `/projects/${encodeURIComponent(project)}/releases/${encodeURIComponent(version)}/deploys`;
    const body = await this.get<{ deploys?: DeployJSON[] }>(path, { limit });
    return body.deploys ?? [];
  }
}
