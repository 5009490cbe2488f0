/**
 * Alert rules as code: the one schema of a rule, a per-project override and a receiver, shared by
 * the processor's ruler (ruler/), its REST API (`/api/v1/projects/:id/alert-rules`), the CLI
 * (`pulsetrace alerts`, through that API) and `alert-rules/` (TypeScript definitions compiled to
 * the processor's rule file and to Grafana alerting provisioning). docs/alerting.md.
 *
 * Two kinds of rule:
 * - `threshold`: a PulseTrace query (the query API's model, without project and time range) run
 *   over `window` every `interval`, each series reduced to one number and compared with the
 *   condition; pending for `for`, firing until it recovers (plus `keepFiringFor`). Evaluated by
 *   the processor and compilable to a Grafana rule group.
 * - `event`: fires from what the processor sees happen (an issue created, regressed, woken, an
 *   issue spiking against its own baseline, an insight opened), within seconds of the ingest.
 *   Processor only: Grafana has no such events.
 */
import { z } from 'zod';

const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 };

/** Milliseconds of a duration in Prometheus/Grafana form (`30s`, `5m`, `1h`, `7d`). */
export function durationMs(d: string): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`"${d}" is not a duration: write a number and a unit, e.g. 30s, 5m, 1h, 7d`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export const Duration = z
  .string()
  .regex(DURATION, { error: 'a duration is a number and a unit (ms, s, m, h, d, w), e.g. 5m' });

/** Rule, receiver and label names: safe in URLs, Grafana uids, Prometheus labels and file names. */
export const RuleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, {
  error: 'an id is 1-63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
});
export const ReceiverName = RuleId;
const LabelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, { error: 'label names are Prometheus label names' });

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** What a rule says to a person; `{{ $labels.route }}` and `{{ $value }}` are filled in. */
export const Annotations = z
  .object({
    summary: z.string().min(1).max(500),
    description: z.string().max(4000).optional(),
    runbookUrl: z.url().optional(),
  })
  .strict();

const RuleBase = z.object({
  id: RuleId,
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  /** `*` for every project, or project ids. */
  projects: z.union([z.literal('*'), z.array(z.string().min(1).max(100)).min(1)]).default('*'),
  severity: Severity.default('medium'),
  labels: z.record(LabelName, z.string().max(1000)).default({}),
  annotations: Annotations,
  /** Processor receivers to notify; empty: the project's default receivers. */
  receivers: z.array(ReceiverName).max(20).default([]),
  /** A firing alert is notified again after this long (Alertmanager's repeat_interval). */
  repeatInterval: Duration.default('4h'),
});

export const REDUCERS = ['last', 'mean', 'min', 'max', 'sum', 'count'] as const;
export const OPERATORS = ['>', '>=', '<', '<='] as const;

export const Condition = z.object({ op: z.enum(OPERATORS), threshold: z.number().finite() }).strict();
export type Condition = z.infer<typeof Condition>;

export const ThresholdRule = RuleBase.extend({
  kind: z.literal('threshold'),
  /**
   * A query of POST /api/v1/query without `project`, `from`, `to` or `refId` (the ruler sets them:
   * the project, now − window, now). Checked against the query API's schema when a rule is saved.
   */
  query: z.object({ type: z.string().min(1) }).catchall(z.unknown()),
  /** The numeric field to reduce when the query's frames have several; default the first. */
  field: z.string().max(100).optional(),
  window: Duration.default('5m'),
  reducer: z.enum(REDUCERS).default('last'),
  condition: Condition,
  /**
   * Compare with the same window `offset` earlier (e.g. `7d`: the same hour last week): the value
   * judged is current / earlier, so `condition.threshold` is a ratio (2 = doubled).
   */
  compareTo: z.object({ offset: Duration }).strict().optional(),
  interval: Duration.default('1m'),
  for: Duration.default('5m'),
  keepFiringFor: Duration.default('0s'),
  noData: z.enum(['ok', 'alerting', 'nodata', 'keep']).default('ok'),
  onError: z.enum(['error', 'alerting', 'ok', 'keep']).default('error'),
}).strict();
export type ThresholdRule = z.infer<typeof ThresholdRule>;

export const EVENTS = [
  'issue.new',
  'issue.regressed',
  'issue.woke',
  'issue.spike',
  'insight.opened',
] as const;
export type AlertEventName = (typeof EVENTS)[number];

export const EventRule = RuleBase.extend({
  kind: z.literal('event'),
  event: z.enum(EVENTS),
  /** issue.spike only: events in the last hour ≥ factor × the issue's hourly baseline and ≥ minEvents. */
  spike: z
    .object({ factor: z.number().min(1).default(5), minEvents: z.number().int().min(1).default(50) })
    .strict()
    .optional(),
  /** Only issues of these levels (error events' `level`), e.g. ['error', 'fatal']. */
  levels: z.array(z.string().max(20)).max(10).optional(),
}).strict();
export type EventRule = z.infer<typeof EventRule>;

export const AlertRule = z.discriminatedUnion('kind', [ThresholdRule, EventRule]);
/** A rule as stored and evaluated (defaults applied). */
export type AlertRule = z.infer<typeof AlertRule>;
/** A rule as written (defaults optional). */
export type AlertRuleInput = z.input<typeof AlertRule>;

/** Per-project changes to a rule: disable it, change its threshold, route it elsewhere. */
export const RuleOverride = z
  .object({
    rule: RuleId,
    project: z.string().min(1).max(100),
    enabled: z.boolean().optional(),
    threshold: z.number().finite().optional(),
    receivers: z.array(ReceiverName).max(20).optional(),
    severity: Severity.optional(),
  })
  .strict();
export type RuleOverride = z.infer<typeof RuleOverride>;

/**
 * Where notifications go. Secret fields (Slack's URL, the webhook's signing secret and headers,
 * Alertmanager's credentials) are write-only: never in an API answer or a log.
 */
export const Receiver = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('slack'),
      name: ReceiverName,
      url: z.url(),
      channel: z.string().max(100).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      name: ReceiverName,
      url: z.url(),
      /** HMAC-SHA256 key of the `X-PulseTrace-Signature` header. */
      secret: z.string().min(16).max(500).optional(),
      headers: z.record(z.string().max(100), z.string().max(2000)).optional(),
      maxAttempts: z.number().int().min(1).max(20).default(8),
    })
    .strict(),
  z
    .object({
      type: z.literal('alertmanager'),
      name: ReceiverName,
      /** Alertmanager's base URL; alerts go to `<url>/api/v2/alerts`. */
      url: z.url(),
      /**
       * How often firing alerts are sent again (Prometheus' resend delay; default 1m), each with
       * endsAt = now + 4 × this, so Alertmanager keeps them active between sends (notify/).
       */
      resendDelay: Duration.optional(),
      bearerToken: z.string().max(2000).optional(),
      basicAuth: z
        .object({ username: z.string().max(200), password: z.string().max(2000) })
        .strict()
        .optional(),
    })
    .strict(),
]);
export type Receiver = z.infer<typeof Receiver>;
export const SECRET_FIELDS = ['url', 'secret', 'headers', 'bearerToken', 'basicAuth'] as const;

/** A rule file (`alert-rules/generated/pulsetrace-rules.json`, or YAML written by hand). */
export const RuleFile = z
  .object({
    apiVersion: z.literal(1),
    rules: z.array(AlertRule).max(500),
    overrides: z.array(RuleOverride).max(5000).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
    });
    file.overrides.forEach((o, i) => {
      if (!seen.has(o.rule))
        ctx.addIssue({
          code: 'custom',
          path: ['overrides', i, 'rule'],
          message: `no rule ${o.rule} in this file`,
        });
    });
  });
export type RuleFile = z.infer<typeof RuleFile>;
