/**
 * Failed requests through Grafana's data proxy, classified and put in plain sentences. Grafana
 * changes some answers on the way: an upstream 401 arrives as 400 "Authentication to data source
 * failed", an unreachable processor as 502, a route the user's role may not use as 403 "plugin
 * proxy route access denied". The processor itself answers `{error: string}`.
 */
import { isRecord } from '../query/coerce';

export interface HttpFailure {
  status?: number;
  statusText?: string;
  data?: unknown;
  message?: string;
}

export type FailureKind = 'unreachable' | 'token' | 'role' | 'scope' | 'not_found' | 'invalid' | 'server' | 'unknown';

/** The processor's (or Grafana's) own words, if the answer had any. */
export function detailOf(failure: HttpFailure): string | undefined {
  const { data } = failure;
  if (typeof data === 'string' && data.trim() !== '') {
    return data.trim();
  }
  if (isRecord(data)) {
    for (const key of ['error', 'message']) {
      const value = data[key];
      if (typeof value === 'string' && value.trim() !== '') {
        return value.trim();
      }
    }
  }
  return failure.message;
}

export function toFailure(err: unknown): HttpFailure {
  if (isRecord(err)) {
    return {
      status: typeof err.status === 'number' ? err.status : undefined,
      statusText: typeof err.statusText === 'string' ? err.statusText : undefined,
      data: err.data,
      message: typeof err.message === 'string' ? err.message : undefined,
    };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

export function classify(failure: HttpFailure): FailureKind {
  const status = failure.status ?? 0;
  const detail = detailOf(failure) ?? '';
  if (/authentication to data source failed/i.test(detail) || status === 401) {
    return 'token';
  }
  if (status === 403) {
    // Grafana's refusal ("plugin proxy route access denied") comes as {message}, the processor's as {error}.
    return isProcessorAnswer(failure) ? 'scope' : 'role';
  }
  if (status === 404) {
    return 'not_found';
  }
  if (status === 400 || status === 422) {
    return 'invalid';
  }
  if (status === 0 || status === 502 || status === 503 || status === 504) {
    return 'unreachable';
  }
  if (status >= 500) {
    return 'server';
  }
  return 'unknown';
}

/** The processor answers `{error}`; Grafana's own errors are `{message}`. */
function isProcessorAnswer(failure: HttpFailure): boolean {
  return isRecord(failure.data) && typeof failure.data.error === 'string';
}

export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') {
    return t;
  }
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** What went wrong, for a panel or a message, with the token named by its role. */
export function describeFailure(failure: HttpFailure, role = 'read'): string {
  const detail = detailOf(failure);
  switch (classify(failure)) {
    case 'unreachable':
      return "Grafana could not reach the PulseTrace processor. Check that it is running and that the data source's URL is right (it is the address Grafana's server uses).";
    case 'token':
      return `The processor rejected the data source's ${role} token: it is wrong, revoked or expired. An admin can set a valid one in the data source settings.`;
    case 'role':
      return `Your Grafana role may not use the ${role} route of this data source.`;
    case 'scope':
      return sentence(`The ${role} token is not allowed to do this${detail ? `: ${detail}` : ''}`);
    case 'not_found':
      return detail && /project/i.test(detail)
        ? sentence(`${detail}: check the project id, and that the ${role} token was granted this project`)
        : sentence(
            `The processor does not know this address${detail ? ` (${detail})` : ''}: it may be older than this plugin`
          );
    case 'invalid':
      return sentence(`The processor could not run the query: ${detail ?? 'it was not valid'}`);
    case 'server':
      return sentence(`The processor failed to answer${detail ? `: ${detail}` : ''}`);
    default:
      return sentence(detail ?? 'The request to the PulseTrace processor failed');
  }
}
