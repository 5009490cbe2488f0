/**
 * Refuses JSON that is not an OTLP export request at all, before it is decoded to nothing and
 * answered 200 with nothing stored. The rule, precisely: a JSON object with at least one key,
 * none of which is the request's field for this signal (`resourceSpans` / `resourceLogs`, or the
 * proto names `resource_spans` / `resource_logs`), is refused. So `{}` (an empty request, which
 * OTLP says to accept) and an OTLP body with extra unknown fields (which OTLP/JSON parsers ignore)
 * are still accepted, while `{"foo":1}`, a Faro native payload or traces posted to /v1/logs are not.
 */
import type { Signal } from '../pipeline/types';

const REQUEST_FIELDS: Record<Signal, [string, string]> = {
  traces: ['resourceSpans', 'resource_spans'],
  logs: ['resourceLogs', 'resource_logs'],
};

/** Top-level keys of Grafana Faro's own transport payload, besides `meta`. */
const FARO_ITEMS = ['logs', 'exceptions', 'measurements', 'events', 'traces'];

const MAX_KEYS_SHOWN = 5;
const MAX_KEY_CHARS = 40;

/** Why `root` is not an export request for `signal`, or undefined when it may be one. */
export function notOtlpProblem(root: Record<string, unknown>, signal: Signal): string | undefined {
  const keys = Object.keys(root);
  if (keys.length === 0) return undefined;
  const [camel, snake] = REQUEST_FIELDS[signal];
  if (Object.hasOwn(root, camel) || Object.hasOwn(root, snake)) return undefined;
  const shown = keys
    .slice(0, MAX_KEYS_SHOWN)
    .map((k) => JSON.stringify(k.length > MAX_KEY_CHARS ? `${k.slice(0, MAX_KEY_CHARS)}…` : k))
    .join(', ');
  const more = keys.length > MAX_KEYS_SHOWN ? ` and ${keys.length - MAX_KEYS_SHOWN} more` : '';
  return `JSON body is not an OTLP ${signal} export request: expected a "${camel}" array, found ${shown}${more}${hint(root, signal)}`;
}

function hint(root: Record<string, unknown>, signal: Signal): string {
  const other: Signal = signal === 'traces' ? 'logs' : 'traces';
  const [otherCamel, otherSnake] = REQUEST_FIELDS[other];
  if (Object.hasOwn(root, otherCamel) || Object.hasOwn(root, otherSnake))
    return ` (${otherCamel} belong in /v1/${other})`;
  if (Object.hasOwn(root, 'resourceMetrics') || Object.hasOwn(root, 'resource_metrics'))
    return ' (metrics are not accepted: send traces to /v1/traces and logs to /v1/logs)';
  if (Object.hasOwn(root, 'meta') && FARO_ITEMS.some((k) => Object.hasOwn(root, k)))
    return " (this is Grafana Faro's own payload: post it to /collect/<ingest key>, or use Faro's OTLP transport)";
  return '';
}
