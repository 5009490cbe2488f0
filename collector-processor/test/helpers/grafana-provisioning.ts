/**
 * Zod schemas of Grafana's file provisioning formats (apiVersion 1), written from Grafana's
 * "Provision Grafana" and "File provisioning of alerting resources" docs for the keys we use or
 * could plausibly mistype. Objects are strict: Grafana ignores an unknown key silently, so a typo
 * (`orgID`, `jsonDate`) would otherwise pass and quietly do nothing. Plus the cross-file
 * references Grafana only reports at run time (data source uids used by dashboards and rules,
 * receivers used by notification policies).
 */
import { z } from 'zod';

const apiVersion = z.literal(1);
const record = z.record(z.string(), z.unknown());

const datasource = z.strictObject({
  name: z.string().min(1),
  type: z.string().min(1),
  uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'uid: up to 40 letters, digits, - or _'),
  access: z.enum(['proxy', 'direct']).optional(),
  orgId: z.number().int().positive().optional(),
  url: z.string().optional(),
  user: z.string().optional(),
  database: z.string().optional(),
  basicAuth: z.boolean().optional(),
  basicAuthUser: z.string().optional(),
  withCredentials: z.boolean().optional(),
  isDefault: z.boolean().optional(),
  jsonData: record.optional(),
  secureJsonData: z.record(z.string(), z.string()).optional(),
  version: z.number().int().optional(),
  editable: z.boolean().optional(),
});
export const datasourcesFile = z.strictObject({
  apiVersion,
  deleteDatasources: z.array(z.strictObject({ name: z.string(), orgId: z.number().int() })).optional(),
  prune: z.boolean().optional(),
  datasources: z.array(datasource).min(1),
});

export const dashboardsFile = z.strictObject({
  apiVersion,
  providers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        orgId: z.number().int().positive().optional(),
        folder: z.string().optional(),
        folderUid: z.string().optional(),
        type: z.literal('file'),
        disableDeletion: z.boolean().optional(),
        updateIntervalSeconds: z.number().int().nonnegative().optional(),
        allowUiUpdates: z.boolean().optional(),
        options: z.strictObject({
          path: z.string().startsWith('/'),
          foldersFromFilesStructure: z.boolean().optional(),
        }),
      }),
    )
    .min(1),
});

export const pluginsFile = z.strictObject({
  apiVersion,
  apps: z
    .array(
      z.strictObject({
        type: z.string().min(1),
        org_id: z.number().int().positive().optional(),
        org_name: z.string().optional(),
        disabled: z.boolean().optional(),
        jsonData: record.optional(),
        secureJsonData: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1),
});

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a Grafana duration such as 1m or 5m30s');
const ruleQuery = z.strictObject({
  refId: z.string().min(1),
  queryType: z.string().optional(),
  relativeTimeRange: z.strictObject({ from: z.number().int(), to: z.number().int() }).optional(),
  datasourceUid: z.string().min(1),
  model: record,
});
const rule = z.strictObject({
  uid: z.string().min(1).max(40),
  title: z.string().min(1),
  condition: z.string().min(1),
  data: z.array(ruleQuery).min(1),
  noDataState: z.enum(['NoData', 'Alerting', 'OK', 'KeepLast']).optional(),
  execErrState: z.enum(['Error', 'Alerting', 'OK', 'KeepLast']).optional(),
  for: duration.optional(),
  keepFiringFor: duration.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  isPaused: z.boolean().optional(),
  notification_settings: record.optional(),
});
const route: z.ZodType<unknown> = z.lazy(() =>
  z.strictObject({
    receiver: z.string().optional(),
    group_by: z.array(z.string()).optional(),
    object_matchers: z.array(z.tuple([z.string(), z.enum(['=', '!=', '=~', '!~']), z.string()])).optional(),
    continue: z.boolean().optional(),
    group_wait: duration.optional(),
    group_interval: duration.optional(),
    repeat_interval: duration.optional(),
    mute_time_intervals: z.array(z.string()).optional(),
    routes: z.array(route).optional(),
  }),
);
export const alertingFile = z.strictObject({
  apiVersion,
  groups: z
    .array(
      z.strictObject({
        orgId: z.number().int().positive(),
        name: z.string().min(1),
        folder: z.string().min(1),
        interval: duration,
        rules: z.array(rule).min(1),
      }),
    )
    .optional(),
  deleteRules: z.array(z.strictObject({ orgId: z.number().int(), uid: z.string() })).optional(),
  contactPoints: z
    .array(
      z.strictObject({
        orgId: z.number().int().positive(),
        name: z.string().min(1),
        receivers: z
          .array(
            z.strictObject({
              uid: z.string().min(1),
              type: z.string().min(1),
              settings: record,
              disableResolveMessage: z.boolean().optional(),
            }),
          )
          .min(1),
      }),
    )
    .optional(),
  // Each tree is checked node by node with policyTree().
  policies: z.array(z.looseObject({ orgId: z.number().int().positive(), receiver: z.string() })).optional(),
  resetPolicies: z.array(z.number().int()).optional(),
  templates: z.array(record).optional(),
  muteTimes: z.array(record).optional(),
});
/** A policy tree: each node's keys checked by `route` (the root also carries orgId). */
export const policyTree = (p: Record<string, unknown>) => {
  const { orgId: _orgId, ...rest } = p;
  return route.parse(rest);
};

/** A dashboard as Grafana's file provider loads it: the keys it needs to import and link it. */
export const dashboardJson = z.looseObject({
  uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  panels: z.array(z.looseObject({ type: z.string().min(1) })).min(1),
  // Grafana reads a missing list as no variables.
  templating: z
    .looseObject({ list: z.array(z.looseObject({ name: z.string(), type: z.string() })).optional() })
    .optional(),
});

/** Every `{ type?, uid }` data source reference in a dashboard or rule model, however deep. */
export function datasourceRefs(node: unknown, out: Array<{ type?: string; uid: string }> = []) {
  if (Array.isArray(node)) for (const n of node) datasourceRefs(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const ds = o.datasource as { type?: string; uid?: unknown } | undefined;
    if (ds && typeof ds === 'object' && typeof ds.uid === 'string') out.push({ type: ds.type, uid: ds.uid });
    for (const v of Object.values(o)) datasourceRefs(v, out);
  }
  return out;
}

/** A reference resolved by Grafana itself: a template variable, the built-in or expression sources. */
export const isBuiltinRef = (uid: string) =>
  /^\$/.test(uid) || ['-- Grafana --', 'grafana', '__expr__', '-- Mixed --', '-- Dashboard --'].includes(uid);
