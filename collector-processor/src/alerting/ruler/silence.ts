/**
 * Silences, as Alertmanager's: label matchers (=, !=, =~, !~ with anchored regular expressions)
 * and a time range. A silenced alert is still evaluated and recorded in the history; it is only
 * left out of notifications. Pure; the store and routes are silence-store.ts / silence-routes.ts.
 */
import { z } from 'zod';

export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const;

export const Matcher = z
  .object({
    name: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, { error: 'a label name, e.g. alertname or route' }),
    op: z.enum(MATCH_OPS, { error: `op is one of ${MATCH_OPS.join(' ')}` }).default('='),
    value: z.string().max(1000),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.op !== '=~' && m.op !== '!~') return;
    try {
      new RegExp(`^(?:${m.value})$`);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `"${m.value}" is not a valid regular expression`,
      });
    }
  });
export type Matcher = z.output<typeof Matcher>;

/** Body of POST /api/v1/projects/:id/silences. */
export const SilenceInput = z
  .object({
    matchers: z
      .array(Matcher)
      .min(1, 'a silence needs at least one matcher, e.g. {"name":"alertname","value":"New issue"}')
      .max(20),
    startsAt: z.iso.datetime({ error: 'startsAt is an ISO 8601 time, e.g. 2026-01-01T10:00:00Z' }).optional(),
    endsAt: z.iso.datetime({ error: 'endsAt is an ISO 8601 time, e.g. 2026-01-01T12:00:00Z' }),
    comment: z.string().max(2000).default(''),
  })
  .strict();
export type SilenceInput = z.output<typeof SilenceInput>;

export interface Silence {
  id: string;
  projectId: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
}

export function matches(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(v);
  }
}

/** Active at `now` ([startsAt, endsAt)) and every matcher matches. */
export function silences(s: Silence, labels: Record<string, string>, now: number): boolean {
  return now >= s.startsAt && now < s.endsAt && s.matchers.every((m) => matches(m, labels));
}

export function isSilenced(list: readonly Silence[], labels: Record<string, string>, now: number): boolean {
  return list.some((s) => silences(s, labels, now));
}

/** A silence as the API answers it. */
export function silenceView(s: Silence, now: number) {
  return {
    id: s.id,
    matchers: s.matchers,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
    createdAt: new Date(s.createdAt).toISOString(),
    status: now < s.startsAt ? 'pending' : now < s.endsAt ? 'active' : 'expired',
  };
}
