/**
 * Grafana alerting file provisioning (apiVersion 1), as strict zod schemas: an unknown or
 * misspelled key fails, as it would be silently ignored by Grafana. Written from:
 * - "Use configuration files to provision alerting resources"
 *   https://grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/file-provisioning/
 *   (rule groups, contact points, notification policies), and the types Grafana reads those
 *   files into, pkg/services/provisioning/alerting/{rules_types,contact_point_types}.go
 *   (e.g. `keepFiringFor` is camelCase there, `missing_series_evals_to_resolve` snake_case);
 * - "Reduce" / "Math" / "Threshold" expressions, https://grafana.com/docs/grafana/latest/panels-visualizations/query-transform-data/expression-queries/
 *   and pkg/expr/models.go, pkg/expr/threshold.go (evaluator types gt, lt, ge, le, eq, ne,
 *   within_range, outside_range and their _included forms);
 * - "Example of alerting on tabular data", https://grafana.com/docs/grafana/latest/alerting/learn/examples/table-data/
 *   (one numeric column per row: the datasource model's `alertField`, model.ts).
 */
import { z } from 'zod';

/** Prometheus durations as Grafana parses them (model.ParseDuration): 30s, 5m, 1h30m, 0s. */
export const GrafanaDuration = z.string().regex(/^((\d+)(ms|s|m|h|d|w|y))+$/, {
  error: 'a Prometheus duration such as 30s, 5m or 1h',
});
const RefId = z.string().regex(/^[A-Za-z0-9_]{1,20}$/);
const LabelMap = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string());
const DsRef = z.object({ type: z.string().min(1), uid: z.string().min(1) }).strict();
const ExprRef = z.object({ type: z.literal('__expr__'), uid: z.literal('__expr__') }).strict();

export const ReduceModel = z
  .object({
    refId: RefId,
    datasource: ExprRef,
    type: z.literal('reduce'),
    expression: RefId,
    reducer: z.enum(['sum', 'mean', 'min', 'max', 'count', 'last', 'median']),
    settings: z
      .object({ mode: z.enum(['', 'dropNN', 'replaceNN']), replaceWithValue: z.number().optional() })
      .strict()
      .optional(),
  })
  .strict();
export const MathModel = z
  .object({ refId: RefId, datasource: ExprRef, type: z.literal('math'), expression: z.string().min(1) })
  .strict();
const EVALUATORS = ['gt', 'lt', 'ge', 'le', 'eq', 'ne', 'within_range', 'outside_range'] as const;
export const ThresholdModel = z
  .object({
    refId: RefId,
    datasource: ExprRef,
    type: z.literal('threshold'),
    expression: RefId,
    conditions: z
      .array(
        z
          .object({
            evaluator: z
              .object({
                type: z.enum([...EVALUATORS, 'within_range_included', 'outside_range_included']),
                params: z.array(z.number()).min(1).max(2),
              })
              .strict(),
          })
          .strict(),
      )
      .length(1),
  })
  .strict();
export const ExpressionModel = z.discriminatedUnion('type', [ReduceModel, MathModel, ThresholdModel]);

/** One entry of a rule's `data`: a datasource query, or an expression (`datasourceUid: __expr__`). */
export const AlertRuleData = z
  .object({
    refId: RefId,
    queryType: z.string().optional(),
    /** Seconds before now: `from` the start, `to` the end (from > to). */
    relativeTimeRange: z
      .object({ from: z.number().int().min(0), to: z.number().int().min(0) })
      .strict()
      .refine((r) => r.from > r.to, { error: 'relativeTimeRange.from must be before (greater than) to' })
      .optional(),
    datasourceUid: z.string().min(1),
    model: z.record(z.string(), z.unknown()),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.model.refId !== d.refId)
      ctx.addIssue({ code: 'custom', path: ['model', 'refId'], message: 'the model refId must equal refId' });
    if (d.datasourceUid === '__expr__') {
      const parsed = ExpressionModel.safeParse(d.model);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          ctx.addIssue({
            code: 'custom',
            path: ['model', ...issue.path.map(String)],
            message: issue.message,
          });
    } else {
      const ds = DsRef.safeParse(d.model.datasource);
      if (!ds.success || ds.data.uid !== d.datasourceUid)
        ctx.addIssue({
          code: 'custom',
          path: ['model', 'datasource'],
          message: 'the model names its data source: datasourceUid',
        });
    }
    if (d.datasourceUid !== '__expr__' && !d.relativeTimeRange)
      ctx.addIssue({
        code: 'custom',
        path: ['relativeTimeRange'],
        message: 'a datasource query needs its time range',
      });
  });
export type AlertRuleData = z.infer<typeof AlertRuleData>;

const NotificationSettings = z
  .object({
    receiver: z.string().min(1),
    group_by: z.array(z.string()).optional(),
    group_wait: GrafanaDuration.optional(),
    group_interval: GrafanaDuration.optional(),
    repeat_interval: GrafanaDuration.optional(),
    mute_time_intervals: z.array(z.string()).optional(),
    active_time_intervals: z.array(z.string()).optional(),
  })
  .strict();

/** refIds an expression reads: `expression: A` for reduce/threshold, `$A` / `${A}` in math. */
function readsOf(model: Record<string, unknown>): string[] {
  const e = String(model.expression ?? '');
  return model.type === 'math' ? [...e.matchAll(/\$\{?([A-Za-z0-9_]+)\}?/g)].map((m) => m[1]!) : [e];
}

export const GrafanaRule = z
  .object({
    uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, { error: 'a uid is 1-40 letters, digits, - or _' }),
    title: z.string().min(1).max(190),
    condition: RefId,
    data: z.array(AlertRuleData).min(1),
    dashboardUid: z.string().optional(),
    panelId: z.number().int().optional(),
    noDataState: z.enum(['NoData', 'Alerting', 'OK', 'KeepLast']),
    execErrState: z.enum(['Error', 'Alerting', 'OK', 'KeepLast']),
    for: GrafanaDuration,
    keepFiringFor: GrafanaDuration.optional(),
    missing_series_evals_to_resolve: z.number().int().min(0).optional(),
    annotations: z.record(z.string(), z.string()),
    labels: LabelMap,
    isPaused: z.boolean(),
    notification_settings: NotificationSettings.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const refs = r.data.map((d) => d.refId);
    if (new Set(refs).size !== refs.length)
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'duplicate refId' });
    if (!refs.includes(r.condition))
      ctx.addIssue({ code: 'custom', path: ['condition'], message: `no data entry ${r.condition}` });
    r.data.forEach((d, i) => {
      if (d.datasourceUid !== '__expr__') return;
      for (const ref of readsOf(d.model))
        if (!refs.includes(ref))
          ctx.addIssue({
            code: 'custom',
            path: ['data', i, 'model', 'expression'],
            message: `no data entry ${ref}`,
          });
    });
  });
export type GrafanaRule = z.infer<typeof GrafanaRule>;

export const RuleGroup = z
  .object({
    orgId: z.number().int().min(1),
    name: z.string().min(1),
    folder: z.string().min(1),
    interval: GrafanaDuration,
    rules: z.array(GrafanaRule).min(1),
  })
  .strict();
export type RuleGroup = z.infer<typeof RuleGroup>;

export const RulesFile = z
  .object({
    apiVersion: z.literal(1),
    groups: z.array(RuleGroup),
    deleteRules: z.array(z.object({ orgId: z.number().int(), uid: z.string() }).strict()).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const uids = f.groups.flatMap((g) => g.rules.map((r) => r.uid));
    const dup = uids.find((u, i) => uids.indexOf(u) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['groups'], message: `duplicate rule uid ${dup}` });
  });
export type RulesFile = z.infer<typeof RulesFile>;

/** Integration settings of the two types the examples use (Grafana's Slack and webhook notifiers). */
const SlackSettings = z
  .object({
    url: z.string().min(1).optional(),
    token: z.string().optional(),
    recipient: z.string().optional(),
    username: z.string().optional(),
    title: z.string().optional(),
    text: z.string().optional(),
    mentionChannel: z.enum(['', 'here', 'channel']).optional(),
  })
  .strict()
  .refine((s) => s.url || (s.token && s.recipient), { error: 'slack needs url, or token and recipient' });
const WebhookSettings = z
  .object({
    url: z.string().min(1),
    httpMethod: z.enum(['POST', 'PUT']).optional(),
    maxAlerts: z.number().int().min(0).optional(),
    authorization_scheme: z.string().optional(),
    authorization_credentials: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    title: z.string().optional(),
    message: z.string().optional(),
  })
  .strict();
const Integration = z.discriminatedUnion('type', [
  z
    .object({
      uid: z.string().min(1),
      type: z.literal('slack'),
      settings: SlackSettings,
      disableResolveMessage: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      uid: z.string().min(1),
      type: z.literal('webhook'),
      settings: WebhookSettings,
      disableResolveMessage: z.boolean().optional(),
    })
    .strict(),
]);
export const ContactPointsFile = z
  .object({
    apiVersion: z.literal(1),
    contactPoints: z.array(
      z
        .object({
          orgId: z.number().int().min(1),
          name: z.string().min(1),
          receivers: z.array(Integration).min(1),
        })
        .strict(),
    ),
  })
  .strict();
export type ContactPointsFile = z.infer<typeof ContactPointsFile>;

const Matcher = z.tuple([z.string().min(1), z.enum(['=', '!=', '=~', '!~']), z.string()]);
interface Route {
  receiver?: string;
  group_by?: string[];
  object_matchers?: Array<[string, '=' | '!=' | '=~' | '!~', string]>;
  continue?: boolean;
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  routes?: Route[];
}
const routeShape = {
  receiver: z.string().min(1).optional(),
  group_by: z.array(z.string()).optional(),
  group_wait: GrafanaDuration.optional(),
  group_interval: GrafanaDuration.optional(),
  repeat_interval: GrafanaDuration.optional(),
  mute_time_intervals: z.array(z.string()).optional(),
  routes: z.array(z.lazy((): z.ZodType<Route> => Route)).optional(),
};
const Route: z.ZodType<Route> = z
  .object({ ...routeShape, object_matchers: z.array(Matcher).optional(), continue: z.boolean().optional() })
  .strict();
export const PoliciesFile = z
  .object({
    apiVersion: z.literal(1),
    policies: z.array(
      z.object({ orgId: z.number().int().min(1), ...routeShape, receiver: z.string().min(1) }).strict(),
    ),
  })
  .strict();
export type PoliciesFile = z.infer<typeof PoliciesFile>;
