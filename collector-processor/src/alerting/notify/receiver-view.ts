/**
 * Receivers as the API shows and takes them. Secret fields (schema.ts SECRET_FIELDS: a Slack or
 * webhook URL, whose path is the credential; the signing secret; header values; Alertmanager's
 * URL and credentials) are write-only: an answer says they are set, never what they are.
 * A PUT may leave a secret out to keep the stored one, so changing a channel does not need the
 * hook URL again.
 */
import { z } from 'zod';
import { Receiver, ReceiverName, SECRET_FIELDS } from '../rules/schema';

/** `https://hooks.slack.com/…(set)`: the host tells which service, the path stays secret. */
export function maskUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…(set)`;
  } catch {
    return '(set)';
  }
}

/** A receiver with its secrets replaced by what the API may say about them. */
export function receiverView(r: Receiver): Record<string, unknown> {
  switch (r.type) {
    case 'slack':
      return {
        type: r.type,
        name: r.name,
        url: maskUrl(r.url),
        ...(r.channel ? { channel: r.channel } : {}),
      };
    case 'webhook':
      return {
        type: r.type,
        name: r.name,
        url: maskUrl(r.url),
        secretSet: r.secret !== undefined,
        headers: Object.fromEntries(Object.keys(r.headers ?? {}).map((h) => [h, '(set)'])),
        maxAttempts: r.maxAttempts,
      };
    case 'alertmanager':
      return {
        type: r.type,
        name: r.name,
        url: maskUrl(r.url),
        ...(r.resendDelay ? { resendDelay: r.resendDelay } : {}),
        bearerTokenSet: r.bearerToken !== undefined,
        basicAuthSet: r.basicAuth !== undefined,
      };
  }
}

/**
 * The body of PUT …/receivers/{name}: a receiver whose name comes from the path (a `name` in the
 * body must match it) and whose URL may be left out to keep the stored one.
 */
export const ReceiverBody = z.discriminatedUnion(
  'type',
  Receiver.options.map((o) =>
    o.extend({ name: ReceiverName.optional(), url: z.url().optional() }),
  ) as unknown as [(typeof Receiver.options)[number], ...(typeof Receiver.options)[number][]],
);

export type MergeResult = { receiver: Receiver } | { issues: z.ZodError } | { error: string };

/** The body merged with the stored receiver's secrets (same type only), then checked whole. */
export function mergeReceiver(
  name: string,
  body: Record<string, unknown>,
  stored: Receiver | undefined,
): MergeResult {
  if (body.name !== undefined && body.name !== name)
    return {
      error: `the body's name "${String(body.name)}" differs from the path's "${name}": drop it or make them equal`,
    };
  const merged: Record<string, unknown> = { ...body, name };
  if (stored && stored.type === body.type)
    for (const field of SECRET_FIELDS)
      if (merged[field] === undefined && (stored as Record<string, unknown>)[field] !== undefined)
        merged[field] = (stored as Record<string, unknown>)[field];
  const parsed = Receiver.safeParse(merged);
  return parsed.success ? { receiver: parsed.data } : { issues: parsed.error };
}
