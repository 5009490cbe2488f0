/**
 * Grafana's services for a page's scene in jsdom, with the REAL PulseTrace data source class in
 * front of a fake backend (the HTTP boundary): variable queries list one project, query requests
 * are recorded and answered by `answer`. Panels render as Grafana's panel chrome (title, menu)
 * around a stub visualization, so tests see which panels a page shows and what it says when empty.
 */
import React from 'react';
import { map, Observable } from 'rxjs';
import {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  LoadingState,
  PanelData,
  PanelPlugin,
  ScopedVars,
  standardTransformers,
  standardTransformersRegistry,
  TypedVariableModel,
} from '@grafana/data';
import { setDataSourceSrv, setPluginImportUtils, setRunRequest, setTemplateSrv } from '@grafana/runtime';
import { sceneGraph, SceneObject } from '@grafana/scenes';
import { fakeBackend } from '../../../grafana-datasource/src/testing/grafana';
import { makeDataSource } from '../../../grafana-datasource/src/testing/datasource';

/** A query body as the data source sent it (POST /api/v1/query). */
export interface SentQuery {
  refId: string;
  type: string;
  from: number;
  to: number;
  [option: string]: unknown;
}

export type Answer = (
  q: SentQuery
) => Array<{ schema: { fields: Array<{ name: string; type: string }> }; data: { values: unknown[][] } }>;

/** One-row table frame of numbers. */
export const row = (values: Record<string, number>) => [
  {
    schema: { fields: Object.keys(values).map((name) => ({ name, type: 'number' })) },
    data: { values: Object.values(values).map((v) => [v]) },
  },
];

// Grafana registers its transformations at startup (organize, filterByValue… as panels use them).
standardTransformersRegistry.setInit(() =>
  // Some transformers are exported under two names: one registry entry each.
  [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()].map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    transformation: t,
    editor: () => null,
    imageDark: '',
    imageLight: '',
  }))
);

// jsdom lays nothing out: panels measure their box (react-use's useMeasure) and draw only when it
// has a size, so every observed element reports a panel-sized box.
class SizedResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const contentRect = { x: 0, y: 0, top: 0, left: 0, right: 600, bottom: 300, width: 600, height: 300 };
    setTimeout(() => this.callback([{ target, contentRect } as unknown as ResizeObserverEntry], this as never));
  }
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = SizedResizeObserver as unknown as typeof ResizeObserver;

// Panels load their visualization through Grafana's plugin loader (set once per test file).
const plugins = new Map<string, PanelPlugin>();
const stub = (id: string) => {
  if (!plugins.has(id)) {
    const plugin = new PanelPlugin(() => <div>{id} visualization</div>);
    plugin.meta = { id, name: id, info: { version: '12.0.0' } } as never;
    plugins.set(id, plugin);
  }
  return plugins.get(id)!;
};
setPluginImportUtils({
  importPanelPlugin: async (id: string) => stub(id),
  getPanelPluginFromCache: (id: string) => stub(id),
});

/** `rest` answers the REST calls the kit does not (a page's actions); undefined falls through to 404. */
export function grafanaServices(
  answer: Answer,
  rest?: (request: { url: string; method?: string; data?: unknown }) => { status: number; data: unknown } | undefined
) {
  const ds = makeDataSource();
  const sent: SentQuery[] = [];
  const backend = fakeBackend((request) => {
    if (request.url.endsWith('/api/v1/query')) {
      // One query is sent as the body itself, several as { queries } (the data source's client).
      const body = request.data as { queries?: SentQuery[] };
      const queries = body.queries ?? [body as SentQuery];
      sent.push(...queries);
      return {
        status: 200,
        data: { results: Object.fromEntries(queries.map((q) => [q.refId, { status: 200, frames: answer(q) }])) },
      };
    }
    if (request.url.endsWith('/api/v1/projects')) {
      return { status: 200, data: { projects: [{ id: 'shop', name: 'shop' }] } };
    }
    if (request.url.includes('/values/')) {
      return { status: 200, data: { values: [{ value: 'production', count: 1 }] } };
    }
    return rest?.(request) ?? { status: 404, data: { error: 'not found' } };
  });
  setDataSourceSrv({
    get: async () => ds as unknown as DataSourceApi,
    getInstanceSettings: () => ({ uid: ds.uid, type: ds.type, name: ds.name, meta: ds.meta }) as never,
    getList: () => [{ uid: ds.uid, type: ds.type, name: ds.name, meta: ds.meta } as never],
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as never);
  // Grafana's template service hands a scene's variables to scenes' own interpolation.
  setTemplateSrv({
    getVariables: () => [] as TypedVariableModel[],
    containsTemplate: (t?: string) => !!t && t.includes('$'),
    updateTimeRange: () => undefined,
    replace: (target = '', scopedVars: ScopedVars = {}, format?: string | Function) => {
      const scene = scopedVars.__sceneObject?.value as SceneObject | undefined;
      return scene ? sceneGraph.interpolate(scene, target, scopedVars, format as never) : target;
    },
  } as never);
  setRunRequest((datasource: DataSourceApi, request: DataQueryRequest, queryFn?: DataSourceApi['query']) =>
    // The PulseTrace data source and its variable support answer Observables.
    ((queryFn ?? datasource.query.bind(datasource))(request) as Observable<DataQueryResponse>).pipe(
      map((packet): PanelData => ({
        state: packet.errors?.length ? LoadingState.Error : LoadingState.Done,
        series: packet.data,
        errors: packet.errors,
        timeRange: request.range,
        request,
      }))
    )
  );
  return { sent, backend };
}
